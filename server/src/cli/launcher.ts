/**
 * `ai-stack` executable (dist/cli.js): starts the real CLI bundle (dist/cli-main.js) fast. A CI run
 * is a short process, so two costs of V8 dominate it: compiling a 2-4 MB bundle, and optimising
 * compilers that start on hot functions the process will not live long enough to profit from.
 * - V8's code cache: the bundle's compiled code is kept in the user's cache folder (per Node
 *   version and bundle) and re-used on the next run; if anything about it fails, the bundle is
 *   simply compiled. `AI_STACK_COMPILE_CACHE=0` turns it off. One cache per compiler choice (V8
 *   rejects a cache made under other flags: one shared file made small and large inputs reject
 *   each other's cache on every alternation) and per command (`--version` would fill `check`'s
 *   cache with none of the checking code). Caches of earlier builds of this install are removed.
 * - For small inputs (the usual project) the optimising compiler is switched off; large files keep it.
 * Imports nothing heavy itself.
 */
import { isAscii } from 'node:buffer';
import fs from 'node:fs';
import Module from 'node:module';
import os from 'node:os';
import path from 'node:path';
import v8 from 'node:v8';
import vm from 'node:vm';

const BUNDLE = path.join(__dirname, 'cli-main.js');
/**
 * Inputs up to this size run faster without the optimising compiler. Measured on realistic files
 * (bench/realistic.ts), CPU of the whole process with and without it: 100 services (124 KB)
 * 590 → 360 ms, 300 (370 KB) 1,095 → 737 ms, 500 (620 KB) 1,359 → 1,085 ms; 1000 (1.2 MB) about
 * even (kept on); 3000 (3.7 MB) 5.3 s with it, 6.6 s without.
 */
const SMALL_INPUT_BYTES = 1024 * 1024;
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

interface CacheFile {
  dir: string;
  name: string;
  /** Names of this install's caches start so (a short hash of the bundle's path). */
  install: string;
}

/** `cli-<install>-<variant>-<node>-<arch>-<bundle size>-<bundle mtime>.cache` in the user's cache folder. */
function cacheFile(bundle: fs.Stats, variant: string): CacheFile | undefined {
  if (process.env.AI_STACK_COMPILE_CACHE === '0') return undefined;
  const base = process.env.XDG_CACHE_HOME || path.join(os.homedir(), '.cache');
  const dir = path.join(base, 'ai-stack');
  try {
    fs.mkdirSync(dir, { recursive: true, mode: 0o700 });
  } catch {
    return undefined;
  }
  const install = `cli-${hash(BUNDLE)}-`;
  const name = `${install}${variant}-${process.version}-${process.arch}-${bundle.size}-${Math.round(bundle.mtimeMs)}.cache`;
  return { dir, name, install };
}

/** Node options given to this process change V8's flags too: their own cache (`-f<hash>`), none when there are none. */
function nodeFlags(): string {
  const flags = [...process.execArgv, process.env.NODE_OPTIONS ?? ''].join(' ').trim();
  return flags ? `-f${hash(flags)}` : '';
}

/** FNV-1a, as 8 hex digits: tells installs apart in a file name (not a security boundary). */
function hash(text: string): string {
  let h = 0x811c9dc5;
  for (let i = 0; i < text.length; i++) h = Math.imul(h ^ text.charCodeAt(i), 0x01000193);
  return (h >>> 0).toString(16).padStart(8, '0');
}

/**
 * Removes what no run of this install will read again: its caches of other builds (or another
 * Node), and caches named before they carried an install (`cli-v20…`). Other installs keep theirs.
 */
function pruneCaches(cache: CacheFile): void {
  const current = cache.name.slice(cache.install.length).replace(/^[a-z]+-[a-z]+(-f[0-9a-f]{8})?-/, '');
  for (const name of safeReaddir(cache.dir)) {
    if (!name.endsWith('.cache')) continue;
    const stale = name.startsWith(cache.install) ? !name.endsWith(`-${current}`) : /^cli-v\d/.test(name);
    if (stale) fs.rmSync(path.join(cache.dir, name), { force: true });
  }
}

/**
 * Our header before V8's data: a tag and the input bytes of the run that wrote the cache. A run on
 * a larger input compiles more of the checker (rules for settings a tiny file lacks), so it
 * rewrites a cache a much smaller input made; the cache grows to what real runs use, in a few steps.
 */
const HEADER_TAG = 0x31636961; // "aic1"
const HEADER_BYTES = 8;

function readCache(file: string): { data: Buffer; inputBytes: number } | 'missing' | 'corrupt' {
  let bytes: Buffer;
  try {
    bytes = fs.readFileSync(file);
  } catch {
    return 'missing';
  }
  if (bytes.length <= HEADER_BYTES || bytes.readUInt32LE(0) !== HEADER_TAG) return 'corrupt';
  return { data: bytes.subarray(HEADER_BYTES), inputBytes: bytes.readUInt32LE(4) };
}

/** Compiles and runs the bundle as a CommonJS module, with the code cache when there is one. */
function load(variant: string, input: number): { run(argv: string[]): void } {
  const stat = fs.statSync(BUNDLE);
  const cache = cacheFile(stat, variant);
  const file = cache && path.join(cache.dir, cache.name);
  const read = file ? readCache(file) : 'missing';
  const cached = typeof read === 'object' ? read.data : undefined;
  const bytes = fs.readFileSync(BUNDLE);
  // esbuild writes ASCII (only a development build's comments may not be): then latin1 decodes the same text, several times faster than UTF-8.
  const source = isAscii(bytes) ? bytes.toString('latin1') : bytes.toString('utf8');
  const script = new vm.Script(Module.wrap(source), { filename: BUNDLE, cachedData: cached });
  const accepted = cached !== undefined && !script.cachedDataRejected;
  const outgrown = accepted && typeof read === 'object' && input > 2 * read.inputBytes;
  if (debug) process.stderr.write(`ai-stack launcher: code cache ${accepted ? 'used' : read === 'missing' ? 'missing' : 'rejected'}${outgrown ? ' (rewritten at exit: larger input)' : ''}\n`);
  if (cache && file && (!accepted || outgrown)) {
    // Written at exit, so it holds the functions this run compiled too, not only the top level.
    process.once('exit', () => {
      try {
        const header = Buffer.alloc(HEADER_BYTES);
        header.writeUInt32LE(HEADER_TAG, 0);
        header.writeUInt32LE(Math.min(input, 0xffffffff), 4);
        const tmp = `${file}.${process.pid}.tmp`;
        fs.writeFileSync(tmp, Buffer.concat([header, script.createCachedData()]), { mode: 0o600 });
        fs.renameSync(tmp, file);
        pruneCaches(cache);
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
const input = inputBytes(argv);
const small = input <= SMALL_INPUT_BYTES;
if (small) v8.setFlagsFromString('--no-opt');
let cli: { run(argv: string[]): void };
try {
  cli = load(`${argv[0] === 'check' ? 'check' : 'other'}-${small ? 'noopt' : 'opt'}${nodeFlags()}`, input);
} catch (e) {
  if (debug) process.stderr.write(`ai-stack launcher: ${(e as Error).message}; loading the bundle plainly\n`);
  cli = require(BUNDLE) as { run(argv: string[]): void };
}
cli.run(argv);
