import { test } from 'node:test';
import assert from 'node:assert/strict';
import { applyFix, findings, underlined } from '../../support/rules';

test('proxy-all-interfaces: a proxy without a host IP or on 0.0.0.0; port-host-ip-required leaves proxies to it; unsafe 127.0.0.1 fix', () => {
  const text = `services:\n  proxy:\n    image: caddy:2.9.1\n    depends_on: [api]\n    ports:\n      - "80:80"\n      - "0.0.0.0:443:443"\n      - "203.0.113.7:8443:443"\n  api:\n    image: example/api:1.2.3\n    ports: ["8000:8000"]\n`;
  const fs = findings(text, 'proxy-all-interfaces');
  assert.deepEqual(fs.map((f) => underlined(text, f)), ['"80:80"', '"0.0.0.0:443:443"']);
  assert.equal(fs[0].severity, 'info');
  assert.match(fs[0].message, /Proxy "proxy" publishes port 80:80 without a host IP, i\.e\. on every interface of the host: bind it to the address clients use/);
  assert.deepEqual(findings(text, 'port-host-ip-required').map((f) => f.service), ['api'], 'the proxy is reported once, by proxy-all-interfaces');
  assert.deepEqual(findings(text, 'port-no-wildcard-bind'), []);
  assert.ok(applyFix(text, 'proxy-all-interfaces').includes('      - "127.0.0.1:80:80"\n'));
});
