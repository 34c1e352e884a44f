/**
 * What the LSP method modules (diagnostics, code actions, hover, navigation) need from the server:
 * documents, settings and the engine's answers. They depend on this interface, never on server.ts
 * or on each other, so the server imports them and no import goes back (no cycle).
 */
import type { Connection, TextDocuments } from 'vscode-languageserver/node';
import type { TextDocument } from 'vscode-languageserver-textdocument';
import type { Analysis, AnalyzeOptions } from '../engine';
import type { ProjectWorkspace, WorkspaceSettings } from '../engine/analyze/workspace';
import type { ServerSettings } from './settings';
import type { WorkspaceConfigs } from './workspaceConfig';

export type DocumentKind = 'compose' | 'dockerfile' | 'config';

export interface ServerContext {
  readonly connection: Connection;
  readonly documents: TextDocuments<TextDocument>;
  readonly settings: ServerSettings;
  /** The compose projects of the workspace (file sets, merge, `.env`), shared by every method. */
  readonly workspace: ProjectWorkspace;
  readonly configs: WorkspaceConfigs;
  /** Workspace folder paths (for files such as .vscode/tasks.json). */
  readonly folders: readonly string[];
  /** file: URI of docs/rules.md when it ships with the server (diagnostic and hover links). */
  readonly docsUri: string | undefined;
  kindOf(doc: TextDocument): DocumentKind | undefined;
  optionsFor(filePath: string): AnalyzeOptions;
  /** The sets a compose file is judged in (`.ai-stack.json` and settings). */
  projectSettingsFor(filePath: string): WorkspaceSettings;
  /** Analysis of an open document's current version (cached per version). */
  analysisFor(doc: TextDocument): Analysis | undefined;
  /** A file's text as the user sees it: the open document wins over the disk. */
  readText(filePath: string): string | undefined;
  docFor(filePath: string): { uri: string; doc?: TextDocument; text: string };
}

/** A request that fails answers "nothing here" (and logs why) instead of an error the editor shows on every keystroke. */
export function guarded<P, R>(connection: Connection, what: string, handler: (params: P) => R[]): (params: P) => R[] {
  return (params) => {
    try {
      return handler(params);
    } catch (e) {
      connection.console.warn(`ai-stack: ${what} failed: ${(e as Error).message}`);
      return [];
    }
  };
}
