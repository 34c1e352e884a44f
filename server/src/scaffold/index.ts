/**
 * The generators, shared by the extension (client/src/scaffold: thin VS Code commands) and the CLI
 * (`ai-stack init`). Pure functions of text in, text or minimal edits out: no file system, no
 * VS Code. They may use the engine (parsing, edits, reachability facts); the engine never imports them.
 */
export { generateDockerfile, APP_UID } from './dockerfile';
export type { GenerateOptions, GeneratedFiles } from './dockerfile';
export { detectProject, PROJECT_DIRS, PROJECT_FILES } from './project';
export type { DetectResult, NodeProject, ProjectDescription, PythonProject } from './project';
export { collectVariables, generateEnvExample } from './envExample';
export type { EnvVariable } from './envExample';
export { addOllamaService, ollamaServiceBaseline, DEFAULT_NETWORK } from './ollama';
export type { OllamaOptions, OllamaResult } from './ollama';
export { addModelServer, modelServerBaseline, MODEL_SERVERS, DEFAULT_MODEL, MODEL_ID } from './modelServer';
export type { ModelServerKind, ModelServerOptions } from './modelServer';
export type { ServiceResult, ScaffoldEdit } from './composeService';
export { NETWORK_NAME } from './composeService';
export { APP_MARKERS, APP_SKIP_DIRS, COMPOSE_FILE_NAME, MAX_FOLDERS, compareFolders } from './appFolders';
export * from './pins';
