import { test } from 'node:test';
import assert from 'node:assert/strict';
import { applyFix, findings, underlined } from '../../support/rules';

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
