/**
 * `restart` under Swarm: the CLI warns that it ignores it, yet converts it when there is no
 * deploy.restart_policy (always/unless-stopped → any, on-failure[:N] → on-failure, no → Swarm's
 * default, which is any). So "no" restarts a finished job forever, and a restart_policy makes it dead text.
 */
import type { ComposeContext } from '../../../compose/context';
import { fileStyle, isMap, isScalar, deletePair, setPath } from '../../../edits/yamlEdit';
import type { Rule } from '../../../rule';
import { atKey, serviceOf, servicesOf } from '../../shared/util';
import { SWARM_SOURCES } from './sources';

/** The deploy.restart_policy that does what `restart: value` meant. */
export function restartPolicyFor(value: unknown): { condition: string; max_attempts?: number } | undefined {
  const text = value === false ? 'no' : String(value ?? '').trim();
  if (text === 'no') return { condition: 'none' };
  if (text === 'always' || text === 'unless-stopped') return { condition: 'any' };
  const m = text.match(/^on-failure(?::(\d+))?$/);
  if (m) return m[1] ? { condition: 'on-failure', max_attempts: Number(m[1]) } : { condition: 'on-failure' };
  return undefined;
}

export const swarmRestartIgnored: Rule<ComposeContext> = {
  id: 'swarm-restart-ignored',
  kind: 'compose',
  targets: ['swarm'],
  title: 'Write deploy.restart_policy, not restart, for Swarm',
  rationale: `\`docker stack deploy\` prints "Ignoring unsupported options: restart" (${SWARM_SOURCES.unsupported}), but its conversion still reads \`restart\` when \`deploy.restart_policy\` is absent (${SWARM_SOURCES.convert}): \`always\` and \`unless-stopped\` become condition \`any\`, \`on-failure[:N]\` becomes \`on-failure\` with N attempts, and \`no\` becomes no policy at all, which Swarm treats as its default, \`any\` (${SWARM_SOURCES.serviceCreate}): a one-shot job with \`restart: "no"\` is restarted every time it finishes. With a \`deploy.restart_policy\` the \`restart\` key is dead text. Write \`deploy.restart_policy\` (condition, delay, max_attempts, window) and drop \`restart\`.`,
  defaultSeverity: 'warning',
  fixDescription: 'Replaces `restart` with the equivalent `deploy.restart_policy` (no → condition none, always/unless-stopped → any, on-failure:N → on-failure with max_attempts N); removes `restart` when a restart_policy exists.',
  *check(ctx) {
    for (const svc of servicesOf(ctx)) {
      const ref = svc.get(['restart']);
      if (!ref) continue;
      const policy = restartPolicyFor(ref.js);
      if (svc.get(['deploy', 'restart_policy'])) {
        yield atKey(svc, ref, `Swarm ignores restart of "${svc.name}": deploy.restart_policy decides. Remove restart.`, { kind: 'shadowed' });
      } else if (policy?.condition === 'none') {
        yield atKey(svc, ref, `Swarm restarts "${svc.name}" after it exits: restart: "no" is ignored and its default policy is "any". Set deploy.restart_policy.condition: none.`, { kind: 'convert' });
      } else {
        yield { ...atKey(svc, ref, `Swarm warns that it ignores restart of "${svc.name}" (it only reads it as a fallback): write deploy.restart_policy${policy ? ` with condition: ${policy.condition}` : ''}.`, { kind: 'convert' }), severity: 'info' };
      }
    }
  },
  fix(ctx, finding) {
    const svc = serviceOf(ctx, finding);
    const ref = svc?.get(['restart']);
    if (!svc?.node || !ref || ref.via || !isScalar(ref.keyNode) || ref.file !== svc.file) return undefined;
    const removal = deletePair(svc.file, svc.node, 'restart');
    if (!removal) return undefined;
    if (finding.data?.kind === 'shadowed') return { title: 'Remove restart (deploy.restart_policy decides)', edits: [removal], safe: true };
    const policy = restartPolicyFor(ref.js);
    if (!policy) return undefined;
    const title = `Replace restart with deploy.restart_policy (condition: ${policy.condition})`;
    const deploy = svc.get(['deploy']);
    if (deploy) {
      if (deploy.via || !isMap(deploy.node)) return undefined;
      const insert = setPath(svc.file, svc.node, ['deploy', 'restart_policy'], policy);
      return insert ? { title, edits: [removal, insert], safe: true } : undefined;
    }
    // No deploy yet: the restart pair becomes the deploy block, in place.
    const start = ref.keyNode.range![0];
    const end = ref.node?.range ? ref.node.range[1] : ref.keyNode.range![1];
    const col = start - svc.file.text.lastIndexOf('\n', start - 1) - 1;
    const unit = ' '.repeat(fileStyle(svc.file).unit);
    const pad = ' '.repeat(col);
    const lines = [`deploy:`, `${pad}${unit}restart_policy:`, `${pad}${unit}${unit}condition: ${policy.condition}`];
    if (policy.max_attempts !== undefined) lines.push(`${pad}${unit}${unit}max_attempts: ${policy.max_attempts}`);
    return { title, edits: [{ file: svc.file.path, range: { start, end }, newText: lines.join('\n') }], safe: true };
  },
};
