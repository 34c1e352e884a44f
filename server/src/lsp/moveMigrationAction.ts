/**
 * "Move migration to a one-off task" for `no-migrations-in-startup`: removes the migration from the
 * service command and writes an `ai-stack` migrate task into the folder's .vscode/tasks.json.
 */
import fs from 'node:fs';
import path from 'node:path';
import { CodeAction, CodeActionKind, CreateFile, Diagnostic, TextDocumentEdit } from 'vscode-languageserver/node';
import type { TextDocument } from 'vscode-languageserver-textdocument';
import { moveMigrationToTask } from '../../../runtime/src/tasks/moveMigration';
import type { MigrationInStartup } from '../engine/rules/compose/noMigrationsInStartup';
import type { Finding } from '../engine';
import { URI } from './uri';

export function moveMigrationAction(doc: TextDocument, finding: Finding, diagnostic: Diagnostic, folders: string[], openText: (uri: string) => string | undefined): CodeAction | undefined {
  if (finding.ruleId !== 'no-migrations-in-startup' || !finding.service || !finding.data) return undefined;
  const composePath = URI.toPath(doc.uri);
  const folder = folders.filter((f) => composePath.startsWith(f + path.sep)).sort((a, b) => b.length - a.length)[0] ?? path.dirname(composePath);
  const tasksPath = path.join(folder, '.vscode', 'tasks.json');
  const tasksUri = URI.fromPath(tasksPath);
  let tasksJsonText = openText(tasksUri);
  if (tasksJsonText === undefined) {
    try {
      tasksJsonText = fs.readFileSync(tasksPath, 'utf8');
    } catch {
      tasksJsonText = undefined;
    }
  }
  const result = moveMigrationToTask({
    composeText: doc.getText(),
    composePath,
    service: finding.service,
    finding: finding.data as unknown as MigrationInStartup,
    tasksJsonText,
    workspaceFolder: folder,
  });
  if (!result.ok) return undefined;
  const { composeEdit } = result.value;
  const composeChange: TextDocumentEdit = {
    textDocument: { uri: doc.uri, version: doc.version },
    edits: [{ range: { start: doc.positionAt(composeEdit.range.start), end: doc.positionAt(composeEdit.range.end) }, newText: composeEdit.newText }],
  };
  const end = tasksJsonText === undefined ? { line: 0, character: 0 } : positionAtEnd(tasksJsonText);
  const tasksChange: TextDocumentEdit = {
    textDocument: { uri: tasksUri, version: null },
    edits: [{ range: { start: { line: 0, character: 0 }, end }, newText: result.value.tasksJsonText }],
  };
  const create: CreateFile[] = tasksJsonText === undefined ? [{ kind: 'create', uri: tasksUri, options: { ignoreIfExists: true } }] : [];
  return {
    title: `Move migration to a one-off task ("${result.value.taskLabel}")`,
    kind: CodeActionKind.QuickFix,
    diagnostics: [diagnostic],
    edit: { documentChanges: [...create, composeChange, tasksChange] },
  };
}

function positionAtEnd(text: string) {
  const lines = text.split('\n');
  return { line: lines.length - 1, character: lines[lines.length - 1].length };
}
