/**
 * dockerfile-exec-form under an init (issue 11): dumb-init (default mode) and `tini -g` signal the
 * whole process group, so the app behind a shell-form CMD gets SIGTERM; plain tini and
 * `dumb-init --single-child` do not.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { findings } from '../../support/rules';
import { applyFix, check } from '../../support/rules';

const of = (entrypoint: string) => findings(`FROM node:22.12.0-slim\n${entrypoint}\nCMD node server.js\n`, 'dockerfile-exec-form', 'Dockerfile');

test('a shell-form CMD under a process-group init is not reported', () => {
  assert.deepEqual(of('ENTRYPOINT ["dumb-init", "--"]'), []);
  assert.deepEqual(of('ENTRYPOINT ["/usr/bin/dumb-init", "--", "./entrypoint.sh"]'), []);
  assert.deepEqual(of('ENTRYPOINT ["/sbin/tini", "-g", "--"]'), []);
});

test('without such an init the shell-form CMD is reported', () => {
  assert.equal(of('').length, 1);
  assert.equal(of('ENTRYPOINT ["tini", "--"]').length, 1, 'tini signals only its child, the shell');
  assert.equal(of('ENTRYPOINT ["dumb-init", "--single-child", "--"]').length, 1);
  assert.equal(of('ENTRYPOINT dumb-init --').length, 2, 'a shell-form ENTRYPOINT is itself reported');
});


const DF = 'Dockerfile';
const fix = (text: string, rule: string, index = 0) => applyFix(text, rule, index, DF);

test('exec-form: shell-form CMD fires; plain commands convert, shell syntax gets no fix', () => {
  const text = 'FROM alpine:3.21.0\nCMD node server.js --port 3000\n';
  assert.equal(fix(text, 'dockerfile-exec-form'), 'FROM alpine:3.21.0\nCMD ["node", "server.js", "--port", "3000"]\n');
  const a = check('FROM alpine:3.21.0\nENTRYPOINT node $APP && x\n', DF);
  const f = a.findings.find((x) => x.ruleId === 'dockerfile-exec-form')!;
  assert.ok(f);
  assert.equal(a.fix(f), undefined);
});
