/**
 * Project detection as a pure function: the caller reads a few well-known files of a folder and
 * passes their text; this decides what kind of app it is and how it installs, builds and starts.
 */
export type PackageManager = 'npm' | 'pnpm' | 'yarn' | 'yarn-berry';
export type PythonDeps = 'requirements' | 'uv' | 'poetry' | 'pyproject';

export interface NodeProject {
  kind: 'node';
  packageManager: PackageManager;
  /** Lockfile to copy before installing, or undefined when the project has none. */
  lockfile: string | undefined;
  nodeMajor: number | undefined;
  next: boolean;
  /** next.config sets `output: 'standalone'` (required for the slim runner). */
  nextStandalone: boolean;
  prisma: boolean;
  hasBuildScript: boolean;
  hasPublicDir: boolean;
  /** Start command in exec form for non-Next apps. */
  start: string[];
  defaultPort: number;
}

export interface PythonProject {
  kind: 'python';
  deps: PythonDeps;
  /** `module:variable` of the ASGI app, e.g. `app.main:app`. */
  asgiApp: string;
  fastapi: boolean;
  hasGunicorn: boolean;
  hasUvicorn: boolean;
  defaultPort: number;
}

export type ProjectDescription = NodeProject | PythonProject;

/** Files the caller should read (when present) for detection; Python sources are probed for `FastAPI(`. */
export const PROJECT_FILES = [
  'package.json', 'package-lock.json', 'npm-shrinkwrap.json', 'pnpm-lock.yaml', 'yarn.lock', '.yarnrc.yml', '.nvmrc', '.node-version',
  'next.config.js', 'next.config.mjs', 'next.config.ts', 'next.config.cjs', 'prisma/schema.prisma',
  'requirements.txt', 'pyproject.toml', 'uv.lock', 'poetry.lock',
  'main.py', 'app.py', 'server.py', 'app/main.py', 'src/main.py', 'api/main.py', 'src/app/main.py', 'app/__init__.py',
];
/** Directories whose existence matters (the caller passes them with an empty text and a trailing slash). */
export const PROJECT_DIRS = ['public/'];

export type DetectResult = { ok: true; project: ProjectDescription; notes: string[] } | { ok: false; message: string };

export function detectProject(files: Record<string, string>): DetectResult {
  if (files['package.json'] !== undefined) return detectNode(files);
  if (files['requirements.txt'] !== undefined || files['pyproject.toml'] !== undefined) return detectPython(files);
  return { ok: false, message: 'No package.json, requirements.txt or pyproject.toml in this folder: AI Stack can generate Dockerfiles for Node/Next.js and Python (FastAPI) projects.' };
}

function detectNode(files: Record<string, string>): DetectResult {
  let pkg: Record<string, any>;
  try {
    pkg = JSON.parse(files['package.json']);
    if (!pkg || typeof pkg !== 'object' || Array.isArray(pkg)) throw new Error('not an object');
  } catch (e) {
    return { ok: false, message: `package.json is not valid JSON (${(e as Error).message}).` };
  }
  const notes: string[] = [];
  const deps = { ...(pkg.dependencies ?? {}), ...(pkg.devDependencies ?? {}) } as Record<string, unknown>;
  const pm = String(pkg.packageManager ?? '');
  let packageManager: PackageManager = 'npm';
  let lockfile: string | undefined;
  if (files['pnpm-lock.yaml'] !== undefined || pm.startsWith('pnpm@')) [packageManager, lockfile] = ['pnpm', 'pnpm-lock.yaml'];
  else if (files['yarn.lock'] !== undefined || pm.startsWith('yarn@')) {
    const berry = files['.yarnrc.yml'] !== undefined || /^yarn@([2-9]|\d{2,})/.test(pm);
    [packageManager, lockfile] = [berry ? 'yarn-berry' : 'yarn', 'yarn.lock'];
  } else if (files['package-lock.json'] !== undefined) lockfile = 'package-lock.json';
  else if (files['npm-shrinkwrap.json'] !== undefined) lockfile = 'npm-shrinkwrap.json';
  if (lockfile && files[lockfile] === undefined) {
    notes.push(`package.json names ${packageManager.replace('-berry', '')} but there is no ${lockfile}; commit one so installs are reproducible.`);
    lockfile = undefined;
  }
  if (!lockfile) notes.push('No lockfile found: the Dockerfile installs with the lockfile the build context will have; generate and commit one first.');
  const nextConfig = ['next.config.js', 'next.config.mjs', 'next.config.ts', 'next.config.cjs'].map((f) => files[f]).find((t) => t !== undefined);
  const next = 'next' in deps || nextConfig !== undefined;
  const nextStandalone = !!nextConfig && /output\s*:\s*['"`]standalone['"`]/.test(nextConfig);
  if (next && !nextStandalone) notes.push("next.config does not set output: 'standalone'; add it, the runner stage copies .next/standalone.");
  const scripts = (pkg.scripts ?? {}) as Record<string, string>;
  return {
    ok: true,
    notes,
    project: {
      kind: 'node',
      packageManager,
      lockfile,
      nodeMajor: nodeMajor(files['.nvmrc'] ?? files['.node-version'], pkg.engines?.node),
      next,
      nextStandalone,
      prisma: files['prisma/schema.prisma'] !== undefined,
      hasBuildScript: typeof scripts.build === 'string',
      hasPublicDir: files['public/'] !== undefined,
      start: startCommand(scripts.start, pkg.main),
      defaultPort: 3000,
    },
  };
}

/** Major version from .nvmrc (`22`, `v22.12.0`, `lts/*` → default) or engines (`>=20`, `^22.1`). */
export function nodeMajor(nvmrc: string | undefined, engines: unknown): number | undefined {
  const fromNvmrc = nvmrc?.trim().match(/^v?(\d+)/)?.[1];
  if (fromNvmrc) return Number(fromNvmrc);
  if (typeof engines === 'string') {
    const m = engines.match(/(\d+)/);
    if (m) return Number(m[1]);
  }
  return undefined;
}

/** `node dist/server.js` from the start script, else `main`, else index.js — always exec form, never via npm (signals). */
function startCommand(start: string | undefined, main: unknown): string[] {
  const m = start?.match(/^node\s+((?:--?[\w-]+(?:=\S+)?\s+)*)([\w./@-]+)\s*$/);
  if (m) return ['node', ...m[1].split(/\s+/).filter(Boolean), m[2]];
  return ['node', typeof main === 'string' && main ? main : 'index.js'];
}

function detectPython(files: Record<string, string>): DetectResult {
  const notes: string[] = [];
  const pyproject = files['pyproject.toml'];
  let deps: PythonDeps;
  if (pyproject !== undefined && files['uv.lock'] !== undefined) deps = 'uv';
  else if (pyproject !== undefined && files['poetry.lock'] !== undefined) deps = 'poetry';
  else if (files['requirements.txt'] !== undefined) deps = 'requirements';
  else deps = 'pyproject';
  if (deps === 'pyproject' && !/^\s*\[project\]/m.test(pyproject ?? '')) {
    return { ok: false, message: 'pyproject.toml has no [project] table and there is no uv.lock, poetry.lock or requirements.txt: cannot tell how to install the dependencies.' };
  }
  const depText = [files['requirements.txt'], pyproject, files['uv.lock'], files['poetry.lock']].filter(Boolean).join('\n').toLowerCase();
  const app = findAsgiApp(files);
  if (!app) notes.push('No `FastAPI(` app found in the usual places; the Dockerfile assumes main:app — change the CMD if your app lives elsewhere.');
  return {
    ok: true,
    notes,
    project: {
      kind: 'python',
      deps,
      asgiApp: app?.ref ?? 'main:app',
      fastapi: !!app || /\bfastapi\b/.test(depText),
      hasGunicorn: /(^|["'\s])gunicorn\b/m.test(depText),
      hasUvicorn: /(^|["'\s])uvicorn\b/m.test(depText),
      defaultPort: 8000,
    },
  };
}

function findAsgiApp(files: Record<string, string>): { ref: string } | undefined {
  for (const [path, text] of Object.entries(files)) {
    if (!path.endsWith('.py')) continue;
    const m = text.match(/^([A-Za-z_]\w*)\s*(?::\s*[\w.]+\s*)?=\s*(?:[A-Za-z_]\w*\.)?FastAPI\(/m);
    if (!m) continue;
    const module = path.replace(/\.py$/, '').replace(/\/__init__$/, '').split('/').join('.');
    return { ref: `${module}:${m[1]}` };
  }
  return undefined;
}
