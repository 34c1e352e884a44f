/** Flags of `ai-stack init`, parsed without a library so bad input gets our own clear message. */
import { ArgCursor, UsageError } from './argCursor';

export const INIT_TARGETS = ['dockerfile', 'ollama', 'vllm', 'tgi', 'env-example'] as const;
export type InitTarget = (typeof INIT_TARGETS)[number];

export interface InitArgs {
  target: InitTarget;
  /** dockerfile / env-example: the folder (default: the current directory). */
  dir?: string;
  /** ollama / vllm / tgi: the compose file to add the service to. */
  file?: string;
  dryRun: boolean;
  force: boolean;
  port?: number;
  healthPath?: string;
  gpus?: number | 'all';
  model?: string;
  network?: string;
  externalNetwork: boolean;
  publishLoopback: boolean;
  consumers: string[];
  baseImages: Record<string, string>;
  help: boolean;
}

export const INIT_USAGE = `Usage: ai-stack init dockerfile|ollama|vllm|tgi|env-example [options]

Generates what the editor's AI Stack commands generate, hardened so that \`ai-stack check\` finds nothing in it.

  dockerfile [DIR]    Four-stage Dockerfile and .dockerignore for the Node/Next.js or Python (FastAPI)
                      app in DIR. Without DIR: the only app folder (package.json, requirements.txt,
                      pyproject.toml, Pipfile) under the current directory; several: name one.
      --port N              port the app listens on (default 3000 Node, 8000 Python)
      --health-path PATH    path the HEALTHCHECK probes (default /health)
  ollama              Add a GPU Ollama service to a compose file (or bring an existing one up to the baseline).
  vllm | tgi          Add a GPU vLLM / TGI service (OpenAI-compatible API, required HF_TOKEN, model cache volume).
      -f, --file FILE       compose file (default: compose.yaml, compose.yml, docker-compose.yaml or
                            docker-compose.yml of the current directory; compose.yaml is created if none)
      --gpus N              GPUs to reserve (ollama: N or all, default all; vllm/tgi: N, default 1)
      --model ID            vllm/tgi: Hugging Face model id (default Qwen/Qwen2.5-1.5B-Instruct)
      --network NAME        network the apps join to reach it (default ailab-network)
      --external-network    join an existing network instead of creating one with the project
      --publish-loopback    publish the API on 127.0.0.1 of the host (never on all interfaces)
      --consumer SERVICE    a service that calls it (repeatable): it joins that service's networks too
                            (services that name it in a URL are found without this)
  env-example [DIR]   .env.example beside each compose project under DIR (default: the current
                      directory): every variable the compose files reference; never secret values.
                      An existing .env.example keeps its lines; missing variables are appended.

Options for all:
  --dry-run                 write nothing: print the files that would be written to stdout
  --force                   overwrite an existing Dockerfile / .dockerignore, or bring an existing
                            service up to the baseline (both refused without it)
  --base-image KEY=IMAGE    override a pinned image (keys: node, node<major>, python, ollama, vllm, tgi)

An existing compose file only gets lines inserted; every other line stays byte-identical.
Exit codes: 0 written (or previewed), 1 refused (a file or service exists; see --force), 2 usage error or unusable input.`;

export function parseInitArgs(argv: readonly string[]): InitArgs {
  const args: InitArgs = { target: 'dockerfile', dryRun: false, force: false, externalNetwork: false, publishLoopback: false, consumers: [], baseImages: {}, help: false };
  const positional: string[] = [];
  const cursor = new ArgCursor(argv);
  while (cursor.next()) {
    const { arg, name } = cursor;
    switch (name) {
      case '--help':
      case '-h':
        args.help = cursor.flag();
        break;
      case '--dry-run':
        args.dryRun = cursor.flag();
        break;
      case '--force':
        args.force = cursor.flag();
        break;
      case '--port':
        args.port = positiveInt(name, cursor.required(), 65535);
        break;
      case '--health-path':
        args.healthPath = cursor.required();
        break;
      case '--gpus': {
        const v = cursor.required();
        args.gpus = v === 'all' ? 'all' : positiveInt(name, v);
        break;
      }
      case '--model':
        args.model = cursor.required();
        break;
      case '--network':
        args.network = cursor.required();
        break;
      case '--external-network':
        args.externalNetwork = cursor.flag();
        break;
      case '--publish-loopback':
        args.publishLoopback = cursor.flag();
        break;
      case '--consumer':
        args.consumers.push(...cursor.required().split(',').map((s) => s.trim()).filter(Boolean));
        break;
      case '-f':
      case '--file':
        args.file = cursor.required();
        break;
      case '--base-image': {
        const v = cursor.required();
        const at = v.indexOf('=');
        if (at <= 0 || at === v.length - 1) throw new UsageError(`--base-image needs KEY=IMAGE, e.g. node=node:22.12.0-alpine3.21 (got "${v}")`);
        args.baseImages[v.slice(0, at)] = v.slice(at + 1);
        break;
      }
      default:
        if (arg.startsWith('-') && arg !== '-') throw new UsageError(`unknown option ${name}`);
        positional.push(arg);
    }
  }
  if (args.help && positional.length === 0) return args;
  const [target, ...rest] = positional;
  if (!target) throw new UsageError(`say what to generate: ${INIT_TARGETS.join(', ')}`);
  if (!(INIT_TARGETS as readonly string[]).includes(target)) throw new UsageError(`cannot generate "${target}": choose one of ${INIT_TARGETS.join(', ')}`);
  args.target = target as InitTarget;
  const takesDir = args.target === 'dockerfile' || args.target === 'env-example';
  if (rest.length > (takesDir ? 1 : 0)) throw new UsageError(`unexpected argument "${rest[takesDir ? 1 : 0]}"`);
  if (takesDir) args.dir = rest[0];
  const only = (flagName: string, present: boolean, allowed: readonly InitTarget[]) => {
    if (present && !allowed.includes(args.target)) throw new UsageError(`${flagName} does not apply to init ${args.target}`);
  };
  const services: InitTarget[] = ['ollama', 'vllm', 'tgi'];
  only('--port', args.port !== undefined, ['dockerfile', 'vllm', 'tgi']);
  only('--health-path', args.healthPath !== undefined, ['dockerfile']);
  only('--gpus', args.gpus !== undefined, services);
  only('--model', args.model !== undefined, ['vllm', 'tgi']);
  only('--network', args.network !== undefined, services);
  only('--external-network', args.externalNetwork, services);
  only('--publish-loopback', args.publishLoopback, services);
  only('--consumer', args.consumers.length > 0, services);
  only('--file', args.file !== undefined, services);
  only('--base-image', Object.keys(args.baseImages).length > 0, ['dockerfile', ...services]);
  if (args.gpus === 'all' && args.target !== 'ollama') throw new UsageError(`--gpus all does not apply to ${args.target}: it splits the model over a known number of GPUs; give a number`);
  return args;
}

function positiveInt(name: string, v: string, max = Number.MAX_SAFE_INTEGER): number {
  if (!/^\d+$/.test(v) || Number(v) < 1 || Number(v) > max) throw new UsageError(`${name} needs a whole number from 1${max === Number.MAX_SAFE_INTEGER ? '' : ` to ${max}`} (got "${v}")`);
  return Number(v);
}
