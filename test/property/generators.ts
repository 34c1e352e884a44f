/**
 * fast-check generators of compose files and Dockerfiles nobody wrote by hand: random services with
 * random subsets of keys in block and flow style, 2- or 4-space indentation, anchors and merge keys,
 * trailing and standalone comments, BOM, CRLF, with and without a final newline, files that end inside
 * a service. Each case is a plain text; the properties are checked on it in properties.test.ts.
 */
import fc from 'fast-check';

const IMAGES = ['postgres:16.4', 'redis:7.2.5', 'python:3.12.8-slim', 'ollama/ollama:0.5.7', 'nginx:latest', 'myapp', 'qdrant/qdrant:v1.12.0', 'node:22'];
const NAMES = ['db', 'redis', 'api', 'worker', 'ollama', 'web', 'proxy', 'café'];
const COMMENTS = ['# keep me', '# TODO: pin', '# ports: ["9:9"]', '#no space', '# trailing: value'];

interface Entry {
  key: string;
  /** Block rendering: lines relative to the key's column (first is `key: …`). */
  block: (unit: string) => string[];
  /** Flow rendering (`key: value` inside `{…}`), when the value has one. */
  flow?: string;
}

/** In flow style `{`, `}`, `[`, `]` and `,` end a plain scalar: such values are quoted there. */
const flowValue = (v: string) => (/[{}[\],]/.test(v) && !/^[[{"]/.test(v) ? JSON.stringify(v) : v);
const scalarEntry = (key: string, value: string): Entry => ({ key, block: () => [`${key}: ${value}`], flow: `${key}: ${value}` });
const listEntry = (key: string, items: string[]): Entry => ({
  key,
  block: (u) => [`${key}:`, ...items.map((i) => `${u}- ${i}`)],
  flow: `${key}: [${items.map(flowValue).join(', ')}]`,
});
const mapEntry = (key: string, pairs: [string, string][]): Entry => ({
  key,
  block: (u) => [`${key}:`, ...pairs.map(([k, v]) => `${u}${k}: ${v}`)],
  flow: `${key}: {${pairs.map(([k, v]) => `${k}: ${flowValue(v)}`).join(', ')}}`,
});

function entries(others: string[]): fc.Arbitrary<Entry>[] {
  const dep = others[0] ?? 'db';
  return [
    fc.constantFrom(...IMAGES).map((i) => scalarEntry('image', i)),
    fc.constantFrom(['"8080:80"'], ['127.0.0.1:5432:5432'], ['"11434:11434"', '"9000"'], ['0.0.0.0:80:80']).map((p) => listEntry('ports', p)),
    fc.constantFrom<[string, string][]>(
      [['POSTGRES_PASSWORD', 'supersecret']],
      [['DATABASE_URL', 'postgresql://app:hunter2@db:5432/app'], ['LOG_LEVEL', 'info']],
      [['API_KEY', '${API_KEY}'], ['OLLAMA_HOST', 'http://ollama:11434']],
      [['SECRET_KEY', '${SECRET_KEY:-changeme}']],
    ).map((p) => mapEntry('environment', p)),
    fc.constantFrom(['POSTGRES_PASSWORD=pw'], ['A=1', 'TOKEN=abc']).map((p) => listEntry('environment', p)),
    fc.constantFrom(['./data:/var/lib/postgresql/data'], ['${DATA_DIR:-.}/pg:/var/lib/postgresql/data:Z'], ['/var/run/docker.sock:/var/run/docker.sock'], ['models:/root/.ollama'], ['/data:ro']).map((v) => listEntry('volumes', v)),
    fc.constantFrom(['SYS_ADMIN'], ['NET_BIND_SERVICE', 'CHOWN']).map((c) => listEntry('cap_add', c)),
    fc.constant(listEntry('cap_drop', ['ALL'])),
    fc.constantFrom(['no-new-privileges:true'], ['seccomp:unconfined']).map((s) => listEntry('security_opt', s.map((x) => `"${x}"`))),
    fc.constantFrom('true', 'false').map((v) => scalarEntry('read_only', v)),
    fc.constantFrom('"1001:1001"', 'root', '"0"').map((v) => scalarEntry('user', v)),
    fc.constantFrom('unless-stopped', '"no"', 'always').map((v) => scalarEntry('restart', v)),
    fc.constantFrom('true').map((v) => scalarEntry('privileged', v)),
    fc.constantFrom('host').map((v) => scalarEntry('ipc', v)),
    fc.constant(mapEntry('healthcheck', [['test', '["CMD", "curl", "-f", "http://localhost:8000/health"]'], ['interval', '10s']])),
    fc.constant(listEntry('depends_on', [dep])),
    fc.constant(mapEntry('logging', [['driver', 'json-file']])),
    fc.constantFrom('"python -m app"', '["sh", "-c", "alembic upgrade head && uvicorn app:app"]').map((c) => scalarEntry('command', c)),
    fc.constant({ key: 'deploy', block: (u: string) => ['deploy:', `${u}resources:`, `${u}${u}limits:`, `${u}${u}${u}memory: 512M`], flow: 'deploy: {resources: {limits: {memory: 512M}}}' } as Entry),
    fc.constant(listEntry('networks', ['backend'])),
    fc.constant(scalarEntry('pids_limit', '100')),
  ];
}

export interface ComposeCase {
  text: string;
  bom: boolean;
  crlf: boolean;
}

const service = (name: string, others: string[]) =>
  fc.record({
    name: fc.constant(name),
    entries: fc.uniqueArray(fc.oneof(...entries(others)), { minLength: 0, maxLength: 7, selector: (e) => e.key }),
    flow: fc.boolean(),
    merge: fc.boolean(),
    comment: fc.option(fc.constantFrom(...COMMENTS), { nil: undefined }),
    commentAbove: fc.option(fc.constantFrom(...COMMENTS), { nil: undefined }),
  });

export const composeCase: fc.Arbitrary<ComposeCase> = fc
  .uniqueArray(fc.constantFrom(...NAMES), { minLength: 1, maxLength: 5 })
  .chain((names) =>
    fc.record({
      services: fc.tuple(...names.map((n) => service(n, names.filter((o) => o !== n)))),
      unit: fc.constantFrom('  ', '    '),
      anchor: fc.boolean(),
      topVolumes: fc.boolean(),
      topNetworks: fc.boolean(),
      header: fc.option(fc.constantFrom(...COMMENTS), { nil: undefined }),
      bom: fc.boolean(),
      crlf: fc.boolean(),
      finalNewline: fc.boolean(),
      trailingComment: fc.boolean(),
    }),
  )
  .map((c) => {
    const u = c.unit;
    const lines: string[] = [];
    if (c.header) lines.push(c.header);
    if (c.anchor) lines.push('x-defaults: &defaults', `${u}restart: unless-stopped`, `${u}logging:`, `${u}${u}driver: json-file # rotate later`);
    if (c.topVolumes) lines.push('volumes:', `${u}models: {}`);
    lines.push('services:');
    for (const s of c.services) {
      // Compose requires an image (or a build): a service without one is a different, less useful case.
      if (!s.entries.some((e) => e.key === 'image')) s.entries.unshift(scalarEntry('image', 'busybox:1.36.1'));
      if (s.commentAbove) lines.push(`${u}${s.commentAbove}`);
      const trail = s.comment ? ` ${s.comment}` : '';
      const flowable = s.entries.every((e) => e.flow);
      if (s.flow && flowable && !(s.merge && c.anchor)) {
        lines.push(`${u}${s.name}: {${s.entries.map((e) => e.flow).join(', ')}}${trail}`);
        continue;
      }
      lines.push(`${u}${s.name}:${trail}`);
      if (s.merge && c.anchor) lines.push(`${u}${u}<<: *defaults`);
      for (const e of s.entries) for (const l of e.block(u)) lines.push(`${u}${u}${l}`);
    }
    if (c.topNetworks) lines.push('networks:', `${u}backend: {}`);
    if (c.trailingComment) lines.push('# end');
    const eol = c.crlf ? '\r\n' : '\n';
    const text = (c.bom ? '\uFEFF' : '') + lines.join(eol) + (c.finalNewline ? eol : '');
    return { text, bom: c.bom, crlf: c.crlf };
  });

const DOCKER_LINES = [
  'FROM python:3.12',
  'FROM node:22.12.0-alpine3.21 AS build',
  'FROM ubuntu',
  'FROM python:latest',
  'RUN apt-get update && apt-get install -y curl',
  'RUN pip install -r requirements.txt',
  'RUN npm install',
  'ADD app.tar.gz /app/',
  'ADD . /app',
  'COPY . .',
  'COPY --chown=1001:1001 . /app',
  'USER root',
  'USER 1001',
  'HEALTHCHECK CMD curl -f http://localhost:8000/health || exit 1',
  'ENV API_KEY=abc123',
  'ARG VERSION=1',
  'EXPOSE 8000',
  'WORKDIR /app',
  'CMD python app.py',
  'CMD ["python", "app.py"]',
  'ENTRYPOINT ["./start.sh"]',
  'RUN echo a \\',
  '    && echo b',
  'RUN curl -k https://example.com/x | sh',
  'RUN echo a\u00a0b',
  'RUN echo a\u000bb\u000cc',
  'RUN apk add curl',
  '# a comment',
  '# syntax=docker/dockerfile:1',
  '',
];

export const dockerfileCase: fc.Arbitrary<ComposeCase> = fc
  .record({
    lines: fc.array(fc.constantFrom(...DOCKER_LINES), { minLength: 1, maxLength: 14 }),
    bom: fc.boolean(),
    crlf: fc.boolean(),
    finalNewline: fc.boolean(),
  })
  .map((c) => {
    const eol = c.crlf ? '\r\n' : '\n';
    return { text: (c.bom ? '\uFEFF' : '') + c.lines.join(eol) + (c.finalNewline ? eol : ''), bom: c.bom, crlf: c.crlf };
  });
