// The parts of the Docker Engine API answers this feature relies on. An engine that answers oddly
// (a Podman version, a proxy, a future API) then gives a clear message naming the field, not a crash.
import { z } from 'zod';

const labels = z.record(z.string(), z.string()).nullish().transform((v) => v ?? {});
const stringList = z.array(z.string()).nullish().transform((v) => v ?? []);

/** Bind mounts (where a proxy's config directory lives on the host). */
function mountList() {
  return z
    .array(z.object({ Type: z.string().default(''), Source: z.string().default(''), Destination: z.string().default('') }))
    .nullish()
    .transform((v) => v ?? []);
}

/** The container's address on each network (which one a proxy upstream points at). */
function networkIps() {
  return z
    .record(z.string(), z.object({ IPAddress: z.string().default('') }).nullish())
    .nullish()
    .transform((v) => Object.values(v ?? {}).flatMap((n) => (n?.IPAddress ? [n.IPAddress] : [])));
}

export const containerSummarySchema = z.object({
  Id: z.string().min(1),
  Names: stringList,
  Image: z.string().default(''),
  State: z.string().default('unknown'),
  Status: z.string().default(''),
  Created: z.number().default(0),
  Labels: labels,
  Ports: z
    .array(
      z.object({
        IP: z.string().optional(),
        PrivatePort: z.number(),
        PublicPort: z.number().optional(),
        Type: z.string().default('tcp'),
      }),
    )
    .nullish()
    .transform((v) => v ?? []),
  Mounts: mountList(),
  NetworkSettings: z.object({ Networks: networkIps() }).nullish(),
});
export type ContainerSummary = z.infer<typeof containerSummarySchema>;
export const containerListSchema = z.array(containerSummarySchema);

const healthLogEntry = z.object({
  Start: z.string().default(''),
  End: z.string().default(''),
  ExitCode: z.number().default(-1),
  Output: z.string().default(''),
});

const portBindings = z
  .record(z.string(), z.array(z.object({ HostIp: z.string().default(''), HostPort: z.string().default('') })).nullish())
  .nullish()
  .transform((v) => v ?? {});

export const containerInspectSchema = z.object({
  Id: z.string().min(1),
  Name: z.string().default(''),
  Created: z.string().default(''),
  Image: z.string().default(''),
  RestartCount: z.number().default(0),
  State: z.object({
    Status: z.string().default('unknown'),
    Running: z.boolean().default(false),
    Paused: z.boolean().default(false),
    Restarting: z.boolean().default(false),
    OOMKilled: z.boolean().default(false),
    Dead: z.boolean().default(false),
    ExitCode: z.number().default(0),
    Error: z.string().default(''),
    StartedAt: z.string().default(''),
    FinishedAt: z.string().default(''),
    Health: z
      .object({
        Status: z.string().default('none'),
        FailingStreak: z.number().default(0),
        Log: z.array(healthLogEntry).nullish().transform((v) => v ?? []),
      })
      .nullish(),
  }),
  Config: z.object({
    Image: z.string().default(''),
    User: z.string().default(''),
    Labels: labels,
    Env: stringList,
    Healthcheck: z.object({ Test: stringList }).nullish(),
  }),
  HostConfig: z.object({
    Privileged: z.boolean().default(false),
    ReadonlyRootfs: z.boolean().default(false),
    Memory: z.number().default(0),
    NanoCpus: z.number().default(0),
    CpuQuota: z.number().default(0),
    CpuPeriod: z.number().default(0),
    CpuShares: z.number().default(0),
    CapAdd: stringList,
    NetworkMode: z.string().default(''),
    PortBindings: portBindings,
    RestartPolicy: z.object({ Name: z.string().default(''), MaximumRetryCount: z.number().default(0) }).nullish(),
    DeviceRequests: z
      .array(
        z.object({
          Driver: z.string().default(''),
          Count: z.number().default(0),
          DeviceIDs: stringList,
          Capabilities: z.array(z.array(z.string())).nullish().transform((v) => v ?? []),
        }),
      )
      .nullish()
      .transform((v) => v ?? []),
    /** Device nodes passed in (`devices:`): AMD/Intel GPUs arrive as /dev/kfd and /dev/dri. */
    Devices: z
      .array(z.object({ PathOnHost: z.string().default(''), PathInContainer: z.string().default('') }))
      .nullish()
      .transform((v) => v ?? []),
  }),
  Mounts: mountList(),
  NetworkSettings: z.object({ Ports: portBindings, Networks: networkIps() }).nullish(),
});
export type ContainerInspect = z.infer<typeof containerInspectSchema>;

export const containerEventSchema = z.object({
  Type: z.string().default('container'),
  Action: z.string().min(1),
  Actor: z.object({ ID: z.string().min(1), Attributes: labels }),
  time: z.number().default(0),
  timeNano: z.number().optional(),
});
export type ContainerEvent = z.infer<typeof containerEventSchema>;

export const containerStatsSchema = z.object({
  read: z.string().default(''),
  /** Not from the engine: GPU memory of the container's processes, filled in from nvidia-smi where the host has it. */
  gpuMemoryBytes: z.number().optional(),
  memory_stats: z.object({ usage: z.number().optional(), limit: z.number().optional() }).default({}),
  cpu_stats: z
    .object({
      cpu_usage: z.object({ total_usage: z.number().default(0) }).default({ total_usage: 0 }),
      system_cpu_usage: z.number().optional(),
      online_cpus: z.number().optional(),
    })
    .default({ cpu_usage: { total_usage: 0 } }),
  precpu_stats: z
    .object({
      cpu_usage: z.object({ total_usage: z.number().default(0) }).default({ total_usage: 0 }),
      system_cpu_usage: z.number().optional(),
    })
    .default({ cpu_usage: { total_usage: 0 } }),
  pids_stats: z.object({ current: z.number().optional() }).nullish(),
});
export type ContainerStats = z.infer<typeof containerStatsSchema>;

/** Raised when the engine's answer does not have the shape we rely on; the message names the field. */
export class EngineAnswerError extends Error {
  override name = 'EngineAnswerError';
}

export function parseAnswer<T>(schema: z.ZodType<T>, value: unknown, what: string): T {
  const result = schema.safeParse(value);
  if (result.success) return result.data;
  const issue = result.error.issues[0];
  const where = issue?.path.length ? issue.path.join('.') : '(top level)';
  throw new EngineAnswerError(`The Docker engine sent an unexpected ${what}: ${where}: ${issue?.message ?? 'invalid'}`);
}
