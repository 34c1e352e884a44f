import { test } from 'node:test';
import assert from 'node:assert/strict';
import { check } from '../../support/rules';

test('service-shape never throws on odd YAML', () => {
  for (const text of ['services:\n  api: [1, 2]\n', 'services:\n  api: {ports: {a: [}\n', 'services: 3\n', 'services:\n  ? [a]\n  : {image: 1}\n', 'services:\n  api: &a {image: x, ports: *a}\n']) {
    const a = check(text);
    assert.ok(!a.findings.some((f) => f.ruleId === 'internal-error'), text);
  }
});
