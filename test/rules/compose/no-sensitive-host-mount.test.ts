import { test } from 'node:test';
import assert from 'node:assert/strict';
import { findings, underlined } from '../../support/rules';

test('no-sensitive-host-mount: flags /, CIS dirs and their subpaths (warning when read-only), and driver_opts devices', () => {
  const text = `services:
  api:
    image: x:1.2.3
    volumes:
      - /:/host
      - /etc/localtime:/etc/localtime:ro
      - /etc/hosts:/etc/hosts:ro
      - /usr/lib/../lib/x:/x
      - /proc:/host/proc
      - /etcetera:/data
      - ./etc:/etc/app
volumes:
  hostetc:
    driver_opts: {type: none, o: bind, device: /etc}
`;
  const fs = findings(text, 'no-sensitive-host-mount');
  assert.deepEqual(
    fs.map((f) => [underlined(text, f), f.severity]),
    [
      ['/:/host', 'error'],
      ['/etc/hosts:/etc/hosts:ro', 'warning'],
      ['/usr/lib/../lib/x:/x', 'error'],
      ['/proc:/host/proc', 'error'],
      ['/etc', 'error'],
    ],
  );
  assert.equal(findings(`services:\n  api: {image: x:1.2.3, volumes: [./data:/data, /srv/app:/app]}\n`, 'no-sensitive-host-mount').length, 0);
});

test('no-sensitive-host-mount: read-only time-zone files are not sensitive; writable ones still are', () => {
  const text = `services:\n  api:\n    image: x:1.2.3\n    volumes:\n      - /etc/localtime:/etc/localtime:ro\n      - /etc/timezone:/etc/timezone:ro\n      - type: bind\n        source: /usr/share/zoneinfo\n        target: /usr/share/zoneinfo\n        read_only: true\n      - /etc/timezone:/etc/timezone\n`;
  assert.deepEqual(findings(text, 'no-sensitive-host-mount').map((f) => [underlined(text, f), f.severity]), [['/etc/timezone:/etc/timezone', 'error']]);
});
