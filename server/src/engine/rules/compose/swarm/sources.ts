/**
 * Where the Swarm rules' facts come from. `docker stack deploy` converts the compose file in the
 * CLI (here docker 28.2.2) and sends service specs to the engine (here 20.10, API 1.41): what the
 * CLI drops never reaches the engine, what the engine's API lacks is dropped by it.
 */
const CLI = 'https://github.com/docker/cli/blob/v28.2.2';

export const SWARM_SOURCES = {
  /** UnsupportedProperties (ignored with a warning), DeprecatedProperties, ForbiddenProperties. */
  unsupported: `${CLI}/cli/compose/types/types.go`,
  /** Prints "Ignoring unsupported options: …" and refuses a service without an image. */
  loader: `${CLI}/cli/command/stack/loader/loader.go`,
  /** The Compose v3 schema stack deploy validates against (3.13 when the file has no version). */
  schema: `${CLI}/cli/compose/schema/data/config_schema_v3.13.json`,
  /** The compose → service spec conversion: every key that reaches a task is read here. */
  convert: `${CLI}/cli/compose/convert/service.go`,
  /** A host IP in a short port ("127.0.0.1:80:80") is dropped: "service will listen on '0.0.0.0'". */
  ports: `${CLI}/opts/swarmopts/port.go`,
  /** The manager's check of a service's endpoint: ingress-mode ports need the VIP, so not with dnsrr. */
  endpointSpec: 'https://github.com/moby/swarmkit/blob/master/manager/controlapi/service.go',
  stackDeploy: 'https://docs.docker.com/reference/cli/docker/stack/deploy/',
  serviceCreate: 'https://docs.docker.com/reference/cli/docker/service/create/',
  rollingUpdate: 'https://docs.docker.com/engine/swarm/swarm-tutorial/rolling-update/',
  placement: 'https://docs.docker.com/engine/swarm/services/#control-service-placement',
  secrets: 'https://docs.docker.com/engine/swarm/secrets/',
  ingress: 'https://docs.docker.com/engine/swarm/ingress/',
  dockerd: 'https://docs.docker.com/reference/cli/dockerd/',
  genericResources: 'https://docs.docker.com/reference/cli/docker/service/create/#generic-resources',
} as const;
