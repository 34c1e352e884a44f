import type { ComposeContext } from '../../compose/context';
import type { ServiceView, ValueRef } from '../../compose/model';
import { asStringList } from '../../compose/facts';
import type { Rule } from '../../rule';
import { rangeInScalar } from './stackFacts';
import { atValue, servicesOf } from './util';

/** Migration commands by tool; each matches one shell segment (between `&&` / `;`). */
const MIGRATIONS: Array<{ tool: string; re: RegExp }> = [
  { tool: 'alembic', re: /\balembic\b.*\bupgrade\b/ },
  { tool: 'django', re: /\b(manage\.py|django-admin)\s+migrate\b/ },
  { tool: 'flask', re: /\bflask\b.*\bdb\s+upgrade\b/ },
  { tool: 'prisma', re: /\bprisma\s+migrate\s+deploy\b/ },
  { tool: 'rails', re: /\b(rails|rake)\s+db:migrate\b/ },
  { tool: 'knex', re: /\bknex\s+migrate(:\w+)?\b/ },
  { tool: 'sequelize', re: /\bsequelize(-cli)?\s+db:migrate\b/ },
  { tool: 'npm', re: /\b(npm\s+run|yarn|pnpm(\s+run)?)\s+(db:)?migrat\w*/ },
];

export interface MigrationInStartup {
  tool: string;
  migration: string;
  rest: string;
}

/** Splits a shell command on `&&` and `;` (outside quotes), keeping the pieces trimmed. */
function segments(cmd: string): string[] {
  const out: string[] = [];
  let cur = '';
  let quote = '';
  for (let i = 0; i < cmd.length; i++) {
    const c = cmd[i];
    if (quote) {
      if (c === quote) quote = '';
    } else if (c === '"' || c === "'") quote = c;
    else if (c === ';' || (c === '&' && cmd[i + 1] === '&')) {
      out.push(cur);
      cur = '';
      if (c === '&') i++;
      continue;
    }
    cur += c;
  }
  out.push(cur);
  return out.map((s) => s.trim()).filter(Boolean);
}

/** A migration chained before the server start, in one shell string. */
export function findMigration(shell: string): MigrationInStartup | undefined {
  const parts = segments(unwrapShell(shell));
  for (let i = 0; i < parts.length - 1; i++) {
    const m = MIGRATIONS.find((x) => x.re.test(parts[i]));
    if (m) return { tool: m.tool, migration: parts[i], rest: parts.slice(i + 1).join(' && ') };
  }
  return undefined;
}

/** `sh -c "a && b"` → `a && b`. */
function unwrapShell(cmd: string): string {
  const m = cmd.trim().match(/^(?:\/bin\/)?(?:ba)?sh\s+-c\s+(["']?)([\s\S]*)\1$/);
  return m ? m[2] : cmd;
}

/** The shell text of command/entrypoint: the `-c` argument of a list, or the whole string. */
function shellOf(ref: ValueRef): { text: string; node: ValueRef['node'] } | undefined {
  if (typeof ref.js === 'string') return { text: ref.js, node: ref.node };
  const list = asStringList(ref.js);
  if (!list.length || !ref.node || !('items' in ref.node)) return undefined;
  const items = (ref.node as { items: unknown[] }).items;
  // Whichever item carries the chain (`["sh", "-c", "alembic upgrade head && uvicorn …"]`).
  const index = list.findIndex((s) => findMigration(s));
  if (index >= 0) return { text: list[index], node: ref.file.resolve(items[index]) ?? null };
  return { text: list.join(' '), node: null };
}

export function migrationOf(svc: ServiceView): { found: MigrationInStartup; ref: ValueRef; node: ValueRef['node'] } | undefined {
  for (const key of ['command', 'entrypoint']) {
    const ref = svc.get([key]);
    const shell = ref && shellOf(ref);
    const found = shell && findMigration(shell.text);
    if (ref && shell && found) return { found, ref, node: shell.node };
  }
  return undefined;
}

export const noMigrationsInStartup: Rule<ComposeContext> = {
  id: 'no-migrations-in-startup',
  kind: 'compose',
  title: 'Run migrations as a one-off job, not in the server command',
  rationale:
    'Chaining `alembic upgrade head && uvicorn …` runs the migration on every start and in every replica at once: scaled services race on the schema, a failed migration becomes a restart loop, and a rollback restarts into the migration again. Run it as a one-shot service that the app waits for with `condition: service_completed_successfully`, or as a task.',
  defaultSeverity: 'info',
  *check(ctx) {
    for (const svc of servicesOf(ctx)) {
      const hit = migrationOf(svc);
      if (!hit) continue;
      const draft = atValue(svc, hit.ref, `"${svc.name}" runs its ${hit.found.tool} migration (${hit.found.migration}) before starting: move it to a one-off job.`, { ...hit.found });
      const exact = hit.ref.via ? undefined : rangeInScalar(hit.ref.file, hit.node, hit.found.migration);
      if (exact) draft.range = exact;
      yield draft;
    }
  },
};
