// Runtime hardening audit of one container, from its inspect answer: docker-bench-security section 5
// for the settings our static compose rules also check, named with the same rule ids so the user can
// jump from the live problem to the compose key that causes it.
import type { ContainerInspect } from './schemas';

export interface AuditFinding {
  /** Rule id of the matching compose rule (see design/rules-catalog.md). */
  ruleId: string;
  /** CIS Docker Benchmark item. */
  cis: string;
  message: string;
  /** Compose key under the service that fixes it, for "go to compose service". */
  composeKey: string;
}

const WILDCARD_IPS = new Set(['', '0.0.0.0', '::', '[::]']);

export function auditContainer(c: ContainerInspect): AuditFinding[] {
  const out: AuditFinding[] = [];
  const host = c.HostConfig;
  if (host.Privileged) {
    out.push({ ruleId: 'no-privileged', cis: '5.5', message: 'runs privileged', composeKey: 'privileged' });
  }
  if (isRootUser(c.Config.User)) {
    out.push({
      ruleId: 'non-root-user',
      cis: '4.1',
      message: c.Config.User ? `runs as root (user "${c.Config.User}")` : 'runs as root (no user set)',
      composeKey: 'user',
    });
  }
  if (host.Memory <= 0) {
    out.push({ ruleId: 'memory-limit', cis: '5.11', message: 'has no memory limit', composeKey: 'deploy' });
  }
  if (!host.ReadonlyRootfs) {
    out.push({ ruleId: 'read-only-rootfs', cis: '5.13', message: 'has a writable root filesystem', composeKey: 'read_only' });
  }
  if (host.CapAdd.length > 0) {
    out.push({ ruleId: 'cap-add-minimal', cis: '5.4', message: `adds capabilities: ${host.CapAdd.join(', ')}`, composeKey: 'cap_add' });
  }
  const wildcard = wildcardPorts(c);
  if (wildcard.length > 0) {
    out.push({
      ruleId: 'port-host-ip-required',
      cis: '5.14',
      message: `publishes on all interfaces: ${wildcard.join(', ')}`,
      composeKey: 'ports',
    });
  }
  if (!hasHealthcheck(c)) {
    out.push({ ruleId: 'healthcheck-required', cis: '5.27', message: 'has no healthcheck', composeKey: 'healthcheck' });
  }
  return out;
}

export function isRootUser(user: string): boolean {
  const name = user.split(':')[0]?.trim() ?? '';
  return name === '' || name === 'root' || name === '0';
}

export function hasHealthcheck(c: ContainerInspect): boolean {
  const test = c.Config.Healthcheck?.Test ?? [];
  return test.length > 0 && test[0] !== 'NONE';
}

/** Host bindings on 0.0.0.0/::, e.g. `0.0.0.0:8080->80/tcp`. Uses the configured bindings, which exist
 * for stopped containers too. */
function wildcardPorts(c: ContainerInspect): string[] {
  const out: string[] = [];
  for (const [containerPort, bindings] of Object.entries(c.HostConfig.PortBindings)) {
    for (const b of bindings ?? []) {
      if (WILDCARD_IPS.has(b.HostIp)) out.push(`${b.HostIp || '0.0.0.0'}:${b.HostPort || '(random)'}->${containerPort}`);
    }
  }
  return out;
}
