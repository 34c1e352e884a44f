import { test } from 'node:test';
import assert from 'node:assert/strict';
import { collectVariables, generateEnvExample } from '../../server/src/scaffold/envExample';

const compose = `# \${IN_A_COMMENT} is not a variable
services:
  db:
    image: postgres:\${PG_VERSION:-16.6}
    environment:
      POSTGRES_PASSWORD: \${POSTGRES_PASSWORD:?Set POSTGRES_PASSWORD in .env}
      POSTGRES_USER: \${POSTGRES_USER:-postgres}
      API_TOKEN: \${API_TOKEN:-dev-token-123}
      LITERAL: "$$NOT_A_VAR"
  api:
    image: ghcr.io/acme/api:\${TAG?set the image tag}
    command: ["serve", "--port", "$PORT"]
`;

test('collects every interpolated variable (not comments, not $$ escapes) with required flags and messages', () => {
  const vars = collectVariables([{ path: 'compose.yaml', text: compose }]);
  assert.deepEqual(vars.map((v) => v.name).sort(), ['API_TOKEN', 'PG_VERSION', 'PORT', 'POSTGRES_PASSWORD', 'POSTGRES_USER', 'TAG']);
  const pw = vars.find((v) => v.name === 'POSTGRES_PASSWORD')!;
  assert.equal(pw.required, true);
  assert.equal(pw.message, 'Set POSTGRES_PASSWORD in .env');
});

test('required first with the message as a comment; defaults only for non-secrets; secret values never written', () => {
  const { text } = generateEnvExample([{ path: 'compose.yaml', text: compose }]);
  const lines = text.split('\n');
  const i = (s: string) => lines.indexOf(s);
  assert.ok(i('POSTGRES_PASSWORD=') > 0 && i('TAG=') > 0);
  assert.equal(lines[i('POSTGRES_PASSWORD=') - 2], '# Set POSTGRES_PASSWORD in .env');
  assert.ok(i('TAG=') < i('PG_VERSION=16.6'), 'required before optional');
  assert.ok(i('POSTGRES_USER=postgres') > 0);
  assert.ok(i('API_TOKEN=') > 0, 'secret default not written');
  assert.ok(!text.includes('dev-token-123'));
  assert.ok(!text.includes('IN_A_COMMENT') && !text.includes('NOT_A_VAR'));
});

test('an existing .env.example is kept byte-identical and only missing variables are appended', () => {
  const existing = '# mine\nPOSTGRES_USER=me\n# TAG=1.0\n';
  const { text, added } = generateEnvExample([{ path: 'compose.yaml', text: compose }], existing);
  assert.ok(text.startsWith(existing));
  assert.deepEqual(added.sort(), ['API_TOKEN', 'PG_VERSION', 'PORT', 'POSTGRES_PASSWORD']);
  assert.equal(generateEnvExample([{ path: 'compose.yaml', text: compose }], text).text, text);
});

test('broken YAML does not throw', () => {
  assert.doesNotThrow(() => generateEnvExample([{ path: 'c.yaml', text: 'services: [\n  ${X' }]));
});
