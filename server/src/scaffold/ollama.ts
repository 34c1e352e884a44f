/**
 * "Add GPU Ollama service": a hardened `ollama` service (GPU reservation, model volume, health
 * check, dedicated network) inserted into compose text, or a new compose.yaml; an existing Ollama
 * service is brought up to the same baseline instead (see composeService.ts).
 */
import type { YAMLMap } from 'yaml';
import type { SourceFile } from '../engine/compose/sourceFile';
import { addService, containedRootService, findServiceByImage, invalidNetwork, type ModelServiceOptions, quoted, ServiceResult } from './composeService';
import { ollamaImage } from './pins';

/** The API is ollama:11434 on the network (127.0.0.1:11434 on the host with `publishOnLoopback`). */
export interface OllamaOptions extends ModelServiceOptions {
  /** GPUs to reserve: a number or 'all'. */
  gpuCount?: number | 'all';
}

export type OllamaResult = ServiceResult;

export const DEFAULT_NETWORK = 'ailab-network';
const OLLAMA_IMAGE_RE = /(^|\/)ollama\/ollama(:|@|$)/;
/** Variables that tell an app where Ollama is (their value may still point elsewhere: the app is a caller all the same). */
const OLLAMA_ENV = /^OLLAMA_(HOST|BASE_URL|URL|API_BASE|API_BASE_URL|ENDPOINT)$/;

/** The service as plain data (used for new services and as the baseline for existing ones). */
export function ollamaServiceBaseline(o: OllamaOptions = {}, network = o.network || DEFAULT_NETWORK, volume = o.volumeName || 'ollama-models', alsoOn: readonly string[] = []): Record<string, unknown> {
  const count = o.gpuCount ?? 'all';
  const service: Record<string, unknown> = {
    image: ollamaImage(o.baseImages),
    restart: 'unless-stopped',
    environment: {
      // One model in VRAM at a time and a bounded queue: predictable memory on a shared GPU.
      OLLAMA_MAX_LOADED_MODELS: '1',
      OLLAMA_NUM_PARALLEL: '2',
      OLLAMA_KEEP_ALIVE: '5m',
    },
    volumes: [`${volume}:/root/.ollama`],
    networks: [network, ...alsoOn.filter((n) => n !== network)],
  };
  if (o.publishOnLoopback) service.ports = [quoted('127.0.0.1:11434:11434')];
  Object.assign(service, {
    healthcheck: { test: ['CMD', 'ollama', 'list'], interval: '30s', timeout: '10s', retries: 5, start_period: '60s' },
    deploy: {
      resources: {
        limits: { cpus: quoted(o.cpus ?? '8'), memory: o.memoryLimit ?? '16g' },
        reservations: { devices: [{ driver: 'nvidia', count: count === 'all' ? 'all' : Math.max(1, Math.floor(count)), capabilities: ['gpu'] }] },
      },
    },
    ...containedRootService(1024),
  });
  return service;
}

export function addOllamaService(existing: string | undefined, options: OllamaOptions = {}): OllamaResult {
  const network = (options.network ?? DEFAULT_NETWORK).trim() || DEFAULT_NETWORK;
  const bad = invalidNetwork(network);
  if (bad) return { ok: false, message: bad };
  if (options.gpuCount !== undefined && options.gpuCount !== 'all' && !(Number.isInteger(options.gpuCount) && options.gpuCount > 0)) {
    return { ok: false, message: 'The GPU count must be a positive whole number or "all".' };
  }
  const name = options.serviceName ?? 'ollama';
  return addService(existing, {
    label: 'Ollama',
    name,
    volume: options.volumeName ?? 'ollama-models',
    network,
    externalNetwork: !!options.externalNetwork,
    baseline: (volume, networks) => ollamaServiceBaseline(options, networks[0], volume, networks.slice(1)),
    findExisting: (file: SourceFile, services: YAMLMap) => findServiceByImage(file, services, 'ollama', OLLAMA_IMAGE_RE, ['/root/.ollama']),
    callerEnv: OLLAMA_ENV,
    consumers: options.consumers,
    header: (n) => `Created by AI Stack: GPU Ollama service. Apps join the network below and reach http://${n}:11434.`,
  });
}
