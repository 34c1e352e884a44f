/**
 * Types of the common service keys, checked with zod on the service's plain value. Each problem
 * is reported at the exact node ("ports must be a list, got a string"); a service that is not a
 * mapping is reported on its key. Values that may hold `${VAR}` (booleans, numbers) also accept strings.
 */
import { isMap, isSeq, Node } from 'yaml';
import { z } from 'zod';
import type { ComposeContext } from '../../compose/context';
import { effectiveEntries } from '../../compose/mapping';
import type { ServiceView } from '../../compose/model';
import type { FindingDraft, Rule } from '../../rule';
import { atValue, missing } from '../shared/util';

const msg = (error: string) => ({ error });
const str = z.string(msg('must be a string'));
const num = z.union([z.number(), z.string()], msg('must be a number'));
const bool = z.union([z.boolean(), z.string()], msg('must be true or false'));
const scalar = z.union([z.string(), z.number(), z.boolean(), z.null()], msg('must be a string, number or boolean'));
const strList = z.array(z.union([z.string(), z.number()], msg('must be a string')), msg('must be a list'));
const strOrList = z.union([z.string(), strList], msg('must be a string or a list'));
const dict = z.record(z.string(), scalar, msg('must be a mapping'));
const dictOrList = z.union([dict, strList], msg('must be a mapping or a list'));
const map = (shape: z.ZodRawShape) => z.looseObject(shape, msg('must be a mapping'));
const opt = <T extends z.ZodType>(t: T) => t.nullish();

const duration = opt(str);
const healthcheck = map({
  test: opt(strOrList),
  interval: duration,
  timeout: duration,
  start_period: duration,
  start_interval: duration,
  retries: opt(num),
  disable: opt(bool),
});
const limits = map({ cpus: opt(num), memory: opt(z.union([z.string(), z.number()], msg('must be a size such as 512M'))), pids: opt(num) });
const device = map({ driver: opt(str), count: opt(z.union([z.number(), z.string()], msg('must be a number or "all"'))), device_ids: opt(strList), capabilities: opt(strList), options: opt(dict) });
const deploy = map({
  mode: opt(str),
  replicas: opt(num),
  resources: opt(map({ limits: opt(limits), reservations: opt(map({ cpus: opt(num), memory: opt(z.union([z.string(), z.number()])), devices: opt(z.array(device, msg('must be a list'))) })) })),
  restart_policy: opt(map({ condition: opt(str), delay: duration, max_attempts: opt(num), window: duration })),
  labels: opt(dictOrList),
});
const dependency = map({ condition: opt(z.enum(['service_started', 'service_healthy', 'service_completed_successfully'], msg('must be service_started, service_healthy or service_completed_successfully'))), restart: opt(bool), required: opt(bool) });
const port = z.union([z.string(), z.number(), map({ target: opt(num), published: opt(num), host_ip: opt(str), protocol: opt(str), mode: opt(str), name: opt(str), app_protocol: opt(str) })], msg('must be a string, number or mapping'));
const volume = z.union([z.string(), map({ type: opt(str), source: opt(str), target: opt(str), read_only: opt(bool) })], msg('must be a string or a mapping'));

export const serviceSchema = map({
  image: opt(str),
  build: opt(z.union([z.string(), map({ context: opt(str), dockerfile: opt(str), args: opt(dictOrList), target: opt(str) })], msg('must be a path or a mapping'))),
  container_name: opt(str),
  command: opt(strOrList),
  entrypoint: opt(strOrList),
  working_dir: opt(str),
  hostname: opt(str),
  platform: opt(str),
  ports: opt(z.array(port, msg('must be a list'))),
  expose: opt(strList),
  environment: opt(dictOrList),
  env_file: opt(z.union([z.string(), z.array(z.union([z.string(), map({ path: str, required: opt(bool) })], msg('must be a path or a mapping')))], msg('must be a path or a list'))),
  labels: opt(dictOrList),
  depends_on: opt(z.union([strList, z.record(z.string(), opt(dependency))], msg('must be a list or a mapping'))),
  healthcheck: opt(healthcheck),
  deploy: opt(deploy),
  volumes: opt(z.array(volume, msg('must be a list'))),
  tmpfs: opt(strOrList),
  user: opt(z.union([z.string(), z.number()], msg('must be a string or a number'))),
  cap_add: opt(strList),
  cap_drop: opt(strList),
  security_opt: opt(strList),
  networks: opt(z.union([strList, z.record(z.string(), z.union([map({ aliases: opt(strList), ipv4_address: opt(str) }), z.null()]))], msg('must be a list or a mapping'))),
  network_mode: opt(str),
  restart: opt(str),
  read_only: opt(bool),
  privileged: opt(bool),
  init: opt(bool),
  tty: opt(bool),
  stdin_open: opt(bool),
  pid: opt(str),
  ipc: opt(str),
  uts: opt(str),
  userns_mode: opt(str),
  mem_limit: opt(z.union([z.string(), z.number()], msg('must be a size such as 512M'))),
  cpus: opt(num),
  pids_limit: opt(num),
  shm_size: opt(z.union([z.string(), z.number()], msg('must be a size such as 1g'))),
  logging: opt(map({ driver: opt(str), options: opt(dict) })),
  profiles: opt(strList),
  extra_hosts: opt(dictOrList),
  dns: opt(strOrList),
  devices: opt(z.array(z.union([z.string(), map({})], msg('must be a string or a mapping')), msg('must be a list'))),
  secrets: opt(z.array(z.union([z.string(), map({ source: opt(str), target: opt(str) })], msg('must be a name or a mapping')), msg('must be a list'))),
  configs: opt(z.array(z.union([z.string(), map({ source: opt(str), target: opt(str) })], msg('must be a name or a mapping')), msg('must be a list'))),
  ulimits: opt(z.record(z.string(), z.union([z.number(), z.string(), map({ soft: num, hard: num })], msg('must be a number or {soft, hard}')), msg('must be a mapping'))),
  extends: opt(z.union([z.string(), map({ service: str, file: opt(str) })], msg('must be a service name or a mapping'))),
  stop_grace_period: duration,
  stop_signal: opt(str),
});

interface ShapeIssue {
  path: PropertyKey[];
  message: string;
}

/** zod reports a union failure as a whole; when only one branch got past the type check, its inner problem is the real one. */
function flatten(issues: readonly z.core.$ZodIssue[], prefix: PropertyKey[] = []): ShapeIssue[] {
  return issues.flatMap((issue): ShapeIssue[] => {
    const path = [...prefix, ...issue.path];
    if (issue.code === 'invalid_union') {
      const deeper = issue.errors.filter((branch) => branch.every((i) => i.path.length > 0));
      if (deeper.length === 1) return flatten(deeper[0], path);
    }
    return [{ path, message: issue.message }];
  });
}

export function describeType(js: unknown): string {
  if (js === null || js === undefined) return 'nothing';
  if (Array.isArray(js)) return 'a list';
  if (typeof js === 'object') return 'a mapping';
  if (typeof js === 'string') return 'a string';
  if (typeof js === 'number') return 'a number';
  if (typeof js === 'boolean') return `${js}`;
  return typeof js;
}

function valueAtPath(js: unknown, path: readonly PropertyKey[]): unknown {
  let v = js;
  for (const seg of path) v = v && typeof v === 'object' ? (v as Record<PropertyKey, unknown>)[seg] : undefined;
  return v;
}

function pathText(path: readonly PropertyKey[]): string {
  return path.map((p, i) => (typeof p === 'number' ? `[${p}]` : `${i ? '.' : ''}${String(p)}`)).join('');
}

/** The finding for an issue: at the deepest node of `path` that exists, or the service key when inherited. */
function locate(svc: ServiceView, path: readonly PropertyKey[], message: string): FindingDraft {
  const ref = svc.get([String(path[0])]);
  if (!ref) return missing(svc, message);
  if (ref.via) return atValue(svc, ref, message);
  let node: Node | null = ref.node;
  for (const seg of path.slice(1)) {
    let next: Node | null | undefined;
    if (isMap(node)) next = effectiveEntries(ref.file, node).get(String(seg))?.value;
    else if (isSeq(node) && typeof seg === 'number') next = ref.file.resolve(node.items[seg]);
    if (!next) break;
    node = next;
  }
  return atValue(svc, { ...ref, node }, message);
}

/** Issues by the service's plain value: the same object while its node is unchanged, so an edit re-checks one service. */
const issueCache = new WeakMap<object, ShapeIssue[]>();

function shapeIssues(js: unknown): ShapeIssue[] {
  const hit = js && typeof js === 'object' ? issueCache.get(js) : undefined;
  if (hit) return hit;
  const result = serviceSchema.safeParse(js);
  const issues = result.success ? [] : flatten(result.error.issues);
  if (js && typeof js === 'object') issueCache.set(js, issues);
  return issues;
}

export function* shapeFindings(ctx: ComposeContext): Iterable<FindingDraft> {
  for (const svc of ctx.model.services) {
    if (!svc.node) {
      const services = svc.file.root && effectiveEntries(svc.file, svc.file.root).get('services')?.value;
      const raw = isMap(services) ? svc.file.toJS(effectiveEntries(svc.file, services).get(svc.name)?.value) : undefined;
      yield missing(svc, `Service "${svc.name}" must be a mapping of settings, got ${describeType(raw)}.`);
      continue;
    }
    const js = svc.file.toJS(svc.node);
    for (const issue of shapeIssues(js)) {
      if (issue.path.length === 0) continue; // the service itself is a mapping (checked above)
      const actual = describeType(valueAtPath(js, issue.path));
      yield locate(svc, issue.path, `${pathText(issue.path)} ${issue.message}, got ${actual} (service "${svc.name}").`);
    }
  }
}

export const serviceShape: Rule<ComposeContext> = {
  id: 'service-shape',
  kind: 'compose',
  title: 'Service settings have the right types',
  rationale:
    'Compose refuses a file whose settings have the wrong type (`ports: "8080:80"` instead of a list, `healthcheck.retries: "five"`), often with a message that does not say where. Catching it in the editor points at the exact value.',
  defaultSeverity: 'error',
  scope: 'service',
  check: shapeFindings,
};
