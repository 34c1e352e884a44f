import { test } from 'node:test';
import assert from 'node:assert/strict';
import { findings, underlined } from '../../support/rules';

const RULE = 'model-server-readiness-probe';

test('model-server-readiness-probe: wrong port, GET / and a key-guarded /v1 route', () => {
  const text = [
    'services:',
    '  tgi:',
    '    image: ghcr.io/huggingface/text-generation-inference:3.3.7',
    '    healthcheck: {test: [CMD, curl, -f, "http://127.0.0.1:8080/health"], start_period: 5m}',
    '  tei:',
    '    image: ghcr.io/huggingface/text-embeddings-inference:cpu-1.7',
    '    command: [--model-id, BAAI/bge-small-en-v1.5, --port, "8081"]',
    '    healthcheck: {test: [CMD-SHELL, "wget -qO- http://localhost:8081/ || exit 1"]}',
    '  vllm:',
    '    image: vllm/vllm-openai:v0.8.5',
    '    command: [--model, Qwen/Qwen2.5-7B, --api-key, "${KEY:?}"]',
    '    healthcheck: {test: [CMD, curl, -f, "http://127.0.0.1:8000/v1/models"], start_period: 5m}',
    '',
  ].join('\n');
  const list = findings(text, RULE);
  assert.deepEqual(list.map((f) => [f.service, f.data?.kind]), [['tgi', 'port'], ['tei', 'path'], ['vllm', 'auth']]);
  assert.match(list[0].message, /probes port 8080, but the server listens on 80/);
  assert.ok(underlined(text, list[0]).startsWith('[CMD, curl'));
});

test('model-server-readiness-probe: silent on the readiness endpoint of each server', () => {
  const ok = [
    'services:',
    '  tgi:',
    '    image: ghcr.io/huggingface/text-generation-inference:3.3.7',
    '    environment: {PORT: "8080"}',
    '    healthcheck: {test: [CMD, curl, -f, "http://127.0.0.1:8080/health"]}',
    '  vllm:',
    '    image: vllm/vllm-openai:v0.8.5',
    '    command: [--model, Qwen/Qwen2.5-7B, --api-key, "${KEY:?}"]',
    '    healthcheck: {test: [CMD, curl, -f, "http://127.0.0.1:8000/health"]}',
    '  vllm-models:',
    '    image: vllm/vllm-openai:v0.8.5',
    '    healthcheck: {test: [CMD, curl, -f, "http://127.0.0.1:8000/v1/models"]}',
    '  ollama:',
    '    image: ollama/ollama:0.5.7',
    '    healthcheck: {test: [CMD, ollama, list]}',
    '  ollama2:',
    '    image: ollama/ollama:0.5.7',
    '    environment: [OLLAMA_HOST=0.0.0.0:11500]',
    '    healthcheck: {test: [CMD-SHELL, "bash -c \':> /dev/tcp/127.0.0.1/11500\'"]}',
    '  varport:',
    '    image: vllm/vllm-openai:v0.8.5',
    '    command: [--port, "${VLLM_PORT}"]',
    '    healthcheck: {test: [CMD, curl, -f, "http://127.0.0.1:9000/health"]}',
    '',
  ].join('\n');
  assert.deepEqual(findings(ok, RULE).map((f) => f.service), []);
});
