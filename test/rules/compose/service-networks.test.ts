import { test } from 'node:test';
import assert from 'node:assert/strict';
import { applyFix, check, findings } from '../../support/rules';
import { fourSpaces } from '../../engine/rules-b/helpers';

test('service-networks: an explicit networks: [default] and a renamed default network are the default network too', () => {
  const text = `services:\n  api:\n    image: x:1.2.3\n    networks: [default]\n  db:\n    image: x:1.2.3\n    networks:\n      default:\n        aliases: [database]\n  web:\n    image: x:1.2.3\n  app:\n    image: x:1.2.3\n    networks: [default, backend]\nnetworks:\n  default:\n    name: shop_default\n  backend: {}\n`;
  const list = findings(text, 'service-networks');
  assert.deepEqual(list.map((f) => f.service), ['api', 'db', 'web']);
  for (const f of list) assert.match(f.message, /renamed to "shop_default"/);
  const a = check(text);
  assert.equal(a.fix(list[0]), undefined, 'an existing list: which network instead is for a person');
  assert.ok(applyFix(text, 'service-networks', 2).includes('  web:\n    image: x:1.2.3\n    networks: [backend]\n'));
  // Without a rename, [default] is reported the same way as no networks at all.
  assert.equal(findings(`services:\n  api:\n    image: x:1.2.3\n    networks: [default]\n`, 'service-networks').length, 1);
});

test('service-networks: reuses the single declared network, 4-space and flow services, network_mode and anchors count', () => {
  const text = fourSpaces(`services:\n  api:\n    image: x:1.2.3\nnetworks:\n  backend:\n    driver: bridge\n`);
  assert.ok(applyFix(text, 'service-networks').includes('        networks: [backend]\n'));
  const flow = `services:\n  api: {image: "x:1.2.3"}\nnetworks: {backend: {}}\n`;
  assert.equal(applyFix(flow, 'service-networks'), `services:\n  api: {image: "x:1.2.3", networks: [backend]}\nnetworks: {backend: {}}\n`);
  const quiet = `x-net: &net\n  networks: [backend]\nservices:\n  api:\n    <<: *net\n    image: x:1.2.3\n  vpn:\n    image: x:1.2.3\n    network_mode: host\nnetworks:\n  backend: {}\n`;
  assert.equal(findings(quiet, 'service-networks').length, 0);
});
