import { test } from 'node:test';
import assert from 'node:assert/strict';
import { applyFix, findings, underlined } from '../../support/rules';

test('port-no-wildcard-bind: long syntax, flow style, 4-space indentation', () => {
  const long = `services:\n    web:\n        image: nginx:1.27.3\n        ports:\n            - target: 80\n              published: 8080\n              host_ip: 0.0.0.0 # all\n`;
  const [f] = findings(long, 'port-no-wildcard-bind');
  assert.ok(underlined(long, f).startsWith('target: 80'));
  assert.ok(applyFix(long, 'port-no-wildcard-bind').includes('              host_ip: 127.0.0.1 # all'));
  const flow = `services:\n  web: {image: "nginx:1.27.3", ports: ["0.0.0.0:80:80"]}\n`;
  assert.equal(applyFix(flow, 'port-no-wildcard-bind'), `services:\n  web: {image: "nginx:1.27.3", ports: ["127.0.0.1:80:80"]}\n`);
  assert.equal(findings(`services:\n  web:\n    image: nginx:1.27.3\n    ports: ["127.0.0.1:80:80"]\n`, 'port-no-wildcard-bind').length, 0);
});


test('port-no-wildcard-bind fires on 0.0.0.0, :: and [::] and fixes to 127.0.0.1', () => {
  const text = `services:\n  web: # front\n    image: nginx:1.27.3\n    ports:\n      - "0.0.0.0:8080:80" # public\n      - "[::]:8443:443/tcp"\n`;
  const list = findings(text, 'port-no-wildcard-bind');
  assert.deepEqual(list.map((f) => underlined(text, f)), ['"0.0.0.0:8080:80"', '"[::]:8443:443/tcp"']);
  const once = applyFix(text, 'port-no-wildcard-bind');
  assert.ok(once.includes('- "127.0.0.1:8080:80" # public'));
  const twice = applyFix(once, 'port-no-wildcard-bind');
  assert.ok(twice.includes('- "127.0.0.1:8443:443/tcp"'));
  assert.equal(findings(twice, 'port-no-wildcard-bind').length, 0);
});
