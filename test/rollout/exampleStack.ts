// The example AI stack (examples/stack, images from scripts/example-images.sh) as a test fixture:
// a copy in a temp directory (deploy rewrites proxy/ there), a unique project name, its own port.
import { execFile } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import Docker from 'dockerode';
import type { TaskOptions } from '../../runtime/src/tasks/context';
import { freePort } from '../tasks/stack';

export const EXAMPLE_DIR = path.resolve(__dirname, '../../examples/stack');
export const EXAMPLE_IMAGES = ['api:1.0.0', 'api:1.1.0', 'db:15.20.0', 'redis:7.0.15', 'proxy:nginx-1.22.1', 'model-standin:1.0.0'].map((i) => `ai-stack-example/${i}`);

/** The engine with the example images, or a visible skip (a failure when CI is set). */
export async function requireExampleImages(t?: { skip(message?: string): void }): Promise<Docker | undefined> {
  const docker = new Docker();
  try {
    await docker.ping();
    for (const image of EXAMPLE_IMAGES) await docker.getImage(image).inspect();
    return docker;
  } catch (e) {
    const why = `no Docker engine with the example images (${(e as Error).message}); run: bash scripts/example-images.sh`;
    if (process.env.CI) throw new Error(why);
    t?.skip(why);
    console.log(`# SKIPPED: ${why}`);
    return undefined;
  }
}

export class ExampleStack {
  readonly dir: string;
  readonly file: string;
  /** Extra compose projects deploy creates (blue-green colours), removed by down(). */
  readonly extraProjects: string[] = [];
  constructor(
    readonly name: string,
    readonly port: number,
    readonly docker: Docker,
  ) {
    this.dir = fs.mkdtempSync(path.join(os.tmpdir(), 'aistack-example-'));
    fs.cpSync(EXAMPLE_DIR, this.dir, { recursive: true });
    fs.chmodSync(this.dir, 0o755);
    this.file = path.join(this.dir, 'compose.yaml');
  }

  static async create(what: string, docker: Docker): Promise<ExampleStack> {
    return new ExampleStack(`aistack-test-${what}-${randomBytes(3).toString('hex')}`, await freePort(), docker);
  }

  env(extra: Record<string, string> = {}): Record<string, string> {
    return { POSTGRES_PASSWORD: 'test-db-secret', REDIS_PASSWORD: 'test-redis-secret', PROXY_PORT: String(this.port), MODEL_LOAD_SECONDS: '0', API_VERSION: '1.0.0', ...extra };
  }

  options(extra: Partial<TaskOptions> = {}, env: Record<string, string> = {}): TaskOptions {
    return { files: [this.file], projectName: this.name, displayRoot: this.dir, retries: 3, interval: 1, timeout: 5, healthTimeout: 90, docker: this.docker, ...extra, env: this.env(env) };
  }

  compose(args: string[], env: Record<string, string> = {}, project = this.name): Promise<string> {
    return new Promise((resolve, reject) => {
      execFile('docker-compose', ['-f', this.file, '-p', project, ...args], { env: { ...process.env, ...this.env(env) } }, (err, stdout, stderr) =>
        err ? reject(new Error(`${args.join(' ')} failed: ${stderr}`)) : resolve(stdout + stderr),
      );
    });
  }

  upstreamText(): string {
    return fs.readFileSync(path.join(this.dir, 'proxy', 'ai-stack-upstream-api.conf'), 'utf8');
  }

  async running(service: string, project = this.name): Promise<Docker.ContainerInfo[]> {
    const list = await this.docker.listContainers({ filters: { label: [`com.docker.compose.project=${project}`, `com.docker.compose.service=${service}`] } });
    return list.filter((c) => c.Labels['com.docker.compose.oneoff'] !== 'True');
  }

  /** The proxy's log tail (nginx logs upstream errors there), for failure messages. */
  async proxyLog(): Promise<string> {
    const proxy = (await this.running('proxy'))[0];
    if (!proxy) return '(no proxy)';
    const buf = (await this.docker.getContainer(proxy.Id).logs({ stdout: true, stderr: true, tail: 30 })) as unknown as Buffer;
    return buf.toString('utf8').replace(/[\x00-\x08]/g, '');
  }

  async down(): Promise<void> {
    for (const p of [...this.extraProjects, this.name]) {
      const all = await this.docker.listContainers({ all: true, filters: { label: [`com.docker.compose.project=${p}`] } });
      await Promise.all(all.map((c) => this.docker.getContainer(c.Id).remove({ force: true, v: true }).catch(() => undefined)));
    }
    await this.compose(['--profile', 'tools', 'down', '-v', '--remove-orphans', '-t', '1']).catch(() => undefined);
    for (const p of this.extraProjects) {
      const nets = await this.docker.listNetworks({ filters: { label: [`com.docker.compose.project=${p}`] } });
      for (const n of nets) await this.docker.getNetwork(n.Id).remove().catch(() => undefined);
    }
    fs.rmSync(this.dir, { recursive: true, force: true });
  }
}
