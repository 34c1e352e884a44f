import { test } from 'node:test';
import assert from 'node:assert/strict';
import { parse } from 'yaml';
import { applyEdits } from '../../../server/src/engine';
import { applyFix, check, findings } from '../../support/rules';

const RULE = 'service-unreachable';

test('service-unreachable fix: the caller joins the callee\'s network, keeping default, comments and style', () => {
  const tail = `  ollama:\n    image: ollama/ollama:0.5.7\n    networks: [ailab-network] # models\nnetworks:\n  ailab-network: {}\n  backend: {}\n`;
  // No networks: yet: the caller keeps the default network (and everyone on it).
  const none = `services:\n  api: # app\n    image: x:1.2.3\n    environment:\n      OLLAMA_BASE_URL: http://ollama:11434 # llm\n${tail}`;
  const out = applyFix(none, RULE);
  assert.ok(out.includes(`      OLLAMA_BASE_URL: http://ollama:11434 # llm\n    networks: [default, ailab-network]\n  ollama:`), out);
  // The caller has no networks: yet: offered, but Fix all leaves it to service-networks (which moves it with its peers).
  assert.equal(check(none).fix(findings(none, RULE)[0])!.safe, false);
  // A block list, a block mapping and a flow service.
  const list = `services:\n  api:\n    image: x:1.2.3\n    environment: [OLLAMA_HOST=ollama:11434]\n    networks:\n      - backend # db side\n${tail}`;
  assert.ok(applyFix(list, RULE).includes(`    networks:\n      - backend # db side\n      - ailab-network\n`));
  assert.equal(check(list).fix(findings(list, RULE)[0])!.safe, true, 'both list their networks, one candidate: safe');
  const toDefault = `services:\n  api:\n    image: x:1.2.3\n    environment: [OLLAMA_HOST=ollama:11434]\n    networks: [backend]\n  ollama:\n    image: ollama/ollama:0.5.7\nnetworks:\n  backend: {}\n`;
  assert.ok(applyFix(toDefault, RULE).includes(`    networks: [backend, default]\n`));
  assert.equal(check(toDefault).fix(findings(toDefault, RULE)[0])!.safe, false, 'the callee is on the implicit default network');
  const map = `services:\n  api:\n    image: x:1.2.3\n    environment: [OLLAMA_HOST=ollama:11434]\n    networks:\n      backend:\n        aliases: [app]\n${tail}`;
  assert.deepEqual(parse(applyFix(map, RULE)).services.api.networks, { backend: { aliases: ['app'] }, 'ailab-network': {} });
  const flow = `services:\n  api: {image: "x:1.2.3", command: ["run", "http://ollama:11434"], networks: [backend]}\n${tail}`;
  assert.ok(applyFix(flow, RULE).includes(`  api: {image: "x:1.2.3", command: ["run", "http://ollama:11434"], networks: [backend, ailab-network]}\n`));
});

test('service-unreachable fix: unsafe when the callee is on several networks; the callee joins when the caller cannot change', () => {
  const two = `services:\n  api:\n    image: x:1.2.3\n    environment: {U: "http://db:5432"}\n  db:\n    image: postgres:16.4\n    networks: [a, b]\nnetworks:\n  a: {}\n  b: {}\n`;
  const a = check(two);
  const fix = a.fix(findings(two, RULE)[0])!;
  assert.equal(fix.title, 'Attach "api" to network a');
  assert.equal(fix.safe, false);
  // The caller's networks come from an anchor: the callee joins the caller's only network instead.
  const anchored = `x-net: &net\n  networks: [front]\nservices:\n  api:\n    <<: *net\n    image: x:1.2.3\n    environment: {U: "http://db:5432"}\n  db:\n    image: postgres:16.4\n    networks: [back]\nnetworks:\n  front: {}\n  back: {}\n`;
  const f2 = check(anchored).fix(findings(anchored, RULE)[0])!;
  assert.equal(f2.title, 'Attach "db" to network front');
  assert.equal(f2.safe, false, 'changing the callee is for a person to confirm');
  assert.deepEqual(parse(applyFix(anchored, RULE)).services.db.networks, ['front', 'back'], 'first in the other service\'s list');
});

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
