import { hostNamespaceTests } from './hostNamespace.shared';
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { parse } from 'yaml';
import { applyFix, findings } from '../../support/rules';

hostNamespaceTests('no-host-ipc', 'ipc', 'error', true);


const RULE = 'model-server-shm-size';

test('no-host-ipc on a vLLM service: the message and the fix point to shm_size', () => {
  for (const text of [
    `services:\n  vllm: # llm\n    image: vllm/vllm-openai:v0.8.5\n    ipc: host # shm\n`,
    `services:\n  vllm:\n    ipc: host\n    image: vllm/vllm-openai:v0.8.5 # pinned\n`,
  ]) {
    const [f] = findings(text, 'no-host-ipc');
    assert.match(f.message, /shm_size/);
    const out = applyFix(text, 'no-host-ipc');
    const svc = parse(out).services.vllm;
    assert.equal(svc.ipc, undefined);
    assert.equal(svc.shm_size, '1gb');
    assert.equal(findings(out, RULE).length, 0);
  }
  const out = applyFix(`services:\n  a:\n    image: app:1.2.3\n    ipc: host\n`, 'no-host-ipc');
  assert.equal(parse(out).services.a.shm_size, undefined);
});
