/**
 * Validation against the Compose Specification JSON schema (shipped as data, see schema/NOTICE.md),
 * with exact ranges and "did you mean" for unknown keys.
 */
import Ajv2019, { ErrorObject, ValidateFunction } from 'ajv/dist/2019';
import { isMap, isScalar, isSeq, Node, YAMLMap } from 'yaml';
import { effectiveEntry, keyString } from '../compose/mapping';
import type { SourceFile } from '../compose/sourceFile';
import type { OffsetRange } from '../text';
import spec from './schema/compose-spec.json';
import { didYouMean } from './suggest';

export interface SchemaProblem {
  message: string;
  range: OffsetRange;
}

type JsonSchema = Record<string, unknown> & { properties?: Record<string, unknown>; definitions?: Record<string, JsonSchema> };

/** Current-spec keys the shipped (1.29-era) schema lacks: accepted so modern files are not flagged. */
export function extend(schema: JsonSchema): JsonSchema {
  // The old draft's `id` annotations are not valid ids for ajv: drop them while copying.
  const s = JSON.parse(JSON.stringify(schema), (k, v) => (k === 'id' && typeof v === 'string' ? undefined : v)) as JsonSchema;
  delete s.$schema;
  Object.assign(s.properties!, { name: { type: 'string' }, include: { type: 'array' } });
  const service = s.definitions!.service as JsonSchema;
  for (const key of ['develop', 'gpus', 'post_start', 'pre_stop', 'attach', 'label_file', 'models', 'provider', 'use_api_socket', 'annotations']) service.properties![key] ??= {};
  service.properties!.env_file = {};
  const limits = ((s.definitions!.deployment as JsonSchema).properties!.resources as JsonSchema).properties!.limits as JsonSchema;
  limits.properties!.pids = { type: ['integer', 'string'] };
  // Newer long syntax of depends_on (required, restart) and boolean environment values.
  walk(service.properties!.depends_on, (o) => {
    if (o.properties && 'condition' in o.properties) Object.assign(o.properties, { required: { type: 'boolean' }, restart: { type: 'boolean' } });
  });
  walk(s.definitions!.list_or_dict, (o) => {
    if (Array.isArray(o.type) && o.type.includes('null') && o.type.includes('number')) o.type = [...o.type, 'boolean'];
  });
  return s;
}

function walk(node: unknown, visit: (o: JsonSchema & { type?: unknown }) => void): void {
  if (!node || typeof node !== 'object') return;
  visit(node as JsonSchema);
  for (const v of Object.values(node)) walk(v, visit);
}

let validator: ValidateFunction | null | undefined;

/** The compiled schema, or null when it cannot be compiled (then nothing is reported, nothing throws). */
export const AJV_OPTIONS = { allErrors: true, strict: false, verbose: true, validateFormats: false } as const;

export function compileSchema(): ValidateFunction {
  return new Ajv2019({ ...AJV_OPTIONS }).compile(extend(spec as unknown as JsonSchema));
}

function validate(): ValidateFunction | null {
  if (validator !== undefined) return validator;
  try {
    // The build precompiles the validator (scripts/gen-schema-validator.ts): compiling at start-up costs ~150 ms per process.
    validator = (require('./schema/validate.generated') as { default: ValidateFunction }).default;
  } catch {
    try {
      validator = compileSchema();
    } catch {
      validator = null;
    }
  }
  return validator;
}

/** By file, for the version it was computed on (a file takes new texts in place: SourceFile.parse). */
const cache = new WeakMap<SourceFile, { version: number; problems: SchemaProblem[] }>();

/** Errors of one service's value by its plain JS value (the same object while its node is unchanged) and name. */
const serviceErrors = new WeakMap<object, Map<string, ErrorObject[]>>();

export function schemaProblems(file: SourceFile): SchemaProblem[] {
  const hit = cache.get(file);
  if (hit?.version === file.version) return hit.problems;
  const out: SchemaProblem[] = [];
  const root = file.root;
  const check = validate();
  if (root && file.problems.length === 0 && check) for (const p of describe(file, schemaErrors(file, root, check))) out.push(p);
  cache.set(file, { version: file.version, problems: out });
  return out;
}

/**
 * The schema has no constraint across services, so each service is validated alone and its errors
 * are kept while its value is unchanged: an edit re-validates one service, not the file.
 */
function schemaErrors(file: SourceFile, root: YAMLMap, check: ValidateFunction): ErrorObject[] {
  const errorsOf = (js: unknown): ErrorObject[] => (check(js) ? [] : [...(check.errors ?? [])]);
  const services = root.items.find((p) => keyString(p.key) === 'services')?.value;
  const plain = (m: YAMLMap) => m.items.every((p) => isScalar(p.key) && keyString(p.key) !== '<<');
  if (!plain(root) || !isMap(services) || !plain(services)) return errorsOf(file.toJS(root));
  const rest: Record<string, unknown> = {};
  for (const pair of root.items) rest[keyString(pair.key)] = pair.value === services ? {} : file.toJS(pair.value);
  const errors = errorsOf(rest);
  for (const pair of services.items) {
    const name = keyString(pair.key);
    const js = file.toJS(pair.value);
    const byName = js && typeof js === 'object' ? serviceErrors.get(js) ?? new Map<string, ErrorObject[]>() : undefined;
    let found = byName?.get(name);
    if (!found) {
      found = errorsOf({ services: { [name]: js } });
      if (byName) serviceErrors.set(js as object, byName.set(name, found));
    }
    errors.push(...found);
  }
  return errors;
}

function describe(file: SourceFile, errors: ErrorObject[]): SchemaProblem[] {
  const out: SchemaProblem[] = [];
  const seen = new Set<string>();
  // Errors under oneOf/anyOf are alternatives: report one per location, preferring the deepest.
  const paths = errors.map((e) => e.instancePath);
  for (const e of errors) {
    if (e.keyword === 'oneOf' || e.keyword === 'anyOf' || e.keyword === 'if') continue;
    if (e.keyword !== 'additionalProperties' && paths.some((p) => p.startsWith(e.instancePath + '/'))) continue;
    const segments = e.instancePath.split('/').slice(1).map((s) => s.replace(/~1/g, '/').replace(/~0/g, '~'));
    const where = segments.length ? segments.join('.') : 'the file';
    let key: string | undefined;
    let message: string;
    if (e.keyword === 'additionalProperties') {
      key = String((e.params as { additionalProperty: string }).additionalProperty);
      if (key.startsWith('x-')) continue;
      const known = Object.keys(((e.parentSchema as JsonSchema)?.properties ?? {}) as object);
      message = `Unknown key "${key}" in ${where}: Compose rejects the file.${didYouMean(key, known)}`;
    } else if (e.keyword === 'type') {
      if (typeof e.data === 'string' && e.data.includes('$')) continue; // interpolated: typed after substitution
      message = `${where} must be ${[(e.params as { type: string | string[] }).type].flat().join(' or ')}, not ${Array.isArray(e.data) ? 'a list' : e.data === null ? 'empty' : typeof e.data === 'object' ? 'a mapping' : typeof e.data}.`;
    } else if (e.keyword === 'enum') {
      message = `${where} must be one of ${((e.params as { allowedValues: unknown[] }).allowedValues ?? []).map((v) => JSON.stringify(v)).join(', ')}.`;
    } else if (e.keyword === 'patternProperties' || e.keyword === 'propertyNames' || e.keyword === 'pattern') {
      message = `${where}: ${e.message ?? 'invalid name'}.`;
    } else if (e.keyword === 'required' || e.keyword === 'uniqueItems' || e.keyword === 'minItems' || e.keyword === 'minimum' || e.keyword === 'maximum') {
      message = `${where} ${e.message}.`;
    } else continue;
    const range = rangeFor(file, segments, key);
    const id = `${range.start}:${message}`;
    if (seen.has(id)) continue;
    seen.add(id);
    out.push({ message, range });
  }
  return out;
}

/** Range of the node at a JSON path (the key node when `key` is given), or the nearest ancestor. */
function rangeFor(file: SourceFile, segments: string[], key?: string): OffsetRange {
  let node: Node | null | undefined = file.root;
  let keyNode: Node | null | undefined;
  for (const seg of [...segments, ...(key !== undefined ? [key] : [])]) {
    const current: Node | undefined = file.resolve(node);
    if (isMap(current)) {
      const entry = effectiveEntry(file, current, seg);
      if (!entry) break;
      keyNode = entry.keyNode;
      node = entry.value ?? entry.keyNode;
    } else if (isSeq(current) && /^\d+$/.test(seg)) {
      keyNode = undefined;
      node = current.items[Number(seg)] as Node;
    } else break;
  }
  return file.rangeOf((key !== undefined ? keyNode : node) ?? node ?? null);
}
