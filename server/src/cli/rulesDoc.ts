/** docs/rules.md, rendered from the rule registry (scripts/gen-docs.ts writes it; a test fails on drift). */
import type { RuleMeta } from '../engine/rule';
import { BUILT_IN_RULES } from '../engine/builtinRules';

export const RULES_DOC_PATH = 'docs/rules.md';

const KIND_TITLES: Record<RuleMeta['kind'], string> = { compose: 'Compose rules', dockerfile: 'Dockerfile rules' };

export function renderRulesDoc(registry: readonly RuleMeta[]): string {
  const builtIn = BUILT_IN_RULES.filter((b) => !registry.some((r) => r.id === b.id));
  const groups: [string, RuleMeta[]][] = [
    ...(['compose', 'dockerfile'] as const).map((k): [string, RuleMeta[]] => [KIND_TITLES[k], registry.filter((r) => r.kind === k)]),
    ['File problems', builtIn],
  ];
  const out: string[] = [
    '# ai-stack rules',
    '',
    '<!-- Generated from the rule registry by `npx tsx scripts/gen-docs.ts`. Do not edit by hand: test/cli/docs.test.ts fails when this file and the registry differ. -->',
    '',
    `${registry.length} rules check compose files${registry.some((r) => r.kind === 'dockerfile') ? ' and Dockerfiles' : ''}. Each finding links here by rule id.`,
    '',
    '- **Severity**: set any rule to `error`, `warning`, `info`, `hint` or `off` in `.ai-stack.json` (`{ "rules": { "cpu-limit": "info" } }`) or in the `aiStack.rules` setting.',
    '- **Suppress one finding**: `# ai-stack-ignore <rule-id>` at the end of the line, or alone on the line above it.',
    '- **Suppress for one service**: `x-ai-stack: { ignore: [<rule-id>] }` inside the service.',
    '- **Fix**: the editor offers each rule\'s quick fix; `ai-stack check --fix` and "Fix all ai-stack problems" apply the safe ones.',
    '- **Target**: `swarm-*` rules run only for files deployed with `docker stack deploy` (`--target swarm`, `"target": "swarm"` in `.ai-stack.json`, the `aiStack.target` setting, or detected from the workspace\'s scripts); rules marked "compose only" are silenced there ([swarm.md](swarm.md)).',
    '',
  ];
  for (const [title, rules] of groups) {
    if (!rules.length) continue;
    out.push(`## ${title}`, '', '| Rule | What it checks | Default | Quick fix |', '| --- | --- | --- | --- |');
    for (const r of rules) out.push(`| [${r.id}](#${r.id}) | ${cell(r.title)} | ${r.defaultSeverity} | ${r.fixDescription ? 'yes' : '—'} |`);
    out.push('');
  }
  out.push('## Details', '');
  for (const [, rules] of groups) for (const r of rules) out.push(...section(r));
  return out.join('\n').replace(/\n+$/, '\n');
}

function section(r: RuleMeta): string[] {
  const facts = [`Default severity: \`${r.defaultSeverity}\``, `Kind: ${r.kind}`];
  if (r.relaxedInDevelopment) facts.push('Relaxed in development override files');
  if (r.targets) facts.push(`Targets: ${r.targets.join(', ')} only (docs/swarm.md)`);
  if (r.reportsAbsence) facts.push('Judges absent settings: not on a patch service of an override file checked alone');
  return [
    `### ${r.id}`,
    '',
    `**${r.title}**`,
    '',
    facts.join(' · '),
    '',
    r.rationale.trim(),
    '',
    `**Fix:** ${r.fixDescription?.trim() || 'none automatic; see above for what to change.'}`,
    '',
  ];
}

/** Table cells cannot hold pipes or line breaks. */
function cell(text: string): string {
  return text.replace(/\|/g, '\\|').replace(/\s*\n\s*/g, ' ');
}
