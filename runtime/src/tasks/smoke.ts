/**
 * smoke: HTTP GET of /health, /ready (and /docs for FastAPI) on each app service's published
 * host port, with retries; stops at the first check that fails and prints a SMOKE FAIL line
 * (problem matcher `ai-stack-smoke`) pointing at the service in the compose file.
 */
import http from 'node:http';
import https from 'node:https';
import { displayPath, Prepared, prepare, sleep, StepResult, stepOutcome, TaskOptions } from './context';
import { engineError, projectContainers } from './docker';
import { connectHost, Endpoint, endpointsOf, urlFor } from './ports';
import { appServices, looksLikeFastApi, ServiceInfo } from './project';
import { EXIT, Reporter } from './reporter';

export interface SmokeCheck {
  url: string;
  /** Where a failure is reported (compose file and line of the service). */
  file: string;
  line: number;
  service?: string;
}

type Attempt = { ok: true; status: number } | { ok: false; reason: string };

/** One GET; never throws. Non-2xx bodies are cut to one short line (health bodies say why). */
export function httpGet(url: string, expect: number, timeoutMs: number, signal?: AbortSignal): Promise<Attempt> {
  let parsed: URL;
  try {
    parsed = new URL(url);
  } catch {
    return Promise.resolve({ ok: false, reason: 'is not a valid URL' });
  }
  const client = parsed.protocol === 'https:' ? https : http;
  return new Promise((resolve) => {
    let done = false;
    const finish = (a: Attempt) => {
      if (done) return;
      done = true;
      clearTimeout(timer);
      req.destroy();
      resolve(a);
    };
    const req = client.get(parsed, { signal, headers: { 'user-agent': 'ai-stack-smoke' } }, (res) => {
      let body = '';
      res.setEncoding('utf8');
      res.on('data', (d: string) => (body = (body + d).slice(0, 300)));
      res.on('end', () => {
        const status = res.statusCode ?? 0;
        if (status === expect) finish({ ok: true, status });
        else finish({ ok: false, reason: `answered ${status} (expected ${expect})${body.trim() ? `: ${body.replace(/\s+/g, ' ').trim().slice(0, 120)}` : ''}` });
      });
      res.on('error', (e) => finish({ ok: false, reason: e.message }));
    });
    const timer = setTimeout(() => finish({ ok: false, reason: `no answer within ${timeoutMs / 1000} s (timeout)` }), timeoutMs);
    req.on('error', (e: NodeJS.ErrnoException) => {
      if (signal?.aborted) return finish({ ok: false, reason: 'cancelled' });
      const closed = e.code === 'ECONNREFUSED' || e.code === 'ECONNRESET';
      finish({ ok: false, reason: closed ? `connection refused (${e.code}): nothing listens on that port` : `${e.code ?? ''} ${e.message}`.trim() });
    });
  });
}

/** The host endpoint of a service's first published TCP port; asks the engine for ephemeral ports. */
async function endpointOf(prepared: Prepared, service: ServiceInfo): Promise<{ host: string; port: number } | string> {
  const endpoint: Endpoint | undefined = service.ports.flatMap(endpointsOf)[0];
  if (!endpoint) return `service "${service.name}" publishes no TCP port`;
  if (endpoint.port) return { host: endpoint.host, port: endpoint.port };
  try {
    const [c] = await projectContainers(prepared.docker, prepared.project.name, { service: service.name, oneoff: false, all: false });
    const bound = c?.Ports.find((p) => p.PrivatePort === endpoint.target && p.Type === 'tcp' && p.PublicPort);
    if (!bound) return `service "${service.name}" has no running container with port ${endpoint.target} published; start the stack first`;
    return { host: connectHost(bound.IP), port: bound.PublicPort };
  } catch (e) {
    return engineError(e, prepared.engine.label);
  }
}

/** The checks to run, in order; a string is a problem that makes the smoke test fail before any request. */
export async function planChecks(prepared: Prepared): Promise<SmokeCheck[] | string> {
  const { project, options } = prepared;
  const urls = options.urls ?? [];
  const absolute = urls.filter((u) => /^https?:\/\//i.test(u));
  const paths = urls.filter((u) => !/^https?:\/\//i.test(u));
  const firstFile = { file: project.files[0], line: 1 };
  const invalid = absolute.find((u) => !URL.canParse(u));
  if (invalid) return `"${invalid}" is not a valid URL.`;
  const checks: SmokeCheck[] = absolute.map((url) => ({ url, ...(locate(project.services, url) ?? firstFile) }));
  if (absolute.length > 0 && paths.length === 0) return checks;

  let services = appServices(project);
  if (options.service) {
    const chosen = project.services.find((s) => s.name === options.service);
    if (!chosen) return `Service "${options.service}" is not defined (services: ${project.services.map((s) => s.name).join(', ')}).`;
    services = [chosen];
  }
  if (services.length === 0) return 'No app service publishes a port, so there is nothing to smoke-test. Publish the app port (e.g. "127.0.0.1:8000:8000") or pass --url.';
  for (const svc of services) {
    const endpoint = await endpointOf(prepared, svc);
    if (typeof endpoint === 'string') return endpoint;
    const forService = paths.length ? paths : ['/health', '/ready', ...(looksLikeFastApi(svc) ? ['/docs'] : [])];
    for (const p of forService) checks.push({ url: urlFor(endpoint, p), file: svc.file, line: svc.line, service: svc.name });
  }
  return checks;
}

/** An absolute URL is attributed to the service that publishes its port, when one does. */
function locate(services: ServiceInfo[], url: string): { file: string; line: number } | undefined {
  const port = Number(new URL(url).port || 80);
  const svc = services.find((s) => s.ports.flatMap(endpointsOf).some((e) => e.port === port));
  return svc && { file: svc.file, line: svc.line };
}

export async function smokeStep(prepared: Prepared, reporter: Reporter, signal?: AbortSignal): Promise<StepResult> {
  const { options } = prepared;
  const retries = options.retries ?? 5;
  const intervalMs = (options.interval ?? 2) * 1000;
  const timeoutMs = (options.timeout ?? 5) * 1000;
  const expect = options.expectStatus ?? 200;
  const checks = await planChecks(prepared);
  if (typeof checks === 'string') return { ok: false, message: checks };
  for (const check of checks) {
    let last: Attempt = { ok: false, reason: 'not tried' };
    for (let attempt = 1; attempt <= retries; attempt++) {
      if (signal?.aborted) return { ok: false, cancelled: true, message: 'cancelled' };
      last = await httpGet(check.url, expect, timeoutMs, signal);
      if (signal?.aborted) return { ok: false, cancelled: true, message: 'cancelled' };
      if (last.ok) break;
      if (attempt < retries) {
        reporter.line(`  GET ${check.url}: ${last.reason}; retrying in ${intervalMs / 1000} s (${attempt}/${retries})`);
        await sleep(intervalMs, signal);
      }
    }
    if (!last.ok) {
      const where = `${displayPath(check.file, options.displayRoot)}:${check.line}`;
      const message = `GET ${check.url} ${last.reason} after ${retries} attempt${retries === 1 ? '' : 's'}${check.service ? ` (service ${check.service})` : ''}`;
      reporter.line(`SMOKE FAIL ${where}: ${message}`);
      return { ok: false, message };
    }
    reporter.success(`GET ${check.url} → ${last.status}`);
  }
  return { ok: true };
}

export async function runSmoke(options: TaskOptions, reporter: Reporter, signal?: AbortSignal): Promise<number> {
  const prepared = prepare(options, reporter);
  if (!prepared) return EXIT.usage;
  reporter.step(`smoke: project ${prepared.project.name}`);
  return stepOutcome(await smokeStep(prepared, reporter, signal), reporter, {
    ok: 'All smoke checks passed.',
    cancelled: 'Smoke test cancelled.',
    failed: (message) => `Smoke test failed: ${message}`,
  });
}
