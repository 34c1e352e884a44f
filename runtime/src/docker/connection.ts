// Decides which Docker engine to talk to, the way the docker CLI does, and builds dockerode options for it.
// Order: explicit setting, DOCKER_HOST, the current Docker context, the default socket (Podman's when it is
// the only socket present). No vscode import: the CLI and the tasks feature use this too.
import { createHash } from 'node:crypto';
import { existsSync, readFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import Docker from 'dockerode';

export type EngineSource = 'setting' | 'env' | 'context' | 'default' | 'podman';

export interface ResolvedEngine {
  /** Options for `new Docker(...)`; every connection field is set (undefined when unused) so that
   * docker-modem's own DOCKER_HOST reading cannot override the decision made here. */
  options: Docker.DockerOptions;
  /** Where the engine is, e.g. `unix:///var/run/docker.sock` or `tcp://10.0.0.5:2376`. Never contains key material. */
  host: string;
  /** Human label: `unix:///var/run/docker.sock (default socket)`, `tcp://h:2376 (DOCKER_HOST, TLS)`, `context "remote" (…)`. */
  label: string;
  source: EngineSource;
  tls: boolean;
}

export interface ResolveInput {
  /** Value of the `aiStack.docker.host` setting; empty means "not set". */
  setting?: string;
  env?: NodeJS.ProcessEnv;
  homeDir?: string;
  /** Injected for tests; defaults to fs.existsSync. */
  exists?: (p: string) => boolean;
  /** How messages name `setting` (default `aiStack.docker.host`; the task CLI adds `--docker-host`). */
  settingName?: string;
}

/** A configuration that cannot work (bad URL, missing certificate…), with a message for the user. */
export class EngineConfigError extends Error {
  override name = 'EngineConfigError';
}

const DEFAULT_SOCKET = '/var/run/docker.sock';

export function resolveEngine(input: ResolveInput = {}): ResolvedEngine {
  const env = input.env ?? process.env;
  const home = input.homeDir ?? os.homedir();
  const exists = input.exists ?? existsSync;
  const tlsFromEnv = () => envTls(env, home);

  const setting = input.setting?.trim();
  if (setting) return fromHost(setting, 'setting', input.settingName ?? 'aiStack.docker.host', tlsFromEnv(), env.SSH_AUTH_SOCK);
  const envHost = env.DOCKER_HOST?.trim();
  if (envHost) return fromHost(envHost, 'env', 'DOCKER_HOST', tlsFromEnv(), env.SSH_AUTH_SOCK);
  const context = currentContext(env, home, exists);
  if (context) return context;
  return defaultSocket(env, home, exists);
}

/** Creates the client; a configuration docker-modem rejects becomes an EngineConfigError. */
export function createDocker(resolved: ResolvedEngine): Docker {
  try {
    return new Docker(resolved.options);
  } catch (e) {
    throw new EngineConfigError(`Cannot use the Docker engine at ${resolved.host}: ${(e as Error).message}`);
  }
}

/**
 * Environment for a docker/compose CLI child so it talks to the same engine as the API client:
 * the CLI reads DOCKER_HOST, DOCKER_TLS_VERIFY/DOCKER_CERT_PATH and the current context itself, so
 * only a choice it cannot make (the setting, Podman's socket) is passed as DOCKER_HOST.
 */
export function cliEnvironment(resolved: ResolvedEngine, env: NodeJS.ProcessEnv = process.env): NodeJS.ProcessEnv {
  if (resolved.source === 'setting' || resolved.source === 'podman') return { ...env, DOCKER_HOST: resolved.host };
  return env;
}

interface TlsFiles {
  ca: Buffer;
  cert: Buffer;
  key: Buffer;
  dir: string;
}

function envTls(env: NodeJS.ProcessEnv, home: string): TlsFiles | 'verify-off' | undefined {
  // The docker CLI turns TLS on when DOCKER_TLS_VERIFY is set to anything non-empty (even "0" is "set"
  // for the CLI, but "0"/"false" is what people write to mean off, so we honour that).
  const verify = env.DOCKER_TLS_VERIFY;
  if (verify === undefined || verify === '' || verify === '0' || verify.toLowerCase() === 'false') {
    return env.DOCKER_TLS ? 'verify-off' : undefined;
  }
  const dir = env.DOCKER_CERT_PATH?.trim() || path.join(home, '.docker');
  return readTlsDir(dir, 'DOCKER_TLS_VERIFY is set');
}

function readTlsDir(dir: string, why: string): TlsFiles {
  const read = (name: string) => {
    const file = path.join(dir, name);
    try {
      return readFileSync(file);
    } catch {
      throw new EngineConfigError(`${why} but ${file} cannot be read; set DOCKER_CERT_PATH to the folder with ca.pem, cert.pem and key.pem.`);
    }
  };
  return { ca: read('ca.pem'), cert: read('cert.pem'), key: read('key.pem'), dir };
}

const noConnection: Docker.DockerOptions = {
  socketPath: undefined,
  host: undefined,
  port: undefined,
  protocol: undefined,
  ca: undefined,
  cert: undefined,
  key: undefined,
  username: undefined,
};

function fromHost(
  raw: string,
  source: EngineSource,
  origin: string,
  tls: TlsFiles | 'verify-off' | undefined,
  sshAgent: string | undefined,
): ResolvedEngine {
  const hostText = raw.includes('://') ? raw : `tcp://${raw}`;
  let url: URL;
  try {
    url = new URL(hostText);
  } catch {
    throw new EngineConfigError(`${origin} "${raw}" is not a Docker host; use unix:///path/to/docker.sock, tcp://host:2376 or ssh://user@host.`);
  }
  const scheme = url.protocol.replace(/:$/, '');
  if (scheme === 'unix' || scheme === 'npipe') {
    const socketPath = scheme === 'unix' ? decodeURIComponent(url.pathname) : hostText.slice('npipe://'.length);
    if (!socketPath) throw new EngineConfigError(`${origin} "${raw}" names no socket path.`);
    const host = `${scheme}://${socketPath}`;
    return { options: { ...noConnection, socketPath }, host, label: `${host} (${origin})`, source, tls: false };
  }
  if (scheme === 'ssh') {
    if (!url.hostname) throw new EngineConfigError(`${origin} "${raw}" names no host.`);
    const host = `ssh://${url.username ? `${url.username}@` : ''}${url.hostname}${url.port ? `:${url.port}` : ''}`;
    return {
      options: {
        ...noConnection,
        protocol: 'ssh',
        host: url.hostname,
        port: url.port || '22',
        username: url.username || undefined,
        sshOptions: { agent: sshAgent },
      },
      host,
      label: `${host} (${origin})`,
      source,
      tls: false,
    };
  }
  if (scheme !== 'tcp' && scheme !== 'http' && scheme !== 'https') {
    throw new EngineConfigError(`${origin} "${raw}" uses the unsupported scheme "${scheme}"; use unix, tcp, ssh or npipe.`);
  }
  if (!url.hostname) throw new EngineConfigError(`${origin} "${raw}" names no host.`);
  const useTls = scheme === 'https' || tls !== undefined;
  const port = url.port || (useTls ? '2376' : '2375');
  const host = `tcp://${url.hostname}:${port}`;
  const files = typeof tls === 'object' ? tls : undefined;
  return {
    options: {
      ...noConnection,
      host: url.hostname.replace(/^\[(.*)\]$/, '$1'),
      port,
      protocol: useTls ? 'https' : 'http',
      ca: files?.ca,
      cert: files?.cert,
      key: files?.key,
    },
    host,
    label: `${host} (${origin}${useTls ? ', TLS' : ''})`,
    source,
    tls: useTls,
  };
}

/** The context named by DOCKER_CONTEXT or config.json's currentContext; undefined for "default" or none. */
function currentContext(env: NodeJS.ProcessEnv, home: string, exists: (p: string) => boolean): ResolvedEngine | undefined {
  const configDir = env.DOCKER_CONFIG?.trim() || path.join(home, '.docker');
  let name = env.DOCKER_CONTEXT?.trim();
  if (!name) {
    const configFile = path.join(configDir, 'config.json');
    if (!exists(configFile)) return undefined;
    const config = readJson(configFile);
    const current = config && typeof config === 'object' ? (config as Record<string, unknown>).currentContext : undefined;
    name = typeof current === 'string' ? current.trim() : undefined;
  }
  if (!name || name === 'default') return undefined;
  const digest = createHash('sha256').update(name).digest('hex');
  const metaFile = path.join(configDir, 'contexts', 'meta', digest, 'meta.json');
  if (!exists(metaFile)) {
    throw new EngineConfigError(`The current Docker context "${name}" has no metadata at ${metaFile}; run \`docker context use default\` or fix the context.`);
  }
  const meta = readJson(metaFile) as { Endpoints?: { docker?: { Host?: unknown; SkipTLSVerify?: unknown } } } | undefined;
  const endpoint = meta?.Endpoints?.docker;
  if (!endpoint || typeof endpoint.Host !== 'string' || !endpoint.Host) {
    throw new EngineConfigError(`The Docker context "${name}" (${metaFile}) has no docker endpoint Host.`);
  }
  // TLS material of a context lives next to its metadata, under contexts/tls/<digest>/docker/.
  const tlsDir = path.join(configDir, 'contexts', 'tls', digest, 'docker');
  const tls = exists(path.join(tlsDir, 'ca.pem')) ? readTlsDir(tlsDir, `The Docker context "${name}" has TLS files`) : undefined;
  const resolved = fromHost(endpoint.Host, 'context', `context "${name}"`, tls, env.SSH_AUTH_SOCK);
  return { ...resolved, label: `context "${name}" (${resolved.host}${resolved.tls ? ', TLS' : ''})` };
}

function defaultSocket(env: NodeJS.ProcessEnv, home: string, exists: (p: string) => boolean): ResolvedEngine {
  const dockerSockets = [DEFAULT_SOCKET, path.join(home, '.docker', 'run', 'docker.sock')];
  const docker = dockerSockets.find(exists);
  if (!docker) {
    const runtimeDir = env.XDG_RUNTIME_DIR?.trim();
    const podmanSockets = [
      ...(runtimeDir ? [path.join(runtimeDir, 'podman', 'podman.sock')] : []),
      '/run/podman/podman.sock',
    ];
    const podman = podmanSockets.find(exists);
    if (podman) {
      const host = `unix://${podman}`;
      return { options: { ...noConnection, socketPath: podman }, host, label: `${host} (Podman)`, source: 'podman', tls: false };
    }
  }
  const socketPath = docker ?? DEFAULT_SOCKET;
  const host = `unix://${socketPath}`;
  return { options: { ...noConnection, socketPath }, host, label: `${host} (default socket)`, source: 'default', tls: false };
}

function readJson(file: string): unknown {
  let text: string;
  try {
    text = readFileSync(file, 'utf8');
  } catch (e) {
    throw new EngineConfigError(`Cannot read ${file}: ${(e as Error).message}`);
  }
  try {
    return JSON.parse(text);
  } catch (e) {
    throw new EngineConfigError(`${file} is not valid JSON: ${(e as Error).message}`);
  }
}
