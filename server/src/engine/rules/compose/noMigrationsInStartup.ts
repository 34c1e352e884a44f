import path from 'node:path';
import { applyEdits, FormattingOptions, modify, parse, ParseError } from 'jsonc-parser';
import type { ComposeContext } from '../../compose/context';
import { SingleFileModel, type ServiceView, type ValueRef } from '../../compose/model';
import { SourceFile } from '../../compose/sourceFile';
import { asStringList } from '../../compose/facts';
import type { Fix, Rule } from '../../rule';
import type { OffsetRange } from '../../text';
import { rangeInScalar } from '../shared/stackFacts';
import { atValue, servicesOf } from '../shared/util';

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
  scope: 'service',
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
  // "Move migration to a one-off task": edits the compose file and the folder's .vscode/tasks.json.
  alternativeFixes(finding, env) {
    if (!finding.service || !finding.data) return [];
    const tasksPath = path.join(env.workspaceFolder, '.vscode', 'tasks.json');
    const tasksJsonText = env.readFile(tasksPath);
    const result = moveMigrationToTask({ composeText: env.text, composePath: finding.file, service: finding.service, finding: finding.data as unknown as MigrationInStartup, tasksJsonText, workspaceFolder: env.workspaceFolder });
    if (!result.ok) return [];
    const { composeEdit, taskLabel } = result.value;
    const fix: Fix = {
      title: `Move migration to a one-off task ("${taskLabel}")`,
      edits: [
        { file: finding.file, range: composeEdit.range, newText: composeEdit.newText },
        { file: tasksPath, range: { start: 0, end: tasksJsonText?.length ?? 0 }, newText: result.value.tasksJsonText },
      ],
      safe: false,
    };
    return [fix];
  },
};

export interface MoveMigrationInput {
  composeText: string;
  /** Absolute path of the compose file. */
  composePath: string;
  service: string;
  /** The finding's data. */
  finding: MigrationInStartup;
  /** Current .vscode/tasks.json text; undefined when the file does not exist. */
  tasksJsonText?: string;
  /** Workspace folder the tasks.json belongs to (compose paths in the task are relative to it). */
  workspaceFolder: string;
}

export interface MoveMigrationEdits {
  /** One edit of the compose text: the command without the migration. */
  composeEdit: { range: OffsetRange; newText: string };
  composeText: string;
  tasksJsonText: string;
  taskLabel: string;
  /** The task that was added (or replaced, when one with the same label existed). */
  task: Record<string, unknown>;
}

export type MoveMigrationResult = { ok: true; value: MoveMigrationEdits } | { ok: false; message: string };

const SEPARATOR_AFTER = /^\s*(&&|;)\s*/;

/**
 * Removes the migration from the service's command and adds an `ai-stack` migrate task to
 * .vscode/tasks.json, editing that JSONC text in place so its comments survive. Pure: text in, edits and text out.
 */
export function moveMigrationToTask(input: MoveMigrationInput): MoveMigrationResult {
  const file = new SourceFile(input.composePath, input.composeText);
  if (file.problems.some((p) => p.code === 'yaml-syntax')) return { ok: false, message: 'The compose file has YAML syntax errors; fix them first.' };
  const svc = new SingleFileModel(file).service(input.service);
  const hit = svc && migrationOf(svc);
  if (!hit || hit.found.migration !== input.finding.migration) return { ok: false, message: `Service "${input.service}" no longer runs "${input.finding.migration}" in its command.` };
  if (hit.ref.via || !hit.node?.range) return { ok: false, message: 'The command is inherited from an anchor; edit the anchor by hand.' };

  const composeEdit = removeMigration(input.composeText, hit.node.range, input.finding.migration);
  if (!composeEdit) return { ok: false, message: `Could not locate "${input.finding.migration}" in the command text; edit it by hand.` };
  const composeText = input.composeText.slice(0, composeEdit.range.start) + composeEdit.newText + input.composeText.slice(composeEdit.range.end);

  const rel = path.relative(input.workspaceFolder, input.composePath).split(path.sep).join('/');
  const taskLabel = `ai-stack: migrate ${input.service}${rel && !rel.startsWith('..') ? ` (${rel})` : ''}`;
  const task: Record<string, unknown> = {
    type: 'ai-stack',
    action: 'migrate',
    label: taskLabel,
    service: input.service,
    command: toArgv(input.finding.migration),
    files: [rel && !rel.startsWith('..') ? rel : input.composePath],
    problemMatcher: [],
  };
  const tasks = addTask(input.tasksJsonText, task);
  if (!tasks.ok) return tasks;
  return { ok: true, value: { composeEdit, composeText, tasksJsonText: tasks.value, taskLabel, task } };
}

/**
 * Deletes the migration and the `&&`/`;` after it from the scalar's source text. Working on the
 * source (not re-serialising the value) keeps quoting, block style and comments as written.
 */
function removeMigration(text: string, nodeRange: [number, number, number], migration: string): { range: OffsetRange; newText: string } | undefined {
  const [start, end] = nodeRange;
  const at = text.slice(start, end).indexOf(migration);
  if (at < 0) return undefined;
  const from = start + at;
  const sep = text.slice(from + migration.length, end).match(SEPARATOR_AFTER);
  if (!sep) return undefined; // the rule only fires when something follows the migration
  return { range: { start: from, end: from + migration.length + sep[0].length }, newText: '' };
}

/** Simple commands become argv (`alembic upgrade head`); anything with shell syntax runs through `sh -c`. */
export function toArgv(command: string): string[] {
  const trimmed = command.trim();
  if (/[|&;<>()$`\\"'*?[\]{}~#]/.test(trimmed) || /^\w+=/.test(trimmed)) return ['sh', '-c', trimmed];
  return trimmed.split(/\s+/);
}

type Result<T> = { ok: true; value: T } | { ok: false; message: string };

function formatting(text: string): FormattingOptions {
  const indent = text.match(/^([ \t]+)"/m)?.[1] ?? '  ';
  return { insertSpaces: !indent.startsWith('\t'), tabSize: indent.startsWith('\t') ? 1 : indent.length, eol: text.includes('\r\n') ? '\r\n' : '\n' };
}

/** Adds the task (replacing one with the same label) to tasks.json text, creating the file when absent. */
export function addTask(tasksJsonText: string | undefined, task: Record<string, unknown>): Result<string> {
  if (tasksJsonText === undefined || tasksJsonText.trim() === '') {
    return { ok: true, value: JSON.stringify({ version: '2.0.0', tasks: [task] }, null, 2) + '\n' };
  }
  const errors: ParseError[] = [];
  const root = parse(tasksJsonText, errors, { allowTrailingComma: true, disallowComments: false }) as unknown;
  if (errors.length || !root || typeof root !== 'object' || Array.isArray(root)) {
    return { ok: false, message: '.vscode/tasks.json is not a valid JSON object; fix it first (the task was not added).' };
  }
  const options = { formattingOptions: formatting(tasksJsonText) };
  let text = tasksJsonText;
  const existing = (root as { tasks?: unknown }).tasks;
  if (!('version' in root)) text = applyEdits(text, modify(text, ['version'], '2.0.0', options));
  if (!Array.isArray(existing)) {
    if (existing !== undefined) return { ok: false, message: '.vscode/tasks.json has a "tasks" value that is not an array; fix it first.' };
    return { ok: true, value: applyEdits(text, modify(text, ['tasks'], [task], options)) };
  }
  const same = existing.findIndex((t) => t && typeof t === 'object' && (t as { label?: unknown }).label === task.label);
  const edits = same >= 0 ? modify(text, ['tasks', same], task, options) : modify(text, ['tasks', -1], task, { ...options, isArrayInsertion: true });
  return { ok: true, value: applyEdits(text, edits) };
}
