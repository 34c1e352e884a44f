// How a container looks in the tree: icon, colour, description, context value and the tooltip text.
// Pure (no vscode import) so it is unit-tested; treeProvider.ts turns these into TreeItems.
import type { ContainerItem, Health } from '../../../runtime/src';
import { isRunningLike } from '../../../runtime/src';
import type { ContainerInspect, ContainerStats } from '../../../runtime/src';
import { gpuAssignment, gpuText } from '../../../runtime/src';

export interface IconSpec {
  /** Codicon id for ThemeIcon. */
  id: string;
  /** Theme colour id for ThemeColor. */
  color?: string;
}

export function containerIcon(c: ContainerItem): IconSpec {
  switch (c.state) {
    case 'running':
      return healthIcon(c.health);
    case 'paused':
      return { id: 'debug-pause', color: 'charts.yellow' };
    case 'restarting':
      return { id: 'sync~spin', color: 'charts.orange' };
    case 'exited':
    case 'dead':
      if (c.oomKilled) return { id: 'flame', color: 'errorForeground' };
      if (c.exitCode !== undefined && c.exitCode !== 0) return { id: 'circle-slash', color: 'errorForeground' };
      return { id: 'circle-outline', color: 'disabledForeground' };
    default:
      return { id: 'circle-outline', color: 'disabledForeground' };
  }
}

function healthIcon(h: Health): IconSpec {
  switch (h) {
    case 'healthy':
      return { id: 'pass-filled', color: 'testing.iconPassed' };
    case 'unhealthy':
      return { id: 'error', color: 'testing.iconFailed' };
    case 'starting':
      return { id: 'loading~spin', color: 'charts.yellow' };
    default:
      return { id: 'circle-filled', color: 'charts.green' };
  }
}

/** Short state text next to the name: "healthy", "unhealthy", "exited (3)", "exited (137, OOM killed)". */
export function containerDescription(c: ContainerItem): string {
  const text = stateText(c);
  return c.gpu ? `${text} · GPU ${c.gpu}` : text;
}

function stateText(c: ContainerItem): string {
  if (c.state === 'running') return c.health === 'none' ? 'running' : c.health;
  if (c.state === 'exited' || c.state === 'dead') {
    const parts = [c.exitCode !== undefined ? String(c.exitCode) : undefined, c.oomKilled ? 'OOM killed' : undefined].filter(Boolean);
    return parts.length ? `${c.state} (${parts.join(', ')})` : c.state;
  }
  return c.state;
}

/** Must match the `viewItem` patterns of package.json menus. */
export function containerContextValue(c: ContainerItem): string {
  const base = isRunningLike(c.state) ? 'container-running' : 'container-stopped';
  return c.project && c.service ? `${base}-compose` : base;
}

/** "3 containers · 1 unhealthy" for project and service rows. */
export function groupDescription(items: ContainerItem[]): string {
  const running = items.filter((i) => isRunningLike(i.state)).length;
  const unhealthy = items.filter((i) => i.state === 'running' && i.health === 'unhealthy').length;
  const parts = [`${running}/${items.length} running`];
  if (unhealthy) parts.push(`${unhealthy} unhealthy`);
  return parts.join(' · ');
}

export function groupIcon(items: ContainerItem[], fallback: string): IconSpec {
  if (items.some((i) => i.state === 'running' && i.health === 'unhealthy')) return { id: fallback, color: 'testing.iconFailed' };
  if (items.some((i) => i.oomKilled || (i.state === 'exited' && i.exitCode !== undefined && i.exitCode !== 0))) {
    return { id: fallback, color: 'list.warningForeground' };
  }
  return { id: fallback };
}

const MAX_OUTPUT = 160;

/** Markdown for the rich tooltip. Text from the container (probe output, names) is escaped or fenced;
 * environment variables and commands are never shown (they may carry secrets). */
export function containerTooltip(c: ContainerItem, d: ContainerInspect | undefined, stats: ContainerStats | undefined, now = Date.now()): string {
  const lines: string[] = [];
  lines.push(`**${escapeMd(c.name)}** — ${escapeMd(containerDescription(c))}`, '');
  lines.push(`- Image: \`${code(c.image)}\``);
  if (c.project) lines.push(`- Compose: project \`${code(c.project)}\`, service \`${code(c.service ?? '?')}\``);
  if (d) {
    const s = d.State;
    if (s.Running && s.StartedAt) lines.push(`- Up ${duration(now - Date.parse(s.StartedAt))} (since ${s.StartedAt.slice(0, 19).replace('T', ' ')} UTC)`);
    if (!s.Running && s.FinishedAt && !s.FinishedAt.startsWith('0001')) {
      lines.push(`- Exited with code ${s.ExitCode}${s.OOMKilled ? ', **killed for running out of memory (OOM)**' : ''} ${duration(now - Date.parse(s.FinishedAt))} ago`);
    }
    if (s.Error) lines.push(`- Error: ${escapeMd(s.Error)}`);
    lines.push(`- Restarts: ${d.RestartCount}${d.HostConfig.RestartPolicy?.Name ? ` (policy \`${code(d.HostConfig.RestartPolicy.Name)}\`)` : ''}`);
  }
  if (c.ports.length) lines.push(`- Ports: ${c.ports.map(portText).join(', ')}`);
  if (d) {
    lines.push(`- Memory limit: ${d.HostConfig.Memory > 0 ? bytes(d.HostConfig.Memory) : 'none'}${stats?.memory_stats.usage ? ` (using ${bytes(stats.memory_stats.usage)})` : ''}`);
    lines.push(`- CPU limit: ${cpuLimit(d)}${stats ? ` (using ${cpuPercent(stats)})` : ''}`);
    const gpu = gpuAssignment(d);
    if (gpu) lines.push(`- GPU: ${escapeMd(gpuText(gpu))}${stats?.gpuMemoryBytes !== undefined ? ` (using ${bytes(stats.gpuMemoryBytes)} GPU memory)` : ''}`);
    const h = d.State.Health;
    if (h && h.Status !== 'none') {
      lines.push('', `**Health: ${h.Status}**${h.FailingStreak ? `, failing streak ${h.FailingStreak}` : ''}`);
      const recent = h.Log.slice(-3).reverse();
      for (const probe of recent) {
        const output = probe.Output.trim().replace(/\s+/g, ' ').slice(0, MAX_OUTPUT) || '(no output)';
        lines.push(`- ${probe.Start.slice(11, 19)} exit ${probe.ExitCode}: \`${code(output)}\``);
      }
    } else if (c.state === 'running') {
      lines.push('', '_No healthcheck: the state says only that the process runs._');
    }
  } else {
    lines.push('', '_Loading details…_');
  }
  return lines.join('\n');
}

function portText(p: ContainerItem['ports'][number]): string {
  return p.hostPort ? `${p.hostIp || '0.0.0.0'}:${p.hostPort}→${p.containerPort}/${p.protocol}` : `${p.containerPort}/${p.protocol}`;
}

function cpuLimit(d: ContainerInspect): string {
  const h = d.HostConfig;
  if (h.NanoCpus > 0) return `${+(h.NanoCpus / 1e9).toFixed(2)} CPUs`;
  if (h.CpuQuota > 0 && h.CpuPeriod > 0) return `${+(h.CpuQuota / h.CpuPeriod).toFixed(2)} CPUs`;
  if (h.CpuShares > 0) return `none (shares ${h.CpuShares})`;
  return 'none';
}

function cpuPercent(s: ContainerStats): string {
  const cpu = s.cpu_stats.cpu_usage.total_usage - s.precpu_stats.cpu_usage.total_usage;
  const system = (s.cpu_stats.system_cpu_usage ?? 0) - (s.precpu_stats.system_cpu_usage ?? 0);
  if (cpu <= 0 || system <= 0) return '0% CPU';
  return `${((cpu / system) * (s.cpu_stats.online_cpus ?? 1) * 100).toFixed(1)}% CPU`;
}

export function bytes(n: number): string {
  const units = ['B', 'KiB', 'MiB', 'GiB', 'TiB'];
  let i = 0;
  while (n >= 1024 && i < units.length - 1) {
    n /= 1024;
    i++;
  }
  return `${+n.toFixed(1)} ${units[i]}`;
}

export function duration(ms: number): string {
  if (!Number.isFinite(ms) || ms < 0) return '?';
  const s = Math.floor(ms / 1000);
  if (s < 60) return `${s}s`;
  const m = Math.floor(s / 60);
  if (m < 60) return `${m}m ${s % 60}s`;
  const h = Math.floor(m / 60);
  if (h < 48) return `${h}h ${m % 60}m`;
  return `${Math.floor(h / 24)}d ${h % 24}h`;
}

function escapeMd(s: string): string {
  return s.replace(/[\\`*_{}[\]()#+\-.!|<>]/g, '\\$&');
}

/** Inline code cannot contain backticks; replace them rather than break out of the span. */
function code(s: string): string {
  return s.replace(/`/g, "'");
}
