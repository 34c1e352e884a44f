/**
 * LSP glue of the multi-file project model: compose documents are judged in every file set they
 * belong to, members of a set are re-checked together, and hover / definition / outline /
 * completion come from server/src/engine/language. The server registers it and adds PROJECT_CAPABILITIES
 * to its initialize result.
 */
import {
  CompletionItem,
  CompletionItemKind,
  DocumentSymbol,
  InsertTextFormat,
  Location,
  ServerCapabilities,
  SymbolKind,
} from 'vscode-languageserver/node';
import type { TextDocument } from 'vscode-languageserver-textdocument';
import { failedAnalysis } from '../engine';
import type { AnalyzeOptions } from '../engine';
import { completionsAt, definitionAt, documentSymbols, hoverAt } from '../engine/language';
import type { DocumentSymbolInfo } from '../engine/language';
import { ProjectWorkspace, WorkspaceSettings } from '../engine/project/workspace';
import type { AiStackServer } from './server';
import { URI } from './uri';

export const PROJECT_CAPABILITIES: ServerCapabilities = {
  definitionProvider: true,
  documentSymbolProvider: true,
  completionProvider: { triggerCharacters: [' ', ':', '-'] },
};

const SYMBOL_KINDS: Record<DocumentSymbolInfo['kind'], SymbolKind> = {
  section: SymbolKind.Namespace,
  service: SymbolKind.Class,
  network: SymbolKind.Interface,
  volume: SymbolKind.Struct,
  secret: SymbolKind.Key,
  config: SymbolKind.File,
};

export interface ProjectFeatureHandle {
  workspace: ProjectWorkspace;
  /** Open compose documents to re-check when `changedPath` changes (members of the sets that read it). */
  filesAffectedBy(changedPath: string): string[];
  /** Call from onDidChangeWatchedFiles: invalidates and re-checks the affected open documents. */
  fileChanged(changedPath: string): void;
  /**
   * A document was closed: drops its parse and the projects and parses no open document needs, and
   * re-checks the open members of its sets (the disk version applies to them again). Returns the
   * paths the remaining projects read.
   */
  release(closedPath: string): Set<string>;
}

export function projectFeature(server: AiStackServer): ProjectFeatureHandle {
  const { connection, documents } = server;
  // Diagnostics follow what the user is typing in any member of a set.
  const workspace = new ProjectWorkspace((p) => server.readText(p));
  const settingsFor = (filePath: string): WorkspaceSettings => {
    const config = server.configs.forFile(filePath).config;
    return {
      composeFiles: [...(config.composeFiles ?? []), ...server.settings.composeFiles],
      developmentFiles: config.developmentFiles ?? server.settings.developmentFiles,
    };
  };
  const optionsFor = (options: AnalyzeOptions): AnalyzeOptions => {
    const severities = { ...options.severities };
    if (!server.settings.schemaValidation) severities['compose-schema'] = 'off';
    if (!server.settings.missingEnvDiagnostics) {
      severities['env-required-missing'] = 'off';
      severities['env-variable-unset'] = 'off';
    }
    return { ...options, severities };
  };
  const projectOf = (doc: TextDocument) => {
    const filePath = URI.toPath(doc.uri);
    return { filePath, project: workspace.projectsFor(filePath, settingsFor(filePath))[0] };
  };

  server.composeAnalysis = (doc, filePath, options) => {
    if (!doc.uri.startsWith('file:')) return undefined;
    try {
      return workspace.analyze(filePath, optionsFor(options), settingsFor(filePath));
    } catch (e) {
      // A visible finding on the file, never an empty (falsely clean) result.
      return failedAnalysis(filePath, doc.getText(), e);
    }
  };

  const handle: ProjectFeatureHandle = {
    workspace,
    filesAffectedBy: (p) => workspace.filesAffectedBy(p),
    fileChanged(changedPath) {
      server.recheck(workspace.changed(changedPath));
    },
    release(closedPath) {
      const affected = workspace.changed(closedPath).filter((f) => f !== closedPath);
      const inUse = workspace.release(closedPath, (p) => !!documents.get(URI.fromPath(p)));
      server.recheck(affected);
      return inUse;
    },
  };

  // An edit in one member changes the diagnostics of the others (and `.env` changes all of them).
  documents.onDidChangeContent((e) => {
    const filePath = URI.toPath(e.document.uri);
    server.recheck(workspace.changed(filePath).filter((f) => f !== filePath));
  });

  server.hoverContributors.push((doc, offset) => {
    if (server.kindOf(doc) !== 'compose') return undefined;
    const { filePath, project } = projectOf(doc);
    return hoverAt(project, filePath, offset);
  });

  connection.onDefinition(guarded('definition', (params): Location[] => {
    const doc = documents.get(params.textDocument.uri);
    if (!doc || server.kindOf(doc) !== 'compose') return [];
    const { filePath, project } = projectOf(doc);
    return definitionAt(project, filePath, doc.offsetAt(params.position)).map((loc) => {
      const target = project.fileAt(loc.file);
      const start = target?.lines.positionAt(loc.range.start) ?? { line: 0, character: 0 };
      const end = target?.lines.positionAt(loc.range.end) ?? start;
      return { uri: URI.fromPath(loc.file), range: { start, end } };
    });
  }));

  connection.onDocumentSymbol(guarded('outline', (params): DocumentSymbol[] => {
    const doc = documents.get(params.textDocument.uri);
    if (!doc || server.kindOf(doc) !== 'compose') return [];
    const { filePath, project } = projectOf(doc);
    const file = project.fileAt(filePath);
    if (!file) return [];
    const convert = (s: DocumentSymbolInfo): DocumentSymbol => ({
      name: s.name,
      detail: s.detail,
      kind: SYMBOL_KINDS[s.kind],
      range: { start: doc.positionAt(s.range.start), end: doc.positionAt(s.range.end) },
      selectionRange: { start: doc.positionAt(s.selectionRange.start), end: doc.positionAt(s.selectionRange.end) },
      children: s.children.map(convert),
    });
    return documentSymbols(file).map(convert);
  }));

  connection.onCompletion(guarded('completion', (params): CompletionItem[] => {
    const doc = documents.get(params.textDocument.uri);
    if (!doc || server.kindOf(doc) !== 'compose') return [];
    const { filePath, project } = projectOf(doc);
    return completionsAt(project, filePath, doc.offsetAt(params.position)).map((c) => ({
      label: c.label,
      detail: c.detail,
      kind: c.kind === 'key' ? CompletionItemKind.Property : c.kind === 'service' ? CompletionItemKind.Module : c.kind === 'reference' ? CompletionItemKind.Reference : CompletionItemKind.EnumMember,
      insertText: c.insertText,
      insertTextFormat: c.snippet ? InsertTextFormat.Snippet : InsertTextFormat.PlainText,
    }));
  }));

  /** A request that fails answers "nothing here" (and logs why) instead of an error the editor shows on every keystroke. */
  function guarded<P, R>(what: string, handler: (params: P) => R[]): (params: P) => R[] {
    return (params) => {
      try {
        return handler(params);
      } catch (e) {
        connection.console.warn(`ai-stack: ${what} failed: ${(e as Error).message}`);
        return [];
      }
    };
  }

  return handle;
}
