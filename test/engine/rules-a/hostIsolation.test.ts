import { test } from 'node:test';
import assert from 'node:assert/strict';
import { applyFix, check, findings, underlined } from '../../support/rules';

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

const namespaces = [
  ['no-host-network', 'network_mode', 'error', false],
  ['no-host-pid', 'pid', 'error', true],
  ['no-host-ipc', 'ipc', 'error', true],
  ['no-host-userns', 'userns_mode', 'error', true],
  ['no-host-uts', 'uts', 'warning', true],
] as const;

for (const [id, key, severity, fixable] of namespaces) {
  test(`${id}: fires on ${key}: host at the value, quiet otherwise`, () => {
    const text = `services:\n  api: # app\n    image: x:1.2.3\n    ${key}: host # shared\n    init: true\n`;
    const [f] = findings(text, id);
    assert.equal(underlined(text, f), 'host');
    assert.equal(f.severity, severity);
    assert.equal(findings(text.replace(': host', ': "service:db"'), id).length, 0);
    assert.equal(findings(`services:\n  api: {image: x:1.2.3}\n`, id).length, 0);
    const anchored = `x-h: &h\n  ${key}: host\nservices:\n  api:\n    <<: *h\n    image: x:1.2.3\n`;
    const [g] = findings(anchored, id);
    assert.equal(underlined(anchored, g), 'api');
    assert.equal(check(anchored).fix(g), undefined);
  });

  if (fixable) {
    test(`${id}: fix deletes the ${key} line (block with 4 spaces, flow)`, () => {
      const text = `services:\n    api: # app\n        image: x:1.2.3\n        ${key}: host\n        init: true\n`;
      assert.equal(applyFix(text, id), `services:\n    api: # app\n        image: x:1.2.3\n        init: true\n`);
      const flow = `services:\n  api: {image: x:1.2.3, ${key}: host, init: true} # flow\n`;
      assert.equal(applyFix(flow, id), `services:\n  api: {image: x:1.2.3, init: true} # flow\n`);
    });
  } else {
    test(`${id}: no automatic fix (the service's reachability would change)`, () => {
      const text = `services:\n  api:\n    image: x:1.2.3\n    ${key}: host\n`;
      const a = check(text);
      assert.equal(a.fix(a.findings.find((f) => f.ruleId === id)!), undefined);
    });
  }
}

const svc = `services:
  api: # the app
    image: python:3.12.8-slim
`;

test('read-only-rootfs: fires when missing (service key) or false (value); quiet when true, also via anchor', () => {
  assert.equal(underlined(svc, findings(svc, 'read-only-rootfs')[0]), 'api');
  const off = svc + '    read_only: false\n';
  assert.equal(underlined(off, findings(off, 'read-only-rootfs')[0]), 'false');
  assert.equal(findings(svc + '    read_only: true\n', 'read-only-rootfs').length, 0);
  assert.equal(findings(svc + '    read_only: ${RO}\n', 'read-only-rootfs').length, 0, 'interpolated values are unknown');
  const anchored = `x-ro: &ro\n  read_only: true\nservices:\n  api:\n    <<: *ro\n    image: x:1.2.3\n`;
  assert.equal(findings(anchored, 'read-only-rootfs').length, 0);
});

test('read-only-rootfs: fix adds read_only and tmpfs, keeps an existing tmpfs (block, flow, 4 spaces)', () => {
  assert.equal(applyFix(svc, 'read-only-rootfs'), svc + '    read_only: true\n    tmpfs: [/tmp]\n');
  const off = svc + '    read_only: false # for now\n';
  assert.equal(applyFix(off, 'read-only-rootfs'), svc + '    read_only: true # for now\n    tmpfs: [/tmp]\n');
  const withTmpfs = `services:\n    api:\n        image: x:1.2.3\n        tmpfs:\n            - /run # pid file\n`;
  assert.equal(applyFix(withTmpfs, 'read-only-rootfs'), `services:\n    api:\n        image: x:1.2.3\n        tmpfs:\n            - /run # pid file\n            - /tmp\n        read_only: true\n`);
  const keep = `services:\n  api: {image: x:1.2.3, tmpfs: ["/tmp:size=64m"]} # flow\n`;
  assert.equal(applyFix(keep, 'read-only-rootfs'), `services:\n  api: {image: x:1.2.3, tmpfs: ["/tmp:size=64m"], read_only: true} # flow\n`);
  const flow = `services:\n  api: {image: x:1.2.3} # flow\n`;
  assert.equal(applyFix(flow, 'read-only-rootfs'), `services:\n  api: {image: x:1.2.3, read_only: true, tmpfs: [/tmp]} # flow\n`);
  const pg = `services:\n  db:\n    image: postgres:16.11-alpine3.21\n`;
  assert.equal(applyFix(pg, 'read-only-rootfs'), pg + '    read_only: true\n    tmpfs: [/tmp, /var/run/postgresql]\n');
});

test('non-root-user: fires when missing or root-like, quiet for other users and via anchor', () => {
  assert.equal(underlined(svc, findings(svc, 'non-root-user')[0]), 'api');
  for (const root of ['root', '0', '"0:0"', 'root:root']) {
    const text = svc + `    user: ${root}\n`;
    assert.equal(underlined(text, findings(text, 'non-root-user')[0]), root, root);
  }
  assert.equal(findings(svc + '    user: "1000:1000"\n', 'non-root-user').length, 0);
  assert.equal(findings(svc + '    user: app\n', 'non-root-user').length, 0);
  const anchored = `x-u: &u\n  user: "999"\nservices:\n  api:\n    <<: *u\n    image: x:1.2.3\n`;
  assert.equal(findings(anchored, 'non-root-user').length, 0);
});

test('non-root-user: fix is unsafe (placeholder uid) and inserts or replaces a quoted 1000:1000', () => {
  const a = check(svc);
  assert.equal(a.fix(a.findings.find((f) => f.ruleId === 'non-root-user')!)!.safe, false);
  assert.equal(applyFix(svc, 'non-root-user'), svc + '    user: "1000:1000"\n');
  assert.equal(applyFix(svc + "    user: 'root' # hmm\n", 'non-root-user'), svc + "    user: '1000:1000' # hmm\n");
  assert.equal(applyFix(svc + '    user: 0\n', 'non-root-user'), svc + '    user: "1000:1000"\n');
  const flow = `services:\n    api: {image: x:1.2.3} # flow\n`;
  assert.equal(applyFix(flow, 'non-root-user'), `services:\n    api: {image: x:1.2.3, user: "1000:1000"} # flow\n`);
});
