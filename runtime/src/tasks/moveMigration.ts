/**
 * "Move migration to a one-off task" (the `no-migrations-in-startup` finding): removes the
 * migration from the service's command and adds an `ai-stack` migrate task to .vscode/tasks.json,
 * editing that JSONC text in place so its comments survive. Pure: text in, edits and text out.
 */
import { applyEdits, FormattingOptions, modify, parse, ParseError } from 'jsonc-parser';
import path from 'node:path';
import { SourceFile } from '../../../server/src/engine/compose/sourceFile';
import { SingleFileModel } from '../../../server/src/engine/compose/model';
import { migrationOf, type MigrationInStartup } from '../../../server/src/engine/rules/compose/noMigrationsInStartup';
import type { OffsetRange } from '../../../server/src/engine/text';

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
