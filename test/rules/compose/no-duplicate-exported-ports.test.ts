/**
 * no-duplicate-exported-ports and profiles (issue 11, accuracy pattern 5): variants of one service
 * in disjoint profiles (cpu / gpu-nvidia / gpu-amd) are started one at a time and may publish the
 * same port; a service without profiles always starts and clashes with each.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { findings } from '../../support/rules';
import { underlined } from '../../support/rules';

const variants = `services:
  ollama-cpu:
    image: ollama/ollama:0.5.7
    profiles: ["cpu"]
    ports: ["127.0.0.1:11434:11434"]
  ollama-gpu:
    image: ollama/ollama:0.5.7
    profiles: ["gpu-nvidia"]
    ports: ["127.0.0.1:11434:11434"]
`;

test('alternatives in disjoint profiles may publish the same host port', () => {
  assert.deepEqual(findings(variants, 'no-duplicate-exported-ports'), []);
});

test('a shared profile, or a service without profiles, still clashes', () => {
  const shared = variants.replace('profiles: ["gpu-nvidia"]', 'profiles: ["gpu-nvidia", "cpu"]');
  assert.equal(findings(shared, 'no-duplicate-exported-ports').length, 1);
  const always = variants + '  proxy:\n    image: nginx:1.27.3\n    ports: ["127.0.0.1:11434:80"]\n';
  const found = findings(always, 'no-duplicate-exported-ports');
  assert.equal(found.length, 1);
  assert.match(found[0].message, /ollama-cpu .*ollama-gpu/);
});


test('no-duplicate-exported-ports: same host port in two services, ranges, protocols and host IPs', () => {
  const text = `services:\n  a:\n    image: x:1.2.3\n    ports: ["127.0.0.1:8080:80"]\n  b:\n    image: x:1.2.3\n    ports:\n      - "8079-8081:80-82"\n      - "8080:80/udp"\n  c:\n    image: x:1.2.3\n    ports: ["127.0.0.2:8080:80"]\n`;
  const list = findings(text, 'no-duplicate-exported-ports');
  assert.deepEqual(list.map((f) => underlined(text, f)), ['"8079-8081:80-82"', '"127.0.0.2:8080:80"']);
  assert.equal(list[0].severity, 'error');
  assert.match(list[0].message, /already published by a/);
  const distinct = `services:\n  a:\n    image: x:1.2.3\n    ports: ["127.0.0.1:8080:80"]\n  b:\n    image: x:1.2.3\n    ports: ["127.0.0.2:8080:80", "8080:80/udp", "\${PORT}:80"]\n`;
  assert.equal(findings(distinct, 'no-duplicate-exported-ports').length, 0);
  const defaults = `services:\n  a:\n    image: x:1.2.3\n    ports: ["\${A_PORT:-3000}:3000"]\n  b:\n    image: x:1.2.3\n    ports: ["3000:3000"]\n`;
  assert.equal(findings(defaults, 'no-duplicate-exported-ports').length, 1);
});
