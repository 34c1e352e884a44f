/**
 * `ai-stack` executable (dist/cli.js): starts the real CLI bundle (dist/cli-main.js) fast. A CI run
 * is a short process, so two costs of V8 dominate it: compiling a 2-4 MB bundle, and optimising
 * compilers that start on hot functions the process will not live long enough to profit from.
 * - V8's code cache: the bundle's compiled code is kept in the user's cache folder (per Node
 *   version and bundle) and re-used on the next run; if anything about it fails, the bundle is
 *   simply compiled. `AI_STACK_COMPILE_CACHE=0` turns it off.
 * - For small inputs (the usual project) the optimising compiler is switched off; large files keep it.
 * Imports nothing heavy itself.
 */
import fs from 'node:fs';
import Module from 'node:module';
import os from 'node:os';
import path from 'node:path';
import v8 from 'node:v8';
import vm from 'node:vm';

const BUNDLE = path.join(__dirname, 'cli-main.js');
/** Inputs up to this size run faster without the optimising compiler (measured: 100 services ≈ 60 KB). */
const SMALL_INPUT_BYTES = 256 * 1024;
const debug = process.env.AI_STACK_DEBUG_LAUNCHER === '1';

function inputBytes(args: string[]): number {
  let total = 0;
  for (const arg of args) {
    if (arg.startsWith('-')) continue;
    // Only a guess for the compiler choice: a path the CLI will refuse (loop, ENOTDIR, too long) counts 0.
    const stat = safeStat(arg);
    if (stat?.isFile()) total += stat.size;
    else if (stat?.isDirectory()) {
      // The files a directory check reads first; deeper trees of big files are rare enough to ignore.
      for (const name of safeReaddir(arg)) if (/compose|dockerfile|containerfile|\.ya?ml$/i.test(name)) total += safeStat(path.join(arg, name))?.size ?? 0;
    }
  }
  return total;
}

function safeStat(p: string): fs.Stats | undefined {
  try {
    return fs.statSync(p);
  } catch {
    return undefined;
  }
}

function safeReaddir(dir: string): string[] {
  try {
    return fs.readdirSync(dir);
  } catch {
    return [];
  }
}

function cacheFile(bundle: fs.Stats): string | undefined {
  if (process.env.AI_STACK_COMPILE_CACHE === '0') return undefined;
  const base = process.env.XDG_CACHE_HOME || path.join(os.homedir(), '.cache');
  const dir = path.join(base, 'ai-stack');
  try {
    fs.mkdirSync(dir, { recursive: true, mode: 0o700 });
  } catch {
    return undefined;
  }
  const key = `${process.version}-${process.arch}-${bundle.size}-${Math.round(bundle.mtimeMs)}`;
  return path.join(dir, `cli-${key}.cache`);
}

/** Compiles and runs the bundle as a CommonJS module, with the code cache when there is one. */
function load(): { run(argv: string[]): void } {
  const stat = fs.statSync(BUNDLE);
  const file = cacheFile(stat);
  let cached: Buffer | undefined;
  try {
    cached = file ? fs.readFileSync(file) : undefined;
  } catch {
    cached = undefined;
  }
  const source = fs.readFileSync(BUNDLE, 'utf8');
  const script = new vm.Script(Module.wrap(source), { filename: BUNDLE, cachedData: cached });
  const accepted = cached !== undefined && !script.cachedDataRejected;
  if (debug) process.stderr.write(`ai-stack launcher: code cache ${accepted ? 'used' : cached ? 'rejected' : 'missing'}\n`);
  if (file && !accepted) {
    // Written at exit, so it holds the functions this run compiled too, not only the top level.
    process.once('exit', () => {
      try {
        const tmp = `${file}.${process.pid}.tmp`;
        fs.writeFileSync(tmp, script.createCachedData(), { mode: 0o600 });
        fs.renameSync(tmp, file);
      } catch {
        // A read-only home or a full disk only costs the next run its speed-up.
      }
    });
  }
  const mod = new Module(BUNDLE, module);
  mod.filename = BUNDLE;
  mod.paths = (Module as unknown as { _nodeModulePaths(dir: string): string[] })._nodeModulePaths(__dirname);
  const localRequire = (id: string) => mod.require(id);
  const wrapper = script.runInThisContext() as (exports: unknown, require: unknown, module: unknown, filename: string, dirname: string) => void;
  wrapper.call(mod.exports, mod.exports, localRequire, mod, BUNDLE, __dirname);
  mod.loaded = true;
  return mod.exports as { run(argv: string[]): void };
}

const argv = process.argv.slice(2);
if (inputBytes(argv) <= SMALL_INPUT_BYTES) v8.setFlagsFromString('--no-opt');
let cli: { run(argv: string[]): void };
try {
  cli = load();
} catch (e) {
  if (debug) process.stderr.write(`ai-stack launcher: ${(e as Error).message}; loading the bundle plainly\n`);
  cli = require(BUNDLE) as { run(argv: string[]): void };
}
cli.run(argv);
