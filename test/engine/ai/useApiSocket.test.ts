import { test } from 'node:test';
import assert from 'node:assert/strict';
import { findings, underlined } from '../../support/rules';

test('no-docker-socket: use_api_socket: true is access to the Docker engine; silent when false or absent', () => {
  const text = `services:\n  agent:\n    image: agent:1.2.3\n    use_api_socket: true # needs docker\n`;
  const [f] = findings(text, 'no-docker-socket');
  assert.equal(f.severity, 'error');
  assert.equal(underlined(text, f), 'true');
  assert.match(f.message, /engine API/);
  assert.equal(findings(`services:\n  agent:\n    image: agent:1.2.3\n    use_api_socket: false\n`, 'no-docker-socket').length, 0);
  assert.equal(findings(text, 'compose-schema').length, 0, 'use_api_socket is a known key');
});
