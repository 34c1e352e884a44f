/**
 * `.dockerignore` as the builder reads it, so a Dockerfile rule can tell whether a `COPY` source
 * reaches the build at all. Checked alone, a Dockerfile's build context is taken to be its own
 * directory (`docker build .` beside it, compose's default); BuildKit's `<Dockerfile>.dockerignore`
 * beside the Dockerfile wins over the context's `.dockerignore`.
 *
 * Matching follows Docker's pattern matcher: one pattern per line, `#` comments, leading and
 * trailing slashes and `./` dropped, `*` and `?` within a path element, `**` across elements,
 * `!` re-includes, the last matching line decides, and a path is excluded when it or a parent
 * directory is.
 */
import fs from 'node:fs';
import path from 'node:path';

interface Pattern {
  regex: RegExp;
  exclude: boolean;
}

export interface DockerIgnore {
  /** The ignore file that was read. */
  file: string;
  /** True when the context-relative path (or a parent directory of it) is left out of the build context. */
  excludes(relativePath: string): boolean;
}

function clean(p: string): string {
  return path.posix.normalize(p.replace(/\\/g, '/')).replace(/^(\.\/)+/, '').replace(/^\/+|\/+$/g, '');
}

function toRegex(pattern: string): RegExp {
  let out = '';
  for (let i = 0; i < pattern.length; i++) {
    const c = pattern[i];
    if (c === '*' && pattern[i + 1] === '*') {
      // `**/` matches zero or more directories, a trailing `**` everything below.
      i++;
      if (pattern[i + 1] === '/') {
        i++;
        out += '(?:.*/)?';
      } else out += '.*';
    } else if (c === '*') out += '[^/]*';
    else if (c === '?') out += '[^/]';
    else if (c === '[') {
      const end = pattern.indexOf(']', i + 1);
      if (end < 0) out += '\\[';
      else {
        out += `[${pattern.slice(i + 1, end).replace(/^!/, '^').replace(/\\/g, '\\\\')}]`;
        i = end;
      }
    } else if (c === '\\' && i + 1 < pattern.length) out += `\\${pattern[++i]}`;
    else out += c.replace(/[.+^${}()|\]\\/]/g, '\\$&');
  }
  return new RegExp(`^${out}$`);
}

export function parseDockerIgnore(file: string, text: string): DockerIgnore {
  const patterns: Pattern[] = [];
  for (const raw of text.split(/\r?\n/)) {
    let line = raw.trim();
    if (!line || line.startsWith('#')) continue;
    const exclude = !line.startsWith('!');
    if (!exclude) line = line.slice(1).trim();
    const cleaned = clean(line);
    if (!cleaned || cleaned === '.') continue;
    patterns.push({ regex: toRegex(cleaned), exclude });
  }
  return {
    file,
    excludes(relativePath) {
      const target = clean(relativePath);
      const parts = target.split('/');
      let excluded = false;
      for (const p of patterns) {
        // The path itself or one of its parent directories matches.
        const hit = parts.some((_, i) => p.regex.test(parts.slice(0, i + 1).join('/')));
        if (hit) excluded = p.exclude;
      }
      return excluded;
    },
  };
}

/** The ignore file that applies to a Dockerfile on disk checked alone, or undefined when there is none. */
export function dockerIgnoreFor(dockerfilePath: string): DockerIgnore | undefined {
  if (!path.isAbsolute(dockerfilePath)) return undefined;
  const dir = path.dirname(dockerfilePath);
  for (const candidate of [`${dockerfilePath}.dockerignore`, path.join(dir, '.dockerignore')]) {
    let text: string;
    try {
      text = fs.readFileSync(candidate, 'utf8');
    } catch {
      continue;
    }
    return parseDockerIgnore(candidate, text);
  }
  return undefined;
}
