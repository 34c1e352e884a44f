import { test } from 'node:test';
import assert from 'node:assert/strict';
import { applyFix, check, findings, underlined } from '../../support/rules';

const RULE = 'hf-token-required';

test('hf-token-required: a gated model with ${HF_TOKEN} without :? (map and list form); fix requires it and keeps comments', () => {
  const text = `services:\n  vllm:\n    image: vllm/vllm-openai:v0.8.5\n    command: ["--model", "meta-llama/Llama-3.1-8B-Instruct"]\n    environment:\n      HF_TOKEN: \${HF_TOKEN} # gated model\n  tgi:\n    image: ghcr.io/huggingface/text-generation-inference:3.3.7\n    environment:\n      - MODEL_ID=google/gemma-2-9b-it\n      - HUGGING_FACE_HUB_TOKEN=\${HUGGING_FACE_HUB_TOKEN}\n`;
  const list = findings(text, RULE);
  assert.deepEqual(list.map((f) => f.service), ['vllm', 'tgi']);
  assert.equal(underlined(text, list[0]), '${HF_TOKEN}');
  assert.match(list[0].message, /loads the gated model meta-llama\/Llama-3\.1-8B-Instruct/);
  assert.equal(check(text).fix(list[0])?.safe, false);
  const out = applyFix(text, RULE, 0);
  assert.match(out, /HF_TOKEN: "\$\{HF_TOKEN:\?HF_TOKEN must be set\}" # gated model/);
  const out2 = applyFix(out, RULE, 0);
  assert.match(out2, /- "HUGGING_FACE_HUB_TOKEN=\$\{HUGGING_FACE_HUB_TOKEN:\?HUGGING_FACE_HUB_TOKEN must be set\}"/);
});

test('hf-token-required: silent when required, explicitly optional, a literal (other rules), or without evidence of a gated model', () => {
  const base = (v: string, model = 'meta-llama/Llama-3.1-8B-Instruct') => `services:\n  vllm:\n    image: vllm/vllm-openai:v0.8.5\n    command: [--model, ${model}]\n    environment:\n      HF_TOKEN: ${v}\n`;
  assert.equal(findings(base('${HF_TOKEN}'), RULE).length, 1);
  assert.equal(findings(base('${HF_TOKEN:?HF_TOKEN must be set}'), RULE).length, 0);
  assert.equal(findings(base('${HF_TOKEN:-}'), RULE).length, 0, 'explicit opt-out');
  assert.equal(findings(base('"${HF_TOKEN:-hf_fallback}"'), RULE).length, 0, 'required-env-fail-fast');
  assert.equal(findings(base('hf_abcdefghijklmnopqrstuvwxyz123456'), RULE).length, 0, 'no-hardcoded-secrets');
  assert.equal(findings(base('${HF_TOKEN}', 'Qwen/Qwen2.5-7B-Instruct'), RULE).length, 0, 'a public model downloads without a token');
  assert.equal(findings(base('${HF_TOKEN}', '${MODEL}'), RULE).length, 0, 'model unknown: no evidence');
});
