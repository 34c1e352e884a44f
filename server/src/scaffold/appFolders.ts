/**
 * Which folders the generators offer, declared once for the editor (workspace search) and the CLI
 * (directory walk): app folders are those holding one of APP_MARKERS, compose projects those
 * holding a compose file; dependency, VCS and build folders are never searched.
 */
export const APP_MARKERS = ['package.json', 'requirements.txt', 'pyproject.toml', 'Pipfile'] as const;
export const APP_SKIP_DIRS = ['node_modules', '.git', '.venv', 'venv', 'dist', 'build', '.next'] as const;
/** Compose file names the generators look for (`compose*.yml`, `docker-compose*.yaml`, …). */
export const COMPOSE_FILE_NAME = /^(compose|docker-compose)[^/]*\.ya?ml$/;
/** At most this many folders are considered (the editor's search stops there too). */
export const MAX_FOLDERS = 200;

/** Nearest first, then by path: the order the editor lists app folders in (paths use `/`). */
export function compareFolders(a: string, b: string): number {
  return a.split('/').length - b.split('/').length || a.localeCompare(b);
}
