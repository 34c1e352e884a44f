/** Public API of the rule engine (no VS Code, no LSP): used by the language server and the CLI. */
import { registerAnalyzer } from './analysis';
import { composeAnalyzer } from './analyze/composeAnalyzer';
import { dockerfileAnalyzer } from './analyze/dockerfileAnalyzer';

registerAnalyzer(composeAnalyzer);
registerAnalyzer(dockerfileAnalyzer);

export * from './analysis';
export { applyEdits } from './apply';
export { fixAllText } from './fixAll';
export type { FixAllResult } from './fixAll';
export * from './rule';
export { BUILT_IN_RULES, withBuiltInRules } from './builtinRules';
export { LineTable } from './text';
export type { OffsetRange, Position } from './text';
export { parseConfig, mergeSeverities, CONFIG_FILE, ConfigResolver, configProblemMessage, isIgnoredByConfig, isDevelopmentPath, DEFAULT_DEVELOPMENT_PATTERNS } from './config';
export type { AiStackConfig, ConfigProblem, ResolvedConfig } from './config';
