// 10) Issue 12.4: compose files and Dockerfiles that were never opened show up in Problems (the
// server checks the whole workspace in the background), a .gitignore'd folder does not, and the
// rows follow the disk: a file created outside the editor appears, a deleted one disappears, and so do
// the files of a deleted folder; a compose file follows the file it extends (changed, its folder deleted).
import fs from 'node:fs';
import path from 'node:path';
import { waitFor } from '../lib/workbench.mjs';

const PRIVILEGED = 'services:\n  api:\n    image: ghcr.io/acme/api:1.2.3\n    privileged: true\n';
const CLEAN = 'services:\n  api:\n    image: ghcr.io/acme/api:1.2.3\n';
const DOCKERFILE = 'FROM python:3.12-slim\nWORKDIR /app\nCOPY . .\nCMD python app.py\n';
// A compose file that extends a service of a file whose name is no compose file name (any YAML name is allowed).
const EXTENDS_SHARED = 'services:\n  app:\n    extends:\n      file: shared/base.yml\n      service: base\n';
const SHARED_HEALTHY = 'services:\n  base:\n    image: ghcr.io/acme/app:1.2.3\n    healthcheck:\n      test: ["CMD", "/app/healthcheck"]\n';
const SHARED_WITHOUT_HEALTHCHECK = 'services:\n  base:\n    image: ghcr.io/acme/app:1.2.3\n';

export default {
  id: 10,
  title: 'Compose files and Dockerfiles never opened show up in Problems',
  timeoutMs: 240_000,
  async run(t) {
    const ws = t.workspace('workspace-diagnostics', {
      examples: false,
      files: {
        'services/api/compose.yaml': PRIVILEGED,
        'services/api/Dockerfile': DOCKERFILE,
        'generated/compose.yaml': PRIVILEGED,
        '.gitignore': 'generated/\n',
        'stack/compose.yaml': EXTENDS_SHARED,
        'stack/shared/base.yml': SHARED_HEALTHY,
      },
    });
    const wb = await t.step('open the workspace without opening any file', 60_000, () => t.openWorkbench(ws));
    const rowsOf = async (file) => (await wb.problems()).filter((p) => p.source === 'ai-stack' && p.file === file);
    await t.step('services/api/compose.yaml (never opened) lists no-privileged in Problems', 60_000, () =>
      waitFor('no-privileged of the unopened compose file', async () => (await rowsOf('services/api/compose.yaml')).some((p) => p.code === 'no-privileged'), { timeout: 55_000, interval: 1000 }),
    );
    await t.step('services/api/Dockerfile (never opened) has its findings too', 30_000, () =>
      waitFor('findings of the unopened Dockerfile', async () => (await rowsOf('services/api/Dockerfile')).length > 0, { timeout: 28_000, interval: 1000 }),
    );
    // The scan goes folder by folder in name order: generated/ would have been published before services/.
    await t.step('the .gitignore\'d generated/compose.yaml is not checked', 10_000, async () => {
      const rows = await rowsOf('generated/compose.yaml');
      if (rows.length) throw new Error(`generated/compose.yaml shows ${rows.length} rows: ${rows.map((r) => r.code).join(', ')}`);
    });
    // VS Code's file watcher for a new window may start after the first diagnostics: a change on disk
    // made before it runs is never reported. Edit a checked file on disk (again, until it is) and wait
    // until its rows follow; from then on the watcher is known to run.
    await t.step('services/api/compose.yaml edited on disk: its no-privileged row goes', 75_000, async () => {
      const file = path.join(ws, 'services', 'api', 'compose.yaml');
      let written = 0;
      await waitFor(
        'the edit on disk to reach Problems',
        async () => {
          if (Date.now() - written > 10_000) {
            fs.writeFileSync(file, CLEAN);
            written = Date.now();
          }
          const rows = await rowsOf('services/api/compose.yaml');
          return rows.length > 0 && !rows.some((p) => p.code === 'no-privileged');
        },
        { timeout: 70_000, interval: 1000 },
      );
    });
    await t.step('a compose file created on disk appears', 45_000, async () => {
      fs.mkdirSync(path.join(ws, 'services', 'worker'), { recursive: true });
      fs.writeFileSync(path.join(ws, 'services', 'worker', 'compose.yaml'), PRIVILEGED);
      await waitFor('the new file in Problems', async () => (await rowsOf('services/worker/compose.yaml')).some((p) => p.code === 'no-privileged'), { timeout: 40_000, interval: 1000 });
    });
    await t.step('a Dockerfile deleted on disk disappears from Problems', 45_000, async () => {
      fs.rmSync(path.join(ws, 'services', 'api', 'Dockerfile'));
      await waitFor('no rows for the deleted Dockerfile', async () => (await rowsOf('services/api/Dockerfile')).length === 0, { timeout: 40_000, interval: 1000 });
    });
    // VS Code reports a deleted folder as the folder alone (its files' deletions are folded into it):
    // the client forwards it and the server clears every file under it.
    await t.step('a folder deleted on disk: the files under it disappear from Problems, the others stay', 85_000, async () => {
      fs.mkdirSync(path.join(ws, 'services', 'worker', 'build'), { recursive: true });
      fs.writeFileSync(path.join(ws, 'services', 'worker', 'build', 'Dockerfile'), DOCKERFILE);
      await waitFor('the new Dockerfile in Problems', async () => (await rowsOf('services/worker/build/Dockerfile')).length > 0, { timeout: 40_000, interval: 1000 });
      fs.rmSync(path.join(ws, 'services', 'worker'), { recursive: true });
      await waitFor(
        'no rows for the files of the deleted folder',
        async () => (await rowsOf('services/worker/compose.yaml')).length === 0 && (await rowsOf('services/worker/build/Dockerfile')).length === 0,
        { timeout: 40_000, interval: 1000 },
      );
      if (!(await rowsOf('services/api/compose.yaml')).length) throw new Error('services/api/compose.yaml lost its rows');
    });
    // The extended file is not a compose file by name and was never opened: the client watches every
    // YAML file, and the server re-checks the files that read it (also when its folder is deleted).
    await t.step('the file an unopened compose file extends changes on disk, then its folder is deleted: the compose file follows', 95_000, async () => {
      const inherits = async (code) => (await rowsOf('stack/compose.yaml')).some((p) => p.code === code);
      await waitFor('stack/compose.yaml checked, its healthcheck inherited', async () => (await rowsOf('stack/compose.yaml')).length > 0 && !(await inherits('healthcheck-required')), { timeout: 30_000, interval: 1000 });
      fs.writeFileSync(path.join(ws, 'stack', 'shared', 'base.yml'), SHARED_WITHOUT_HEALTHCHECK);
      await waitFor('healthcheck-required once the extended service lost its healthcheck', () => inherits('healthcheck-required'), { timeout: 30_000, interval: 1000 });
      fs.rmSync(path.join(ws, 'stack', 'shared'), { recursive: true });
      await waitFor('project-file-missing once the folder of the extended file is gone', () => inherits('project-file-missing'), { timeout: 30_000, interval: 1000 });
    });
    await wb.screenshot('workspace-diagnostics');
  },
};
