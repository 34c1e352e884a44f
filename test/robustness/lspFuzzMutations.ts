/**
 * Mutations for the LSP fuzzer (lspFuzz.ts): each takes a text (a real compose file or Dockerfile
 * from the third-party corpus, or an earlier mutation of one) and returns a damaged or unusual
 * variant of the kind real editing produces (a half-typed line, a paste from a web page, a file
 * saved on Windows, a block moved one level too deep) or that a hostile file carries. All of them
 * draw from a seeded PRNG, so a seed and a case number reproduce a case exactly.
 */

export type Rand = () => number;
export type Kind = 'compose' | 'dockerfile';

export function int(r: Rand, lo: number, hi: number): number {
  return lo + Math.floor(r() * (hi - lo + 1));
}

export function pick<T>(r: Rand, list: readonly T[]): T {
  return list[Math.floor(r() * list.length)];
}

/** Characters and sequences that have broken parsers and loops over input before (issue 10). */
const HOSTILE = [
  '\u00a0', // NBSP, pasted from web pages
  '\t',
  '\v',
  '\f',
  '\r', // a bare CR
  '\r\n',
  '\ufeff', // BOM, here also in the middle of a file
  '\u2028',
  '\u2029',
  '\u0085', // NEL
  '\ud800', // lone surrogates
  '\udfff',
  '\u0000',
  '\u200b',
  '\u202e',
  '\u3000',
  '😀',
  '\\',
  '\\\n',
  '"',
  "'",
  '#',
  ': ',
  '- ',
  '{',
  '}',
  '[',
  ']',
  '&',
  '*',
  '!',
  '|',
  '>',
  '%',
  '@',
  '`',
  '${',
  '$$',
  '${A:-${B:?x}}',
];

const COMPOSE_CONSTRUCTS = [
  'x-base: &fz\n  restart: always\n  privileged: true',
  '<<: *fz',
  '<<: [*fz, *undefined]',
  '<<: *undefined',
  'a: &fz [*fz]',
  'anchor: &fz\n  <<: *fz',
  '{a: 1, b: [2, 3], c: {d: e}}',
  '[a, {b: c}, [d]]',
  'data: !!binary aGVsbG8=',
  'x: !reset []',
  'x: !override {}',
  'x: !!str',
  '? complex\n: value',
  '? [a, b]\n: x',
  '? {c: d}\n: y',
  '---',
  '---\nservices: {}',
  '...',
  '%YAML 1.1\n---',
  'key: |\n  block\n  scalar',
  'key: >-\n  folded',
  'key: "unterminated',
  "key: 'unterminated",
  '- item',
  '-',
  ':',
  'services:',
  'services: []',
  'services: ~',
  'include: [compose.yaml]',
  'include:\n  - path: ./compose.yaml',
  'extends: {file: compose.yaml, service: x}',
  'extends: self',
  'privileged: true',
  'network_mode: host',
  'pid: host',
  'user: root',
  'read_only: false',
  'cap_add: [ALL]',
  'ports: ["0.0.0.0:11434:11434", "8080", 5432]',
  'ports:\n  - target: 80\n    published: "8080"',
  'volumes:\n  - /var/run/docker.sock:/var/run/docker.sock\n  - ${DATA_DIR:-.}/pg:/var/lib/postgresql/data:Z',
  'environment:\n  - POSTGRES_PASSWORD=hunter2\n  - API_KEY',
  'environment: {OPENAI_API_KEY: sk-abc123, DATABASE_URL: "postgres://u:p@db/x"}',
  'depends_on: {db: {condition: service_healthy}}',
  'depends_on: [db, db, nothere]',
  'healthcheck: {test: ["CMD", "true"], interval: 1x}',
  'healthcheck:\n  disable: true',
  'deploy: {resources: {reservations: {devices: [{capabilities: [gpu], count: all}]}}}',
  'build: .',
  'build: {context: ., dockerfile: ../Dockerfile}',
  'image: ollama/ollama',
  'image: ""',
  'image:',
  'env_file: .env',
  'secrets: [nothere]',
  'command: ["a", 1, {b: c}]',
  'logging: {driver: none}',
  'mem_limit: 1e99',
  'shm_size: -1',
];

const DOCKERFILE_CONSTRUCTS = [
  'RUN echo a \\',
  'RUN echo a \\\n\n  && echo b',
  'RUN <<EOF\necho heredoc\nEOF',
  'RUN <<EOF',
  'COPY <<-"EOT" /app/x\n\tcontent\n\tEOT',
  '# escape=`',
  '# escape=\\',
  '# syntax=docker/dockerfile:1',
  '# check=skip=all',
  'ONBUILD RUN make',
  'ONBUILD ONBUILD',
  'ONBUILD',
  'CMD ["node", "server.js"',
  'CMD ["node", server.js]',
  'CMD []',
  'ENTRYPOINT ["a"] trailing',
  'SHELL ["/bin/sh", "-c"]',
  'SHELL notjson',
  'FROM',
  'FROM ${BASE:-alpine} AS',
  'FROM scratch AS build AS two',
  'FROM node:latest',
  'ARG X=${Y:-z}',
  'ENV A=1 B="2 C=3',
  'ENV',
  'USER',
  'USER root',
  'USER 0:0',
  'WORKDIR',
  'EXPOSE 80/tcp 99999 -1',
  'HEALTHCHECK CMD',
  'HEALTHCHECK NONE',
  'HEALTHCHECK --interval=abc CMD true',
  'COPY --from= . .',
  'COPY --chown=root:root . /',
  'ADD http://example.com/x.tar.gz /',
  'RUN apt-get install -y curl',
  'RUN curl -fsSL https://example.com | sh',
  'RUN --mount=type=cache,target=/root/.cache pip install x',
  'run echo lowercase',
  'LABEL',
  'MAINTAINER someone',
  'STOPSIGNAL',
  'VOLUME ["/data"',
];

function lines(text: string): string[] {
  return text.split('\n');
}

function lineStarts(text: string): number[] {
  const starts = [0];
  for (let i = text.indexOf('\n'); i !== -1; i = text.indexOf('\n', i + 1)) starts.push(i + 1);
  return starts;
}

function indentOf(line: string): string {
  return /^[ \t]*/.exec(line)![0];
}

/** Inserts `snippet` (possibly several lines) as whole lines at a random line, indented like the line it lands before. */
function insertLines(r: Rand, text: string, snippet: string): string {
  const ls = lines(text);
  const at = int(r, 0, ls.length);
  const indent = r() < 0.7 ? indentOf(ls[Math.min(at, ls.length - 1)] ?? '') : ' '.repeat(int(r, 0, 8));
  const block = snippet.split('\n').map((l) => indent + l);
  ls.splice(at, 0, ...block);
  return ls.join('\n');
}

function randomOffset(r: Rand, text: string): number {
  return int(r, 0, text.length);
}

/** A mutation: text in, text out. `other` is another corpus file for splices. */
type Mutation = (r: Rand, text: string, kind: Kind, other: string) => string;

const MUTATIONS: Record<string, Mutation> = {
  deleteLines(r, text) {
    const ls = lines(text);
    const at = int(r, 0, ls.length - 1);
    ls.splice(at, int(r, 1, 3));
    return ls.join('\n');
  },
  duplicateLines(r, text) {
    const ls = lines(text);
    const from = int(r, 0, ls.length - 1);
    const block = ls.slice(from, from + int(r, 1, 6));
    ls.splice(int(r, 0, ls.length), 0, ...block);
    return ls.join('\n');
  },
  swapLines(r, text) {
    const ls = lines(text);
    const a = int(r, 0, ls.length - 1);
    const b = int(r, 0, ls.length - 1);
    [ls[a], ls[b]] = [ls[b], ls[a]];
    return ls.join('\n');
  },
  shiftIndent(r, text) {
    const ls = lines(text);
    const from = int(r, 0, ls.length - 1);
    const to = Math.min(ls.length, from + int(r, 1, 12));
    const delta = pick(r, [-4, -2, -1, 1, 2, 4]);
    const tab = r() < 0.15;
    for (let i = from; i < to; i++) {
      if (tab) ls[i] = '\t' + ls[i];
      else if (delta > 0) ls[i] = ' '.repeat(delta) + ls[i];
      else ls[i] = ls[i].replace(new RegExp(`^ {0,${-delta}}`), '');
    }
    return ls.join('\n');
  },
  truncate(r, text) {
    return text.slice(0, randomOffset(r, text));
  },
  deleteSpan(r, text) {
    const at = randomOffset(r, text);
    return text.slice(0, at) + text.slice(at + int(r, 1, 40));
  },
  insertHostile(r, text) {
    let out = text;
    for (let n = int(r, 1, 3); n > 0; n--) {
      const at = randomOffset(r, out);
      out = out.slice(0, at) + pick(r, HOSTILE) + out.slice(at);
    }
    return out;
  },
  /** NBSP and friends where whitespace was: what a copy from a web page does. */
  replaceWhitespace(r, text) {
    const ws = pick(r, ['\u00a0', '\t', '\v', '\f', '\u3000', '\r']);
    let out = '';
    for (const ch of text) out += ch === ' ' && r() < 0.05 ? ws : ch;
    return out;
  },
  lineEndings(r, text) {
    switch (int(r, 0, 3)) {
      case 0:
        return text.replace(/\r?\n/g, '\r\n');
      case 1:
        return text.replace(/\n/g, () => (r() < 0.3 ? '\r' : '\n'));
      case 2:
        return text.replace(/\r\n/g, '\n').replace(/\n$/, '');
      default:
        return text.replace(/\n/g, () => (r() < 0.5 ? '\r\n' : '\n'));
    }
  },
  bom(_r, text) {
    return text.startsWith('\ufeff') ? text.slice(1) : '\ufeff' + text;
  },
  longLine(r, text) {
    const at = randomOffset(r, text);
    const long = pick(r, ['x', 'a ', '-', '[', '{a: ', '\\', ' ']).repeat(int(r, 1000, 60_000));
    return text.slice(0, at) + long + text.slice(at);
  },
  splice(r, text, _kind, other) {
    const from = randomOffset(r, other);
    const piece = other.slice(from, from + int(r, 1, 600));
    const at = randomOffset(r, text);
    const replaced = r() < 0.5 ? int(r, 0, 200) : 0;
    return text.slice(0, at) + piece + text.slice(at + replaced);
  },
  spliceLines(r, text, _kind, other) {
    const src = lines(other);
    const from = int(r, 0, src.length - 1);
    const ls = lines(text);
    ls.splice(int(r, 0, ls.length), r() < 0.3 ? int(r, 0, 5) : 0, ...src.slice(from, from + int(r, 1, 15)));
    return ls.join('\n');
  },
  construct(r, text, kind) {
    return insertLines(r, text, pick(r, kind === 'compose' ? COMPOSE_CONSTRUCTS : DOCKERFILE_CONSTRUCTS));
  },
  /** An anchor on one value and aliases to it elsewhere, in the file's own structure. */
  anchorAlias(r, text, kind) {
    if (kind !== 'compose') return insertLines(r, text, pick(r, DOCKERFILE_CONSTRUCTS));
    const starts = lineStarts(text);
    let out = text;
    for (let n = int(r, 1, 3); n > 0; n--) {
      const line = pick(r, starts);
      const colon = out.indexOf(': ', line);
      const eol = out.indexOf('\n', line);
      if (colon === -1 || (eol !== -1 && colon > eol)) continue;
      const mark = pick(r, [' &fz', ' *fz', ' &fz2', ' *fz2', ' !!str', ' !!binary', ' !!map', ' !custom']);
      out = out.slice(0, colon + 1) + mark + out.slice(colon + 1);
    }
    return out;
  },
  /** Dockerfile line continuations in odd places, and an escape directive that changes what they are. */
  continuation(r, text, kind) {
    const ls = lines(text);
    const at = int(r, 0, ls.length - 1);
    const c = pick(r, kind === 'dockerfile' ? ['\\', '`', '\\ ', '\\\t', '\\\r'] : ['\\', ' \\', '|']);
    ls[at] = ls[at] + c;
    if (kind === 'dockerfile' && r() < 0.2) ls.unshift(pick(r, ['# escape=`', '# escape=\\', '#escape=x', '# directive=1']));
    return ls.join('\n');
  },
  /** A random printable character typed at a random place: the half-typed states a keystroke passes through. */
  keystroke(r, text) {
    const at = randomOffset(r, text);
    const chars = 'abcxyz09 :-"\'#&*!|>{}[],.$=\\/\t\n';
    return text.slice(0, at) + chars[int(r, 0, chars.length - 1)] + text.slice(at);
  },
};

const NAMES = Object.keys(MUTATIONS);

/** Applies `count` random mutations; returns the text and the names applied (for the failure record). */
export function mutate(r: Rand, text: string, kind: Kind, other: string, count: number): { text: string; applied: string[] } {
  const applied: string[] = [];
  let out = text;
  for (let i = 0; i < count; i++) {
    const name = pick(r, NAMES);
    applied.push(name);
    out = MUTATIONS[name](r, out, kind, other);
  }
  // Keep a case within the engine's 5 MB bound: a bigger file is only a 'file-too-large' finding.
  if (out.length > 2_000_000) out = out.slice(0, 2_000_000);
  return { text: out, applied };
}
