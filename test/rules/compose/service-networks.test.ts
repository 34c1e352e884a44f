import { test } from 'node:test';
import assert from 'node:assert/strict';
import { applyFix, check, findings } from '../../support/rules';
import { fourSpaces } from '../../engine/rules-b/helpers';
import { underlined } from '../../support/rules';
import { parse } from 'yaml';
import { applyEdits } from '../../../server/src/engine';

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


test('service-networks fires per service and its fix adds the network and the top-level declaration', () => {
  const text = `name: shop\nservices:\n  api: # app\n    image: python:3.12.8\n  db:\n    image: postgres:16.4\n`;
  const list = findings(text, 'service-networks');
  assert.deepEqual(list.map((f) => underlined(text, f)), ['api', 'db']);
  const out = applyFix(text, 'service-networks', 1);
  assert.equal(out, `name: shop\nservices:\n  api: # app\n    image: python:3.12.8\n  db:\n    image: postgres:16.4\n    networks: [shop_net]\nnetworks:\n  shop_net: {}\n`);
  const again = applyFix(out, 'service-networks');
  assert.ok(again.includes('  api: # app\n    image: python:3.12.8\n    networks: [shop_net]\n'));
  assert.equal((again.match(/shop_net: \{\}/g) ?? []).length, 1, 'declared once');
  assert.equal(findings(again, 'service-networks').length, 0);
});


const RULE = 'service-unreachable';

test('service-networks fix keeps the stack connected: callers and callees on the default network come along', () => {
  const text = `name: shop\nservices:\n  api: # app\n    image: x:1.2.3\n    environment:\n      DATABASE_URL: postgres://db:5432/app\n      CACHE: redis:6379\n  worker:\n    image: x:1.2.3\n    command: ["run", "http://api:8000"]\n  db:\n    image: postgres:16.4\n  redis:\n    image: redis:7.4.2\n    networks:\n      - default\n      - other\n  lone:\n    image: x:1.2.3\nnetworks:\n  other: {}\n  more: {}\n`;
  assert.deepEqual(findings(text, RULE), []);
  const a = check(text);
  const dbFinding = a.findings.find((f) => f.ruleId === 'service-networks' && f.service === 'db')!;
  const fix = a.fix(dbFinding)!;
  assert.equal(fix.title, 'Attach to network shop_net (also "api", "worker", "redis", so they stay connected)');
  assert.equal(fix.safe, true);
  const out = applyEdits(text, fix.edits);
  const js = parse(out);
  assert.deepEqual(js.services.db.networks, ['shop_net']);
  assert.deepEqual(js.services.api.networks, ['shop_net']);
  assert.deepEqual(js.services.worker.networks, ['shop_net']);
  assert.deepEqual(js.services.redis.networks, ['shop_net', 'default', 'other']);
  assert.equal(js.services.lone.networks, undefined, 'unrelated services stay where they are');
  // Moving together, each gets networks first, where no other fix of theirs appends (whichever fix moves them).
  assert.ok(out.includes('  api: # app\n    networks: [shop_net]\n    image: x:1.2.3\n'), out);
  assert.ok(out.includes('  db:\n    networks: [shop_net]\n    image: postgres:16.4\n'), out);
  const viaApi = applyEdits(text, a.fix(a.findings.find((f) => f.ruleId === 'service-networks' && f.service === 'api')!)!.edits);
  assert.equal(viaApi, out, 'the same text from either end');
  assert.deepEqual(findings(out, RULE), [], out);
  // Each service's finding can be fixed on its own, and none leaves an unreachable service behind.
  for (const f of a.findings.filter((x) => x.ruleId === 'service-networks')) {
    const fixed = applyEdits(text, a.fix(f)!.edits);
    assert.deepEqual(findings(fixed, RULE), [], fixed);
    assert.ok(findings(fixed, 'service-networks').length < findings(text, 'service-networks').length);
  }
});

test('service-networks fix: a service that reaches it through network_mode: service:x brings x; an inherited list makes it unsafe', () => {
  const side = `name: shop\nservices:\n  redis:\n    image: redis:7.4.2\n  side:\n    image: x:1.2.3\n    network_mode: service:vpn\n    command: ["redis-cli", "-u", "redis://redis:6379"]\n  vpn:\n    image: x:1.2.3\n    networks: [default, other]\nnetworks:\n  other: {}\n  more: {}\n`;
  const out = applyFix(side, 'service-networks');
  assert.deepEqual(parse(out).services.vpn.networks, ['shop_net', 'default', 'other']);
  assert.deepEqual(findings(out, RULE), []);
  const inherited = `name: shop\nx-net: &net\n  networks: [default, other]\nservices:\n  redis:\n    image: redis:7.4.2\n  api:\n    <<: *net\n    image: x:1.2.3\n    environment: [CACHE=redis:6379]\nnetworks:\n  other: {}\n  more: {}\n`;
  const a = check(inherited);
  const fix = a.fix(a.findings.find((f) => f.ruleId === 'service-networks' && f.service === 'redis')!)!;
  assert.equal(fix.safe, false);
  assert.match(fix.title, /disconnects "api"/);
});

test('service-networks fix in flow style: the services it brings along get networks first, so their own fixes compose in any order', () => {
  const text = `name: shop\nservices:\n  api: {image: "x:1.2.3", environment: {DATABASE_URL: "postgres://db:5432/app"}} # app\n  db: {image: "postgres:16.4", networks: [default, other]}\n  worker: {image: "x:1.2.3", depends_on: [api]}\nnetworks: {other: {}, more: {}}\n`;
  const a = check(text);
  const fix = a.fix(a.findings.find((f) => f.ruleId === 'service-networks' && f.service === 'api')!)!;
  assert.equal(fix.safe, true);
  const out = applyEdits(text, fix.edits);
  assert.ok(out.includes(`  api: {networks: [shop_net], image: "x:1.2.3", environment: {DATABASE_URL: "postgres://db:5432/app"}} # app\n`), out);
  assert.ok(out.includes(`  db: {image: "postgres:16.4", networks: [shop_net, default, other]}\n`), out);
  assert.ok(out.includes(`  worker: {networks: [shop_net], image: "x:1.2.3", depends_on: [api]}\n`), out);
  assert.deepEqual(findings(out, RULE), []);
});
