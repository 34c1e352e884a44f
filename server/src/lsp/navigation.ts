/** Definition, outline and completion in compose documents, from server/src/engine/language over the file's project. */
import {
  CompletionItem,
  CompletionItemKind,
  CompletionParams,
  DefinitionParams,
  DocumentSymbol,
  DocumentSymbolParams,
  InsertTextFormat,
  Location,
  ServerCapabilities,
  SymbolKind,
} from 'vscode-languageserver/node';
import { completionsAt, definitionAt, documentSymbols } from '../engine/language';
import type { DocumentSymbolInfo } from '../engine/language';
import type { ComposeProject } from '../engine/project/project';
import { guarded, ServerContext } from './context';
import { URI } from './uri';

export const NAVIGATION_CAPABILITIES: ServerCapabilities = {
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

/** The first compose project (file set) the file belongs to. */
export function projectOf(ctx: ServerContext, filePath: string): ComposeProject {
  return ctx.workspace.projectsFor(filePath, ctx.projectSettingsFor(filePath))[0];
}

export function registerNavigation(ctx: ServerContext): void {
  const { connection, documents } = ctx;
  const composeDoc = (uri: string) => {
    const doc = documents.get(uri);
    return doc && ctx.kindOf(doc) === 'compose' ? doc : undefined;
  };

  connection.onDefinition(guarded(connection, 'definition', (params: DefinitionParams): Location[] => {
    const doc = composeDoc(params.textDocument.uri);
    if (!doc) return [];
    const filePath = URI.toPath(doc.uri);
    const project = projectOf(ctx, filePath);
    return definitionAt(project, filePath, doc.offsetAt(params.position)).map((loc) => {
      // An open document counts lines as the editor does (a bare CR ends a line too; the engine's
      // LineTable counts only LF): a definition in a file with CR line ends landed on the wrong line.
      const target = documents.get(URI.fromPath(loc.file)) ?? project.fileAt(loc.file)?.lines;
      const start = target?.positionAt(loc.range.start) ?? { line: 0, character: 0 };
      const end = target?.positionAt(loc.range.end) ?? start;
      return { uri: URI.fromPath(loc.file), range: { start, end } };
    });
  }));

  connection.onDocumentSymbol(guarded(connection, 'outline', (params: DocumentSymbolParams): DocumentSymbol[] => {
    const doc = composeDoc(params.textDocument.uri);
    if (!doc) return [];
    const filePath = URI.toPath(doc.uri);
    const file = projectOf(ctx, filePath).fileAt(filePath);
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

  connection.onCompletion(guarded(connection, 'completion', (params: CompletionParams): CompletionItem[] => {
    const doc = composeDoc(params.textDocument.uri);
    if (!doc) return [];
    const filePath = URI.toPath(doc.uri);
    return completionsAt(projectOf(ctx, filePath), filePath, doc.offsetAt(params.position)).map((c) => ({
      label: c.label,
      detail: c.detail,
      kind: c.kind === 'key' ? CompletionItemKind.Property : c.kind === 'service' ? CompletionItemKind.Module : c.kind === 'reference' ? CompletionItemKind.Reference : CompletionItemKind.EnumMember,
      insertText: c.insertText,
      insertTextFormat: c.snippet ? InsertTextFormat.Snippet : InsertTextFormat.PlainText,
    }));
  }));
}
