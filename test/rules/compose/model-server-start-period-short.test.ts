import { test } from 'node:test';
import assert from 'node:assert/strict';
import { parse } from 'yaml';
import { applyFix, findings, underlined } from '../../support/rules';

const RULE = 'model-server-start-period-short';

test('model-server-start-period-short: vLLM/TGI start_period under 60s; fix sets 120s and keeps comments', () => {
  const text = `services:\n  vllm:\n    image: vllm/vllm-openai:v0.8.5\n    healthcheck:\n      test: [CMD, curl, -f, http://127.0.0.1:8000/health]\n      start_period: 30s # too short\n  tgi:\n    image: ghcr.io/huggingface/text-generation-inference:3.3.7\n    healthcheck: {test: [CMD, curl, -f, http://127.0.0.1:80/health], start_period: "45s"}\n`;
  const list = findings(text, RULE);
  assert.deepEqual(list.map((f) => f.service), ['vllm', 'tgi']);
  assert.equal(underlined(text, list[0]), '30s');
  let out = applyFix(text, RULE, 0);
  out = applyFix(out, RULE, 0);
  const doc = parse(out);
  assert.equal(doc.services.vllm.healthcheck.start_period, '120s');
  assert.equal(doc.services.tgi.healthcheck.start_period, '120s');
});

test('model-server-start-period-short: silent on 60s or more, on Ollama and on other images', () => {
  assert.equal(findings(`services:\n  vllm:\n    image: vllm/vllm-openai:v0.8.5\n    healthcheck: {test: [CMD, curl, -f, http://127.0.0.1:8000/health], start_period: 2m}\n`, RULE).length, 0);
  assert.equal(findings(`services:\n  o:\n    image: ollama/ollama:0.5.7\n    healthcheck: {test: [CMD, ollama, list], start_period: 10s}\n`, RULE).length, 0);
  assert.equal(findings(`services:\n  a:\n    image: app:1.2.3\n    healthcheck: {test: [CMD, true], start_period: 10s}\n`, RULE).length, 0);
});

test('model-server-start-period-short: TEI under 30s, and models of 30B+ under 300s (fix proposes 600s)', () => {
  const text = `services:\n  tei:\n    image: ghcr.io/huggingface/text-embeddings-inference:cpu-1.7\n    command: --model-id BAAI/bge-small-en-v1.5\n    healthcheck: {test: [CMD-SHELL, "bash -c ':> /dev/tcp/127.0.0.1/80'"], start_period: 10s}\n  big:\n    image: vllm/vllm-openai:v0.8.5\n    command: ["--model", "meta-llama/Llama-3.1-70B-Instruct"]\n    healthcheck:\n      test: [CMD, curl, -f, http://127.0.0.1:8000/health]\n      start_period: 120s # fine for 8B\n`;
  const list = findings(text, RULE);
  assert.deepEqual(list.map((f) => f.service), ['tei', 'big']);
  assert.match(list[1].message, /Llama-3\.1-70B-Instruct has 70B parameters/);
  const out = applyFix(text, RULE, 1);
  assert.equal(parse(out).services.big.healthcheck.start_period, '600s');
  assert.equal(findings(text.replace('70B', '8B'), RULE).length, 1, 'an 8B model loads within 120s: only TEI');
  assert.equal(findings(text.replace('start_period: 10s', 'start_period: 30s').replace('120s # fine', '10m # fine'), RULE).length, 0);
});
