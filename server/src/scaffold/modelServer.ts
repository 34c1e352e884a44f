/**
 * "Add vLLM / TGI service": a hardened OpenAI-compatible model server inserted into compose text
 * (or a new compose.yaml), beside the Ollama generator and with the same insertion rules
 * (composeService.ts). What it sets, and why:
 * - GPUs reserved with a `count` (tensor parallelism / shards follow it), never every GPU implicitly;
 * - `shm_size`: PyTorch/NCCL share tensors through /dev/shm, Docker's 64 MB is too small;
 * - the Hugging Face cache on a named volume, so weights are not downloaded again after a recreate;
 * - `HF_TOKEN` required (`${HF_TOKEN:?…}`): compose refuses to start without it, no literal token;
 * - readiness on `/health`, which both servers answer only once the model is loaded, with a
 *   start_period long enough to download and load one;
 * - no published port (the API has no real authentication), on the networks of its callers;
 * - the usual hardening (cap_drop, no-new-privileges, read-only root with tmpfs /tmp, limits, log rotation).
 */
import type { YAMLMap } from 'yaml';
import type { SourceFile } from '../engine/compose/sourceFile';
import { addService, containedRootService, findServiceByImage, invalidNetwork, type ModelServiceOptions, quoted, ServiceResult } from './composeService';
import { DEFAULT_NETWORK } from './ollama';
import { ImageOverrides, tgiImage, vllmImage } from './pins';

export type ModelServerKind = 'vllm' | 'tgi';

export interface ModelServerOptions extends ModelServiceOptions {
  /** GPUs to reserve (tensor parallel size for vLLM, shards for TGI). Default 1. */
  gpuCount?: number;
  /** Hugging Face model id to serve. */
  model?: string;
  port?: number;
}

export const DEFAULT_MODEL = 'Qwen/Qwen2.5-1.5B-Instruct';
/** Hugging Face ids: `name` or `owner/name`. Anything else (spaces, `$`, quotes) is refused. */
export const MODEL_ID = /^[A-Za-z0-9][\w.-]*(\/[A-Za-z0-9][\w.-]*)?$/;

interface Kind {
  label: string;
  name: string;
  volume: string;
  /** Where the server keeps downloaded weights (the volume's mount point) and other dirs that count as one. */
  cache: string;
  cacheAliases: string[];
  port: number;
  shm: string;
  image: (o?: ImageOverrides) => string;
  imagePattern: RegExp;
  args: (model: string, port: number, gpus: number) => string[];
  /** Telemetry off (these servers and the Hub client report usage by default); caches that must be writable. */
  env: Record<string, unknown>;
  callerEnv: RegExp;
}

export const MODEL_SERVERS: Record<ModelServerKind, Kind> = {
  vllm: {
    label: 'vLLM',
    name: 'vllm',
    volume: 'vllm-cache',
    // The whole ~/.cache: the Hugging Face cache and vLLM's compile cache both live there, and the root is read-only.
    cache: '/root/.cache',
    cacheAliases: ['/root/.cache/huggingface'],
    port: 8000,
    shm: '2gb',
    image: vllmImage,
    imagePattern: /(^|\/)(vllm-openai|vllm)(:|@|$)/,
    args: (model, port, gpus) => ['--model', model, '--port', String(port), ...(gpus > 1 ? ['--tensor-parallel-size', String(gpus)] : [])],
    // Triton compiles kernels at run time: its cache goes to the volume (the root is read-only, a tmpfs is noexec).
    env: { VLLM_NO_USAGE_STATS: '1', DO_NOT_TRACK: '1', HF_HUB_DISABLE_TELEMETRY: '1', TRITON_CACHE_DIR: '/root/.cache/triton' },
    callerEnv: /^VLLM_(HOST|BASE_URL|URL|API_BASE|API_BASE_URL|ENDPOINT)$/,
  },
  tgi: {
    label: 'TGI',
    name: 'tgi',
    volume: 'tgi-data',
    // The image sets HF_HOME=/data.
    cache: '/data',
    cacheAliases: [],
    port: 8080,
    shm: '1gb',
    image: tgiImage,
    imagePattern: /(^|\/)text-generation-inference(:|@|$)/,
    args: (model, port, gpus) => ['--model-id', model, '--port', String(port), ...(gpus > 1 ? ['--num-shard', String(gpus)] : [])],
    // Quoted: YAML 1.1 readers (docker-compose 1.x) would take a bare off for false. Run-time caches
    // (Triton kernels, ~/.cache users) go to the volume: the root is read-only, a tmpfs is noexec.
    env: { USAGE_STATS: quoted('off'), HF_HUB_DISABLE_TELEMETRY: '1', TRITON_CACHE_DIR: '/data/triton', XDG_CACHE_HOME: '/data/cache' },
    callerEnv: /^TGI_(HOST|BASE_URL|URL|API_BASE|API_BASE_URL|ENDPOINT)$/,
  },
};

/** The service as plain data (new services, and the baseline for an existing one). */
export function modelServerBaseline(kind: ModelServerKind, o: ModelServerOptions = {}, volume?: string, networks?: string[]): Record<string, unknown> {
  const k = MODEL_SERVERS[kind];
  const port = o.port ?? k.port;
  const gpus = o.gpuCount ?? 1;
  const service: Record<string, unknown> = {
    image: k.image(o.baseImages),
    restart: 'unless-stopped',
    command: k.args(o.model ?? DEFAULT_MODEL, port, gpus),
    environment: {
      // Compose refuses to start without it; the value comes from the environment or .env, never this file.
      HF_TOKEN: '${HF_TOKEN:?HF_TOKEN must be set (a Hugging Face read token)}',
      ...k.env,
    },
    volumes: [`${volume ?? o.volumeName ?? k.volume}:${k.cache}`],
    expose: [quoted(String(port))],
    networks: networks ?? [o.network || DEFAULT_NETWORK],
  };
  if (o.publishOnLoopback) service.ports = [quoted(`127.0.0.1:${port}:${port}`)];
  Object.assign(service, {
    shm_size: k.shm,
    healthcheck: {
      test: ['CMD', 'curl', '-fsS', '-o', '/dev/null', `http://127.0.0.1:${port}/health`],
      interval: '10s',
      timeout: '5s',
      retries: 6,
      // Downloading and loading the weights (and vLLM's CUDA graph capture) takes minutes; a success ends it early.
      start_period: '600s',
    },
    deploy: {
      resources: {
        limits: { cpus: quoted(o.cpus ?? '8'), memory: o.memoryLimit ?? '32g' },
        reservations: { devices: [{ driver: 'nvidia', count: gpus, capabilities: ['gpu'] }] },
      },
    },
    ...containedRootService(4096),
  });
  return service;
}

export function addModelServer(kind: ModelServerKind, existing: string | undefined, options: ModelServerOptions = {}): ServiceResult {
  const k = MODEL_SERVERS[kind];
  const network = (options.network ?? DEFAULT_NETWORK).trim() || DEFAULT_NETWORK;
  const bad = invalidNetwork(network);
  if (bad) return { ok: false, message: bad };
  if (options.gpuCount !== undefined && !(Number.isInteger(options.gpuCount) && options.gpuCount > 0)) {
    return { ok: false, message: `The GPU count must be a positive whole number (${k.label} splits the model over exactly that many GPUs).` };
  }
  if (options.port !== undefined && !(Number.isInteger(options.port) && options.port > 0 && options.port < 65536)) return { ok: false, message: 'The port must be a number between 1 and 65535.' };
  const model = options.model?.trim();
  if (model !== undefined && !MODEL_ID.test(model)) return { ok: false, message: `"${model}" is not a Hugging Face model id (owner/name).` };
  const o = { ...options, model };
  return addService(existing, {
    label: k.label,
    name: options.serviceName ?? k.name,
    volume: options.volumeName ?? k.volume,
    network,
    externalNetwork: !!options.externalNetwork,
    baseline: (volume, networks) => modelServerBaseline(kind, o, volume, networks),
    findExisting: (file: SourceFile, services: YAMLMap) => findServiceByImage(file, services, options.serviceName ?? k.name, k.imagePattern, [k.cache, ...k.cacheAliases]),
    callerEnv: k.callerEnv,
    consumers: options.consumers,
    header: (n) => `Created by AI Stack: GPU ${k.label} service (OpenAI-compatible API). Apps join the network below and reach http://${n}:${o.port ?? k.port}/v1.`,
  });
}
