// GPU assignment of a container as the engine stores it (inspect: HostConfig.DeviceRequests, GPU
// device nodes, NVIDIA_VISIBLE_DEVICES), and GPU memory per container from nvidia-smi where the host
// has it. Absent nvidia-smi is the normal case on machines without NVIDIA GPUs: no error, no noise.
import { execFile } from 'node:child_process';
import { readFile } from 'node:fs/promises';
import type { ContainerInspect } from './schemas';

export interface GpuRequestInfo {
  driver: string;
  /** 'all' (Count -1), a number of GPUs, or the listed device ids. */
  count: number | 'all';
  deviceIds: string[];
  capabilities: string[];
}

export interface GpuAssignment {
  requests: GpuRequestInfo[];
  /** GPU device nodes on the host (/dev/kfd, /dev/dri/…, /dev/nvidia0). */
  devices: string[];
  /** NVIDIA_VISIBLE_DEVICES as set in the container (decides the GPUs under the NVIDIA runtime). */
  visibleDevices?: string;
}

const GPU_NODE = /^\/dev\/(kfd|dri)(\/|$)|^\/dev\/nvidia\d+$/;

/** The container's GPUs as the engine stores them, or undefined when it has none. */
export function gpuAssignment(c: ContainerInspect): GpuAssignment | undefined {
  const requests = c.HostConfig.DeviceRequests
    .filter((r) => r.Driver === 'nvidia' || r.Capabilities.some((caps) => caps.includes('gpu')))
    .map((r) => ({ driver: r.Driver || 'default', count: r.Count === -1 ? ('all' as const) : r.Count, deviceIds: r.DeviceIDs, capabilities: [...new Set(r.Capabilities.flat())] }));
  const devices = c.HostConfig.Devices.map((d) => d.PathOnHost).filter((p) => GPU_NODE.test(p));
  // Only this variable is read from the environment: it names GPUs, never a secret.
  const visible = c.Config.Env.find((e) => e.startsWith('NVIDIA_VISIBLE_DEVICES='))?.slice('NVIDIA_VISIBLE_DEVICES='.length);
  const visibleDevices = visible && visible !== 'void' ? visible : undefined;
  if (!requests.length && !devices.length && visibleDevices === undefined) return undefined;
  return { requests, devices, visibleDevices };
}

/** "nvidia ×1", "nvidia all GPUs", "nvidia GPU 0,1", "devices /dev/kfd, /dev/dri", joined by "; ". */
export function gpuText(a: GpuAssignment): string {
  const parts = a.requests.map((r) => `${r.driver} ${r.deviceIds.length ? `GPU ${r.deviceIds.join(',')}` : r.count === 'all' ? 'all GPUs' : `×${r.count}`}`);
  if (a.devices.length) parts.push(`devices ${a.devices.join(', ')}`);
  if (a.visibleDevices !== undefined) parts.push(`NVIDIA_VISIBLE_DEVICES=${a.visibleDevices}`);
  return parts.join('; ');
}

/** Runs a program with an argument array; resolves its stdout, or undefined when it is not installed. */
export type Runner = (file: string, args: string[]) => Promise<string | undefined>;

export const runProgram: Runner = (file, args) =>
  new Promise((resolve, reject) => {
    execFile(file, args, { timeout: 5_000, maxBuffer: 1 << 20 }, (err, stdout) => {
      if (!err) return resolve(stdout);
      if ((err as NodeJS.ErrnoException).code === 'ENOENT') return resolve(undefined); // not installed
      reject(err);
    });
  });

/** Parses `nvidia-smi --query-compute-apps=pid,used_memory --format=csv,noheader,nounits` (MiB). */
export function parseComputeApps(csv: string): { pid: number; usedBytes: number }[] {
  const out: { pid: number; usedBytes: number }[] = [];
  for (const line of csv.split('\n')) {
    const [pid, mib] = line.split(',').map((x) => x.trim());
    if (/^\d+$/.test(pid ?? '') && /^\d+$/.test(mib ?? '')) out.push({ pid: Number(pid), usedBytes: Number(mib) * 1024 * 1024 });
  }
  return out;
}

/** The container id in a /proc/<pid>/cgroup text (cgroup v1 and v2, docker-<id>.scope or /docker/<id>). */
export function containerIdInCgroup(text: string): string | undefined {
  return text.match(/(?:docker[-/])([0-9a-f]{64})/)?.[1];
}

/**
 * GPU memory used per container id (bytes), summed over the container's processes that nvidia-smi
 * lists. Undefined when nvidia-smi is not installed (it is then not asked again) or fails. nvidia-smi
 * reports host pids, so this works where the extension runs on the engine's host (a local engine).
 */
export class GpuMemoryReader {
  private absent = false;

  constructor(
    private readonly run: Runner = runProgram,
    private readonly cgroupOf: (pid: number) => Promise<string | undefined> = (pid) => readFile(`/proc/${pid}/cgroup`, 'utf8').catch(() => undefined),
  ) {}

  /** False once nvidia-smi was found missing. */
  get available(): boolean {
    return !this.absent;
  }

  async read(): Promise<Map<string, number> | undefined> {
    if (this.absent) return undefined;
    let csv: string | undefined;
    try {
      csv = await this.run('nvidia-smi', ['--query-compute-apps=pid,used_memory', '--format=csv,noheader,nounits']);
    } catch {
      return undefined; // driver not loaded, no GPU: nothing to show
    }
    if (csv === undefined) {
      this.absent = true;
      return undefined;
    }
    const byContainer = new Map<string, number>();
    for (const app of parseComputeApps(csv)) {
      const id = containerIdInCgroup((await this.cgroupOf(app.pid)) ?? '');
      if (id) byContainer.set(id, (byContainer.get(id) ?? 0) + app.usedBytes);
    }
    return byContainer;
  }
}
