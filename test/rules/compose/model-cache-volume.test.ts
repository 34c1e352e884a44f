import { test } from 'node:test';
import assert from 'node:assert/strict';
import { parse } from 'yaml';
import { applyFix, findings, underlined } from '../../support/rules';

const RULE = 'model-cache-volume';

test('model-cache-volume: vLLM and TGI without a cache mount; fix adds hf-cache and keeps comments', () => {
  const text = `services:\n  vllm: # llm\n    image: vllm/vllm-openai:v0.8.5\n    command: [--model, Qwen/Qwen2.5-7B] # weights\n  tgi:\n    image: ghcr.io/huggingface/text-generation-inference:3.3.7\n    volumes:\n      - ./cfg:/etc/cfg # config\n`;
  const list = findings(text, RULE);
  assert.deepEqual(list.map((f) => [f.service, f.data?.dir]), [['vllm', '/root/.cache/huggingface'], ['tgi', '/data']]);
  assert.equal(underlined(text, list[0]), 'vllm');
  let out = applyFix(text, RULE, 0);
  assert.deepEqual(parse(out).services.vllm.volumes, ['hf-cache:/root/.cache/huggingface']);
  assert.deepEqual(parse(out).volumes, { 'hf-cache': {} });
  out = applyFix(out, RULE, 0);
  assert.deepEqual(parse(out).services.tgi.volumes, ['./cfg:/etc/cfg', 'hf-cache:/data']);
});

test('model-cache-volume: HF_HOME moves the cache; silent when mounted, for local model paths and other images', () => {
  const [f] = findings(`services:\n  v:\n    image: vllm/vllm-openai:v0.8.5\n    environment: {HF_HOME: /models}\n    volumes: [hf:/root/.cache/huggingface]\n`, RULE);
  assert.equal(f.data?.dir, '/models');
  assert.equal(findings(`services:\n  v:\n    image: vllm/vllm-openai:v0.8.5\n    volumes: [hf:/root/.cache/huggingface]\n`, RULE).length, 0);
  assert.equal(findings(`services:\n  t:\n    image: ghcr.io/huggingface/text-embeddings-inference:1.7\n    volumes: ["./data:/data"]\n`, RULE).length, 0);
  assert.equal(findings(`services:\n  v:\n    image: vllm/vllm-openai:v0.8.5\n    command: [/models/llama]\n    volumes: [./models:/models:ro]\n`, RULE).length, 0);
  assert.equal(findings(`services:\n  o:\n    image: ollama/ollama:0.5.7\n`, RULE).length, 0, 'ollama-model-volume');
});
