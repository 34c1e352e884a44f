import { test } from 'node:test';
import assert from 'node:assert/strict';
import { applyFix, findings, underlined } from '../../support/rules';
import { fourSpaces } from '../../engine/rules-b/helpers';

test('ports-quoted: unquoted HOST:CONTAINER gets double quotes; quoted and bare ports pass', () => {
  const text = `services:\n  ssh:\n    image: x:1.2.3\n    ports:\n      - 2222:22 # base-60 in YAML 1.1\n      - 8080\n      - "127.0.0.1:80:80"\n`;
  const list = findings(text, 'ports-quoted');
  assert.deepEqual(list.map((f) => underlined(text, f)), ['2222:22']);
  assert.equal(list[0].severity, 'hint');
  assert.ok(applyFix(text, 'ports-quoted').includes('      - "2222:22" # base-60 in YAML 1.1\n'));
  const flow = fourSpaces(`services:\n  ssh: {image: "x:1.2.3", ports: [2222:22]}\n`);
  assert.ok(applyFix(flow, 'ports-quoted').includes('ports: ["2222:22"]'));
});

test('ports-quoted: silent where YAML 1.1 would not read base 60 (a part after the first is 60 or more, a host IP, a range, a protocol)', () => {
  const text = `services:\n  web:\n    image: x:1.2.3\n    ports:\n      - 22:22\n      - 8000:59\n      - 8080:80\n      - 5432:5432\n      - 127.0.0.1:22:22\n      - 3000-3005:3000-3005\n      - 53:53/udp\n`;
  assert.deepEqual(findings(text, 'ports-quoted').map((f) => underlined(text, f)), ['22:22', '8000:59']);
});
