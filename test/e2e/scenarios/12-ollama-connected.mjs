// 12) Issue 12.2: after "Add GPU Ollama service", the running stack still reaches ollama from the apps
// that call it. The generated file is brought up with docker-compose (1.29) with the images mapped
// explicitly to the local busybox stand-in (no GPU here, no registry): networks stay as generated.
import { execFileSync, spawnSync } from 'node:child_process';
import { readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { parse, stringify } from 'yaml';
import { waitFor } from '../lib/workbench.mjs';
import { containerOf, docker, ensureDocker, TEST_IMAGE } from '../lib/support.mjs';

const COMPOSE = `services:
  api:
    image: ${TEST_IMAGE}
    command: ["sleep", "3600"]
    environment:
      OLLAMA_BASE_URL: http://ollama:11434
  worker:
    image: ${TEST_IMAGE}
    command: ["sleep", "3600"]
    environment:
      - OLLAMA_HOST=ollama:11434
`;
const RUN_FILE = 'compose.e2e-run.yaml';

/** The generated file with ollama mapped to a busybox web server on 11434, without GPU reservation, within this machine's limits. */
function runnable(generated) {
  const doc = parse(generated);
  const ollama = doc.services.ollama;
  if (!ollama) throw new Error(`the generator wrote no ollama service:\n${generated}`);
  ollama.image = TEST_IMAGE;
  ollama.command = ['sh', '-c', 'mkdir -p /tmp/www && echo ollama-stand-in > /tmp/www/index.html && exec httpd -f -p 11434 -h /tmp/www'];
  ollama.healthcheck = { test: ['CMD', 'true'], interval: '1s', retries: 3 };
  // No GPU to reserve here, and at most the CPUs and memory this machine has.
  delete ollama.deploy?.resources?.reservations;
  if (ollama.deploy?.resources?.limits) ollama.deploy.resources.limits = { cpus: '1', memory: '256m' };
  delete ollama.gpus;
  return stringify(doc);
}

export default {
  id: 12,
  title: 'After "Add GPU Ollama service", the running stack resolves and reaches ollama from api',
  timeoutMs: 240_000,
  async run(t) {
    ensureDocker();
    const ws = t.workspace('ollama-connected', { examples: false, files: { 'compose.yaml': COMPOSE } });
    const project = `aistack-test-e2e-${process.pid}-ollama`;
    t.cleanup(() => spawnSync('docker-compose', ['-p', project, '-f', RUN_FILE, 'down', '-v', '-t', '0', '--remove-orphans'], { cwd: ws, timeout: 120_000 }));
    const wb = await t.step('open compose.yaml (api and worker call http://ollama:11434)', 60_000, async () => {
      const w = await t.openWorkbench(ws);
      await w.openFile('compose.yaml');
      return w;
    });
    await t.step('"AI Stack: Add GPU Ollama service" into compose.yaml', 90_000, async () => {
      await wb.runCommand('AI Stack: Add GPU Ollama service', {
        until: { what: 'the compose file pick', check: async () => (await wb.quickPickRows()).some((r) => r.label.trim() === 'compose.yaml'), timeout: 15_000 },
      });
      await wb.pickQuickItem('compose.yaml in the compose file pick', (r) => r.label.trim() === 'compose.yaml', 15_000);
      await wb.acceptInput(/GPUs to reserve/);
      await wb.acceptInput(/Network the apps join/);
      await wb.pickQuickItem('"Create it with this project" in the network pick', (r) => /Create it with this project/.test(r.label + r.aria), 15_000);
      await waitFor('the edit in the editor', async () => (await wb.page.locator('.tabs-container .tab.active.dirty').count()) > 0, { timeout: 20_000 });
      await wb.save();
      await waitFor('the ollama service on disk', () => /^ {2}ollama:/m.test(readFileSync(path.join(ws, 'compose.yaml'), 'utf8')), { timeout: 10_000 });
    });
    const api = await t.step('docker-compose up -d the generated stack (images mapped to the stand-in)', 120_000, async () => {
      writeFileSync(path.join(ws, RUN_FILE), runnable(readFileSync(path.join(ws, 'compose.yaml'), 'utf8')));
      execFileSync('docker-compose', ['-p', project, '-f', RUN_FILE, 'up', '-d'], { cwd: ws, encoding: 'utf8', timeout: 110_000, stdio: ['ignore', 'pipe', 'pipe'] });
      return waitFor('api and ollama running', () => {
        const ids = ['api', 'ollama'].map((s) => containerOf(project, s));
        return ids.every(Boolean) && ids[0];
      }, { timeout: 30_000, interval: 500 });
    });
    await t.step('from api, ollama resolves and answers on 11434', 40_000, async () => {
      let last = '';
      await waitFor(
        'GET http://ollama:11434/ from api',
        () => {
          // busybox nc with the request on stdin (the static busybox's wget crashes in this image).
          const r = spawnSync('docker', ['exec', '-i', api, 'nc', '-w', '3', 'ollama', '11434'], { input: 'GET / HTTP/1.0\r\n\r\n', encoding: 'utf8', timeout: 15_000 });
          last = `${r.stdout}${r.stderr}`.trim();
          return r.status === 0 && last.includes('ollama-stand-in');
        },
        { timeout: 35_000, interval: 500 },
      ).catch((e) => {
        const nets = docker(['inspect', '--format', '{{range $k, $v := .NetworkSettings.Networks}}{{$k}} {{end}}', api]);
        throw new Error(`${e.message}: ${last}\n  api is on: ${nets}`);
      });
      const worker = containerOf(project, 'worker');
      const r = spawnSync('docker', ['exec', worker, 'nslookup', 'ollama'], { encoding: 'utf8', timeout: 15_000 });
      if (r.status !== 0) throw new Error(`worker cannot resolve ollama: ${r.stdout}${r.stderr}`);
    });
  },
};
