/** Language features over a compose project, as plain functions (the LSP adapter is server/src/lsp/projectFeatures.ts). */
export { hoverAt } from './hover';
export { definitionAt, definitionsOf } from './definition';
export type { Location } from './definition';
export { documentSymbols } from './symbols';
export type { DocumentSymbolInfo, SymbolKind } from './symbols';
export { completionsAt, HARDENING_KEYS } from './completion';
export type { CompletionInfo } from './completion';
export { maskSecrets, MASK } from './mask';
