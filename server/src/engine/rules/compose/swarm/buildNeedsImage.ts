import { SWARM_SOURCES } from './sources';
import { ignoredKeyRule } from './ignoredKey';

export const swarmBuildNeedsImage = ignoredKeyRule({
  id: 'swarm-build-needs-image',
  key: 'build',
  title: 'Swarm does not build: a service needs an image',
  rationale: `\`docker stack deploy\` ignores \`build\` (${SWARM_SOURCES.unsupported}) and refuses a service without an image ("invalid image reference for service …: no image specified", ${SWARM_SOURCES.loader}). Nodes pull the image by name, so it must be built and pushed to a registry every node can reach (or loaded into every node's engine) before the deploy, and named in \`image:\` with a tag that changes per release.`,
  defaultSeverity: 'warning',
  message: (svc) =>
    svc.get(['image'])
      ? `Swarm ignores build of "${svc.name}": every node must already have its image (push it to a registry, or load it on each node) before docker stack deploy.`
      : `docker stack deploy refuses "${svc.name}": it has build but no image ("no image specified"). Build and push the image, and name it in image:.`,
});
