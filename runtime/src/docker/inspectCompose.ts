// A running container's effective configuration (its `docker inspect` answer) written back as a compose
// service, so the runtime audit runs the same compose rules as the file checker: a container then shows
// the findings its service would, with the same rule ids. Only what inspect knows for sure is written;
// what compose would default (no user, no limits, the default network) is left out, as in a file.
import { stringify } from 'yaml';
import { z } from 'zod';

const stringList = z.array(z.string()).nullish().transform((v) => v ?? []);
const num = z.number().nullish().transform((v) => v ?? 0);
const str = z.string().nullish().transform((v) => v ?? '');

/** The inspect fields the audit reads, from the raw answer (the shared schema keeps fewer). */
export const auditInspectSchema = z.object({
  Name: str,
  Config: z.object({
    Image: str,
    User: str,
    Env: stringList,
    Cmd: stringList,
    Entrypoint: stringList,
    Labels: z.record(z.string(), z.string()).nullish().transform((v) => v ?? {}),
    Healthcheck: z
      .object({ Test: stringList, Interval: num, Timeout: num, Retries: num, StartPeriod: num })
      .nullish(),
  }),
  HostConfig: z.object({
    Privileged: z.boolean().nullish(),
    ReadonlyRootfs: z.boolean().nullish(),
    Memory: num,
    NanoCpus: num,
    CpuQuota: num,
    CpuPeriod: num,
    PidsLimit: num,
    ShmSize: num,
    CapAdd: stringList,
    CapDrop: stringList,
    SecurityOpt: stringList,
    NetworkMode: str,
    PidMode: str,
    IpcMode: str,
    UTSMode: str,
    UsernsMode: str,
    Tmpfs: z.record(z.string(), z.string()).nullish().transform((v) => v ?? {}),
    LogConfig: z.object({ Type: str, Config: z.record(z.string(), z.string()).nullish().transform((v) => v ?? {}) }).nullish(),
    RestartPolicy: z.object({ Name: str, MaximumRetryCount: num }).nullish(),
    PortBindings: z
      .record(z.string(), z.array(z.object({ HostIp: str, HostPort: str })).nullish())
      .nullish()
      .transform((v) => v ?? {}),
    DeviceRequests: z
      .array(z.object({ Driver: str, Count: num, DeviceIDs: stringList, Capabilities: z.array(z.array(z.string())).nullish().transform((v) => v ?? []) }))
      .nullish()
      .transform((v) => v ?? []),
  }),
  Mounts: z
    .array(z.object({ Type: str, Name: str, Source: str, Destination: str, RW: z.boolean().nullish() }))
    .nullish()
    .transform((v) => v ?? []),
  NetworkSettings: z.object({ Networks: z.record(z.string(), z.unknown()).nullish().transform((v) => v ?? {}) }).nullish(),
});
export type AuditInspect = z.infer<typeof auditInspectSchema>;

export interface ContainerAsCompose {
  /** Name of the service in `text`: the compose service label, else the container name. */
  service: string;
  /** A compose file with that one service (values as the engine holds them: never logged or shown). */
  text: string;
}

/** Docker writes an anonymous volume's name as 64 hex digits. */
const ANONYMOUS_VOLUME = /^[0-9a-f]{64}$/;
/** Networks a compose file gets without naming any (the project's default, or the engine's). */
const DEFAULT_NETWORK = /^(default|bridge)$|_default$/;

export function inspectToCompose(inspect: AuditInspect): ContainerAsCompose {
  const { Config: config, HostConfig: host } = inspect;
  const labelled = config.Labels['com.docker.compose.service'];
  const service = (labelled || inspect.Name.replace(/^\//, '') || 'container').replace(/[^A-Za-z0-9._-]/g, '_');
  const svc: Record<string, unknown> = {};
  const top: Record<string, Record<string, unknown>> = {};
  const declare = (section: string, name: string) => ((top[section] ??= {})[name] = { external: true });

  if (config.Image) svc.image = config.Image;
  if (config.User) svc.user = config.User;
  if (config.Entrypoint.length) svc.entrypoint = config.Entrypoint;
  if (config.Cmd.length) svc.command = config.Cmd;
  if (config.Env.length) svc.environment = config.Env;
  if (host.Privileged) svc.privileged = true;
  if (host.CapAdd.length) svc.cap_add = host.CapAdd;
  if (host.CapDrop.length) svc.cap_drop = host.CapDrop;
  if (host.SecurityOpt.length) svc.security_opt = host.SecurityOpt;
  if (host.ReadonlyRootfs) svc.read_only = true;
  if (host.PidsLimit > 0) svc.pids_limit = host.PidsLimit;
  if (host.ShmSize > 0) svc.shm_size = `${host.ShmSize}b`;
  for (const [key, mode] of [['pid', host.PidMode], ['ipc', host.IpcMode], ['uts', host.UTSMode], ['userns_mode', host.UsernsMode]] as const) {
    if (mode === 'host') svc[key] = 'host';
  }

  const networks = Object.keys(inspect.NetworkSettings?.Networks ?? {});
  if (host.NetworkMode === 'host' || host.NetworkMode === 'none') svc.network_mode = host.NetworkMode;
  else if (host.NetworkMode.startsWith('container:')) svc.network_mode = host.NetworkMode;
  else {
    const named = networks.filter((n) => !DEFAULT_NETWORK.test(n));
    if (named.length) {
      svc.networks = named;
      for (const n of named) declare('networks', n);
    }
  }

  const ports = Object.entries(host.PortBindings).flatMap(([containerPort, bindings]) =>
    (bindings ?? []).map((b) => {
      const ip = b.HostIp.includes(':') ? `[${b.HostIp}]` : b.HostIp;
      const target = containerPort.replace(/\/tcp$/, '');
      // `IP::PORT` keeps a random host port on that address; a bare `PORT` publishes on every interface.
      return ip ? `${ip}:${b.HostPort}:${target}` : b.HostPort ? `${b.HostPort}:${target}` : target;
    }),
  );
  if (ports.length) svc.ports = ports;

  const volumes: unknown[] = [];
  for (const m of inspect.Mounts) {
    if (m.Type === 'bind') volumes.push({ type: 'bind', source: m.Source, target: m.Destination, read_only: m.RW === false || undefined });
    else if (m.Type === 'volume' && ANONYMOUS_VOLUME.test(m.Name)) volumes.push({ type: 'volume', target: m.Destination });
    else if (m.Type === 'volume') {
      volumes.push({ type: 'volume', source: m.Name, target: m.Destination, read_only: m.RW === false || undefined });
      declare('volumes', m.Name);
    }
  }
  if (volumes.length) svc.volumes = volumes;
  const tmpfs = [...Object.keys(host.Tmpfs), ...inspect.Mounts.filter((m) => m.Type === 'tmpfs').map((m) => m.Destination)];
  if (tmpfs.length) svc.tmpfs = [...new Set(tmpfs)];

  const limits: Record<string, unknown> = {};
  if (host.Memory > 0) limits.memory = `${host.Memory}b`;
  const cpus = host.NanoCpus > 0 ? host.NanoCpus / 1e9 : host.CpuQuota > 0 && host.CpuPeriod > 0 ? host.CpuQuota / host.CpuPeriod : 0;
  if (cpus > 0) limits.cpus = String(Math.round(cpus * 1000) / 1000);
  const devices = host.DeviceRequests.map((d) => ({
    ...(d.Driver ? { driver: d.Driver } : {}),
    ...(d.DeviceIDs.length ? { device_ids: d.DeviceIDs } : { count: d.Count < 0 ? 'all' : d.Count }),
    capabilities: d.Capabilities.flat(),
  }));
  if (Object.keys(limits).length || devices.length) {
    svc.deploy = { resources: { ...(Object.keys(limits).length ? { limits } : {}), ...(devices.length ? { reservations: { devices } } : {}) } };
  }

  const log = host.LogConfig;
  if (log?.Type) svc.logging = { driver: log.Type, ...(Object.keys(log.Config).length ? { options: log.Config } : {}) };
  const restart = host.RestartPolicy;
  if (restart?.Name && restart.Name !== 'no') svc.restart = restart.Name === 'on-failure' && restart.MaximumRetryCount > 0 ? `on-failure:${restart.MaximumRetryCount}` : restart.Name;

  const hc = config.Healthcheck;
  if (hc?.Test.length) {
    svc.healthcheck =
      hc.Test[0] === 'NONE'
        ? { disable: true }
        : {
            test: hc.Test,
            ...(hc.Interval ? { interval: duration(hc.Interval) } : {}),
            ...(hc.Timeout ? { timeout: duration(hc.Timeout) } : {}),
            ...(hc.Retries ? { retries: hc.Retries } : {}),
            ...(hc.StartPeriod ? { start_period: duration(hc.StartPeriod) } : {}),
          };
  }
  const doc = { services: { [service]: svc }, ...top };
  return { service, text: stringify(doc, { lineWidth: 0 }) };
}

/** Nanoseconds as a compose duration (whole milliseconds are exact enough for every rule). */
function duration(ns: number): string {
  const ms = Math.round(ns / 1e6);
  return ms % 1000 === 0 ? `${ms / 1000}s` : `${ms}ms`;
}
