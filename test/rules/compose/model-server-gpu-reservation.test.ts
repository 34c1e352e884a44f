import { test } from 'node:test';
import assert from 'node:assert/strict';
import { parse } from 'yaml';
import { applyFix, findings } from '../../support/rules';

const RULE = 'model-server-gpu-reservation';

test('model-server-gpu-reservation: CUDA vLLM/TGI/TEI without GPUs; the fix reserves what the command asks for and keeps comments', () => {
  const text = [
    'services:',
    '  vllm: # serving',
    '    image: vllm/vllm-openai:v0.8.5',
    '    command: [--model, Qwen/Qwen2.5-72B-Instruct, --tensor-parallel-size, "4"]',
    '  tgi:',
    '    image: ghcr.io/huggingface/text-generation-inference:3.3.7',
    '  tei:',
    '    image: ghcr.io/huggingface/text-embeddings-inference:hopper-1.7',
    '',
  ].join('\n');
  const list = findings(text, RULE);
  assert.deepEqual(list.map((f) => [f.service, f.data?.count]), [['vllm', 4], ['tgi', 1], ['tei', 1]]);
  assert.match(list[0].message, /stops at start-up without a GPU.*takes every GPU of the host/);
  const out = applyFix(text, RULE, 0);
  assert.deepEqual(parse(out).services.vllm.deploy.resources.reservations.devices, [{ driver: 'nvidia', count: 4, capabilities: ['gpu'] }]);
});

test('model-server-gpu-reservation: silent with a reservation, gpus:, AMD devices, and on CPU/ROCm/Intel builds and Ollama', () => {
  const svc = (image: string, extra = '') => `services:\n  s:\n    image: ${image}\n${extra}`;
  assert.equal(findings(svc('vllm/vllm-openai:v0.8.5', '    gpus: all\n'), RULE).length, 0);
  assert.equal(findings(svc('vllm/vllm-openai:v0.8.5', '    deploy: {resources: {reservations: {devices: [{driver: nvidia, count: 1, capabilities: [gpu]}]}}}\n'), RULE).length, 0);
  assert.equal(findings(svc('ghcr.io/huggingface/text-generation-inference:3.3.7-rocm', '    devices: [/dev/kfd, /dev/dri]\n'), RULE).length, 0);
  assert.equal(findings(svc('ghcr.io/huggingface/text-generation-inference:3.3.7-intel-cpu'), RULE).length, 0);
  assert.equal(findings(svc('ghcr.io/huggingface/text-embeddings-inference:cpu-1.7'), RULE).length, 0);
  assert.equal(findings(svc('public.ecr.aws/q9t5s3a7/vllm-cpu-release-repo:v0.8.5'), RULE).length, 0);
  assert.equal(findings(svc('ollama/ollama:0.5.7'), RULE).length, 0, 'Ollama runs on the CPU by design: ollama-gpu-reservation');
});
