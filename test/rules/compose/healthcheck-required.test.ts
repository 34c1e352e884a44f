/**
 * healthcheck-required on services that never listen (issue 11, accuracy pattern 3): one-shot jobs
 * recognised by their command, and interactive consoles (stdin_open + tty, no port).
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { findings } from '../../support/rules';

test('a model-pull job (the Ollama image as a client) needs no healthcheck', () => {
  const text = `services:\n  ollama-pull:\n    image: ollama/ollama:0.5.7\n    entrypoint: /bin/sh\n    environment:\n      - OLLAMA_HOST=ollama:11434\n    command: ["-c", "sleep 3; ollama pull llama3.2"]\n`;
  assert.deepEqual(findings(text, 'healthcheck-required'), []);
  // The same image as the server does.
  assert.equal(findings(text.replace(/    entrypoint[\s\S]*$/, ''), 'healthcheck-required').length, 1);
});

test('an interactive console has nothing to probe; with a port it is a server again', () => {
  const console_ = `services:\n  admin-tools:\n    image: temporalio/admin-tools:1.25.2\n    stdin_open: true\n    tty: true\n`;
  assert.deepEqual(findings(console_, 'healthcheck-required'), []);
  assert.equal(findings(console_ + '    ports: ["127.0.0.1:3000:3000"]\n', 'healthcheck-required').length, 1);
  assert.equal(findings(console_.replace('    tty: true\n', ''), 'healthcheck-required').length, 1, 'stdin_open alone is not a console');
});

test('build: beside image: with the Dockerfile unread: the named image\'s known HEALTHCHECK counts', () => {
  // The build is tagged as the project's own published image; its facts are the evidence left.
  const text = `services:\n  api:\n    image: quay.io/go-skynet/local-ai:v2.24.2\n    build:\n      context: .\n    ports: ["127.0.0.1:8080:8080"]\n`;
  assert.deepEqual(findings(text, 'healthcheck-required'), []);
  // A build without image: is unknown, and reported as before.
  assert.equal(findings(text.replace(/    image: .*\n/, ''), 'healthcheck-required').length, 1);
});
