import { test } from 'node:test';
import assert from 'node:assert/strict';
import { check } from '../../support/rules';
import { applyFix, findings, underlined } from '../../support/rules';

test('memory-limit: no fix when deploy comes from an anchor (adding would shadow it)', () => {
  const anchored = `x-d: &d\n  deploy: {replicas: 1}\nservices:\n  api:\n    <<: *d\n    image: x:1.2.3\n`;
  const a = check(anchored);
  assert.equal(a.fix(a.findings.find((f) => f.ruleId === 'memory-limit')!), undefined);
});


const svc = `services:
  api: # the app
    image: python:3.12.8-slim
`;

test('memory-limit / cpu-limit: fire at the service key, quiet with either spelling or via an anchor', () => {
  for (const [id, deployKey, flat] of [
    ['memory-limit', 'memory: 512M', 'mem_limit: 1g'],
    ['cpu-limit', 'cpus: "0.5"', 'cpus: 2'],
  ] as const) {
    assert.equal(underlined(svc, findings(svc, id)[0]), 'api', id);
    assert.equal(findings(svc + `    deploy:\n      resources:\n        limits:\n          ${deployKey}\n`, id).length, 0, id);
    assert.equal(findings(svc + `    ${flat}\n`, id).length, 0, id);
    const anchored = `x-res: &res\n  deploy:\n    resources:\n      limits: {${deployKey}}\nservices:\n  api:\n    <<: *res\n    image: x:1.2.3\n`;
    assert.equal(findings(anchored, id).length, 0, id);
  }
});

test('memory-limit fix creates deploy.resources.limits or merges into the existing levels', () => {
  assert.equal(applyFix(svc, 'memory-limit'), svc + '    deploy:\n      resources:\n        limits:\n          memory: 512M\n');
  const partial = svc + '    deploy:\n      replicas: 1 # one\n';
  assert.equal(applyFix(partial, 'memory-limit'), partial + '      resources:\n        limits:\n          memory: 512M\n');
  const limits = `services:\n    api:\n        image: x:1.2.3\n        deploy:\n            resources:\n                limits:\n                    cpus: "1.0" # tuned\n`;
  assert.equal(applyFix(limits, 'memory-limit'), limits + '                    memory: 512M\n');
  const flow = `services:\n  api: {image: x:1.2.3, deploy: {resources: {limits: {cpus: "1"}}}} # flow\n`;
  assert.equal(applyFix(flow, 'memory-limit'), `services:\n  api: {image: x:1.2.3, deploy: {resources: {limits: {cpus: "1", memory: 512M}}}} # flow\n`);
});
