import { test } from 'node:test';
import assert from 'node:assert/strict';
import { findings, underlined } from '../../support/rules';

test('container-name-valid: fires at invalid names, skips interpolated ones', () => {
  const text = `services:\n  api:\n    image: x:1.2.3\n    container_name: "my app"\n  web: {image: x:1, container_name: _web}\n  ok: {image: x:1, container_name: my_app.v2-1}\n  env: {image: x:1, container_name: "\${PROJECT}-env"}\n`;
  assert.deepEqual(findings(text, 'container-name-valid').map((f) => underlined(text, f)), ['"my app"', '_web']);
});
