import { test } from 'node:test';
import assert from 'node:assert/strict';
import { findings, underlined } from '../../support/rules';
import { memoryBytes, ollamaModelBytes } from '../../../server/src/engine/rules/compose/ollamaMemoryFit';

const RULE = 'ollama-memory-fit';

const stack = (limit: string, env = '', models = 'llama3.1:8b') => [
  'services:',
  '  ollama:',
  '    image: ollama/ollama:0.5.7',
  env,
  `    deploy: {resources: {limits: {memory: ${limit}}}}`,
  '  pull:',
  '    image: ollama/ollama:0.5.7',
  '    entrypoint: /bin/sh',
  `    command: ["-c", "${models.split(' ').map((m) => `OLLAMA_HOST=ollama:11434 ollama pull ${m}`).join('; ')}"]`,
  '',
].filter((l) => l !== '').join('\n') + '\n';

test('ollama-memory-fit: a known model larger than the CPU memory limit, and MAX_LOADED_MODELS models together', () => {
  const text = stack('2g');
  const list = findings(text, RULE);
  assert.equal(list.length, 1);
  assert.equal(underlined(text, list[0]), '2g');
  assert.match(list[0].message, /llama3\.1:8b alone needs at least 4 GB/);
  const two = stack('6g', '    environment: [OLLAMA_MAX_LOADED_MODELS=2]', 'llama3.1:8b qwen2.5:7b-instruct-q8_0');
  const l2 = findings(two, RULE);
  assert.equal(l2.length, 1);
  assert.match(l2[0].message, /qwen2\.5:7b-instruct-q8_0 \+ llama3\.1:8b \(OLLAMA_MAX_LOADED_MODELS=2\) need at least 11 GB together/);
});

test('ollama-memory-fit: silent when it fits, unknown, or on a GPU', () => {
  assert.equal(findings(stack('8g'), RULE).length, 0);
  assert.equal(findings(stack('8g', '', 'llama3.1:8b qwen2.5:7b-instruct-q8_0'), RULE).length, 0, 'MAX_LOADED_MODELS unset: only the largest (7 GB) is certain to be loaded');
  assert.equal(findings(stack('2g', '', 'llama3.1:latest'), RULE).length, 0, 'no size in the tag: unknown');
  assert.equal(findings(stack('${OLLAMA_MEM:-2g}'), RULE).length, 0, 'a variable: unknown');
  assert.equal(findings(stack('2g', '    gpus: all'), RULE).length, 0, 'weights in VRAM');
  assert.equal(findings(stack('2g', '    devices: ["/dev/kfd", "/dev/dri"]'), RULE).length, 0, 'AMD GPU');
  assert.equal(ollamaModelBytes('mixtral:8x7b'), 28e9);
  assert.equal(ollamaModelBytes('llama3.1:70b-instruct-fp16'), 140e9);
  assert.equal(memoryBytes('512m'), 512 * 1024 ** 2);
  assert.equal(memoryBytes('2GiB'), 2 * 1024 ** 3);
});

test('ollama-memory-fit: with two servers, a client\'s models count only for the server it names', () => {
  const text = [
    'services:',
    '  small:',
    '    image: ollama/ollama:0.5.7',
    '    mem_limit: 2g',
    '  big:',
    '    image: ollama/ollama:0.5.7',
    '    mem_limit: 64g',
    '  pull:',
    '    image: ollama/ollama:0.5.7',
    '    environment: [OLLAMA_HOST=big:11434]',
    '    command: ["pull", "llama3.1:70b"]',
    '    entrypoint: ["ollama"]',
    '',
  ].join('\n');
  assert.equal(findings(text, RULE).length, 0, '70b (35 GB) goes to big (64g), not to small');
  assert.equal(findings(text.replace('OLLAMA_HOST=big', 'OLLAMA_HOST=small'), RULE).map((f) => f.service).join(), 'small');
});
