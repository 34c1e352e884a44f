import { test } from 'node:test';
import assert from 'node:assert/strict';
import { applyFix, findings, underlined } from '../../support/rules';

const stack = (app: string, extra = '') =>
  `services:\n  proxy:\n    image: nginx:1.27.3\n    ports: ["127.0.0.1:8080:80"]\n    depends_on: [api]\n  api:\n    image: example/api:1.2.3\n${app}  db:\n    image: postgres:16.4\n${extra}`;

test('container-name-blocks-update: container_name on a served app; the unsafe fix removes it', () => {
  const text = stack('    container_name: api\n    stop_grace_period: 30s\n');
  const [f] = findings(text, 'container-name-blocks-update');
  assert.equal(underlined(text, f), 'container_name');
  assert.match(f.message, /a second container cannot be started beside it/);
  const out = applyFix(text, 'container-name-blocks-update');
  assert.ok(!out.includes('container_name'), out);
  assert.deepEqual(findings(stack('    stop_grace_period: 30s\n', '    container_name: db\n'), 'container-name-blocks-update'), [], 'the database is not served through the proxy');
});
