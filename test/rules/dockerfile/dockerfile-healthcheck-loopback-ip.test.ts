// The Dockerfile twin of healthcheck-loopback-ip: a HEALTHCHECK probing `localhost` is reported
// only when its client takes the first address without falling back (Node 17-19).
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { applyFix, findings, underlined } from '../../support/rules';
import { GOOD } from './baseline.shared';


const DF = 'Dockerfile';
const of = (text: string, rule: string) => findings(text, rule, DF);
const fix = (text: string, rule: string, index = 0) => applyFix(text, rule, index, DF);


test('dockerfile-healthcheck-loopback-ip: a Node 18 probe of localhost fires and is replaced, also inside a continued line', () => {
  const probe = 'HEALTHCHECK --interval=5s \\\n  CMD node -e "fetch(\'http://localhost:3000/health\').then((r) => process.exit(r.ok ? 0 : 1))"';
  const text = GOOD.replace(/node:22\.12\.0-alpine3\.21/g, 'node:18.20.5-alpine3.21').replace('HEALTHCHECK CMD wget -qO- http://127.0.0.1:3000/health || exit 1', probe);
  const [f] = of(text, 'dockerfile-healthcheck-loopback-ip');
  assert.equal(underlined(text, f), 'localhost');
  assert.match(f.message, /Node 18/);
  const out = fix(text, 'dockerfile-healthcheck-loopback-ip');
  assert.ok(out.includes("  CMD node -e \"fetch('http://127.0.0.1:3000/health')"));
  // The same probe on Node 22 (happy eyeballs), and wget/curl probes (busybox wget prefers IPv4, curl tries every address), work.
  assert.deepEqual(of(text.replace(/node:18\.20\.5/g, 'node:22.12.0'), 'dockerfile-healthcheck-loopback-ip'), []);
  assert.deepEqual(of(GOOD.replace('127.0.0.1', 'localhost'), 'dockerfile-healthcheck-loopback-ip'), []);
  assert.deepEqual(of(GOOD.replace('wget -qO- http://127.0.0.1', 'curl -f http://localhost'), 'dockerfile-healthcheck-loopback-ip'), []);
});

test('dockerfile-healthcheck-loopback-ip: judged by the stage the HEALTHCHECK is in, built FROM an alias too', () => {
  const text = 'FROM node:18.20.5-alpine3.21 AS base\nFROM base AS app\nHEALTHCHECK CMD node -e "require(\'http\').get(\'http://localhost:3000/\')"\nFROM node:16.20.2 AS old\nHEALTHCHECK CMD node -e "fetch(\'http://localhost:3000/\')"\n';
  const list = of(text, 'dockerfile-healthcheck-loopback-ip');
  assert.equal(list.length, 1, 'Node 16 has no fetch problem with localhost, Node 18 has');
  assert.equal(list[0].severity, 'warning');
  assert.equal(text.slice(0, list[0].range.start).split('\n').length, 3);
  assert.deepEqual(of('FROM node:18.20.5\nHEALTHCHECK NONE\n', 'dockerfile-healthcheck-loopback-ip'), []);
  assert.deepEqual(of('FROM node:18.20.5\nRUN node -e "fetch(\'http://localhost/\')"\n', 'dockerfile-healthcheck-loopback-ip'), [], 'only HEALTHCHECK is judged');
});
