import { test } from 'node:test';
import assert from 'node:assert/strict';
import { parse } from 'yaml';
import { applyFix, check, findings, underlined } from '../../support/rules';

const RULE = 'model-server-shm-size';

test('model-server-shm-size: vLLM/TGI without shm_size; fix adds 1gb and keeps comments', () => {
  const text = `services:\n  vllm: # llm\n    image: vllm/vllm-openai:v0.8.5\n    command: [--model, Qwen/Qwen2.5-7B] # weights\n  tgi:\n    image: ghcr.io/huggingface/text-generation-inference:3.3.7\n`;
  const list = findings(text, RULE);
  assert.deepEqual(list.map((f) => f.service), ['vllm', 'tgi']);
  assert.equal(underlined(text, list[0]), 'vllm');
  assert.match(list[1].message, /TGI .*64 MB/);
  const out = applyFix(text, RULE, 0);
  assert.equal(parse(out).services.vllm.shm_size, '1gb');
});

test('model-server-shm-size: silent on the hardened form, on ipc host/shareable and on other images', () => {
  assert.equal(findings(`services:\n  vllm:\n    image: vllm/vllm-openai:v0.8.5\n    shm_size: 8gb\n`, RULE).length, 0);
  assert.equal(findings(`services:\n  vllm:\n    image: vllm/vllm-openai:v0.8.5\n    shm_size: 1073741824\n`, RULE).length, 0);
  assert.equal(findings(`services:\n  vllm:\n    image: vllm/vllm-openai:v0.8.5\n    ipc: host\n`, RULE).length, 0, 'no-host-ipc reports it');
  assert.equal(findings(`services:\n  o:\n    image: ollama/ollama:0.5.7\n`, RULE).length, 0);
});

test('model-server-shm-size: a value under 1 GB is reported on the value, without a fix', () => {
  const text = `services:\n  tgi:\n    image: ghcr.io/huggingface/text-generation-inference:3.3.7\n    shm_size: 64m\n`;
  const [f] = findings(text, RULE);
  assert.equal(underlined(text, f), '64m');
  assert.equal(check(text).fix(f), undefined);
});
