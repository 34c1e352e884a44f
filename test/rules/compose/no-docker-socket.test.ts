import { test } from 'node:test';
import assert from 'node:assert/strict';
import { findings, underlined } from '../../support/rules';

test('no-docker-socket: error on a rw socket mount, warning when read-only, hint for a variable source', () => {
  const text = `services:
  agent: # runs tools
    image: x:1.2.3
    volumes:
      - /var/run/docker.sock:/var/run/docker.sock
      - type: bind
        source: /run/docker.sock
        target: /var/run/docker.sock
        read_only: true
      - \${DOCKER_SOCKET_LOCATION}:/var/run/docker.sock
      - "\${SOCK:-/var/run/docker.sock}:/var/run/docker.sock:ro"
`;
  const fs = findings(text, 'no-docker-socket');
  assert.deepEqual(
    fs.map((f) => [underlined(text, f).split('\n')[0], f.severity]),
    [
      ['/var/run/docker.sock:/var/run/docker.sock', 'error'],
      ['type: bind', 'warning'],
      ['${DOCKER_SOCKET_LOCATION}:/var/run/docker.sock', 'hint'],
      ['"${SOCK:-/var/run/docker.sock}:/var/run/docker.sock:ro"', 'warning'],
    ],
  );
});

test('no-docker-socket: quiet on ordinary volumes; inherited mounts point at the service', () => {
  const ok = `services:\n  api: {image: x:1.2.3, volumes: [data:/data, ./app:/app:ro]}\nvolumes: {data: {}}\n`;
  assert.equal(findings(ok, 'no-docker-socket').length, 0);
  const anchored = `x-sock: &sock\n  volumes: [/var/run/docker.sock:/var/run/docker.sock]\nservices:\n  api:\n    <<: *sock\n    image: x:1.2.3\n`;
  assert.equal(underlined(anchored, findings(anchored, 'no-docker-socket')[0]), 'api');
});


test('no-docker-socket: use_api_socket: true is access to the Docker engine; silent when false or absent', () => {
  const text = `services:\n  agent:\n    image: agent:1.2.3\n    use_api_socket: true # needs docker\n`;
  const [f] = findings(text, 'no-docker-socket');
  assert.equal(f.severity, 'error');
  assert.equal(underlined(text, f), 'true');
  assert.match(f.message, /engine API/);
  assert.equal(findings(`services:\n  agent:\n    image: agent:1.2.3\n    use_api_socket: false\n`, 'no-docker-socket').length, 0);
  assert.equal(findings(text, 'compose-schema').length, 0, 'use_api_socket is a known key');
});
