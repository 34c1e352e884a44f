/**
 * The compose model rules ask questions of. Rules never walk raw YAML: a multi-file project
 * (override files, extends, include) plugs in by providing other ServiceView implementations.
 */
import { isMap, isScalar, isSeq, Node, YAMLMap } from 'yaml';
import type { OffsetRange } from '../text';
import { effectiveEntries, effectiveEntry, keyString } from './mapping';
import { SourceFile } from './sourceFile';

/** Read-only: its `js` value is shared through the per-node caches; derive a changed ref by spreading. */
export interface ValueRef {
  /** Plain JS value (aliases and merge keys resolved). */
  readonly js: unknown;
  readonly node: Node | null;
  readonly file: SourceFile;
  /** Key node of the pair that set this value, when there is one. */
  readonly keyNode?: Node | null;
  /** Present when the value is inherited from an anchor (`<<: *x` or `key: *x`). */
  readonly via?: { readonly anchor: string; readonly file: SourceFile; readonly range: OffsetRange };
}

export interface ServiceView {
  readonly name: string;
  /** File whose `services:` defines this service (where "missing" findings go). */
  readonly file: SourceFile;
  readonly keyRange: OffsetRange;
  /** The service's own mapping in `file` (null when the service value is not a mapping). */
  readonly node: YAMLMap | null;
  get(path: readonly string[]): ValueRef | undefined;
  /** Entries of a sequence at `path` (each with its own node/file), [] when absent. */
  items(path: readonly string[]): ValueRef[];
  /** Keys of a mapping at `path`. */
  keys(path: readonly string[]): string[];
}

export interface ComposeModel {
  readonly files: SourceFile[];
  readonly services: ServiceView[];
  service(name: string): ServiceView | undefined;
  /** Top-level section value (`volumes`, `networks`, `secrets`, `version`, `name`, …) in the primary file. */
  top(key: string): ValueRef | undefined;
  /** True when `file` is a development override (relaxed rules). */
  isDevelopment(file: SourceFile): boolean;
}

export function valueAt(file: SourceFile, start: YAMLMap, path: readonly string[]): ValueRef | undefined {
  let map: YAMLMap | null = start;
  let via: ValueRef['via'];
  for (let i = 0; i < path.length; i++) {
    if (!map) return undefined;
    const entry = effectiveEntry(file, map, path[i]);
    if (!entry) return undefined;
    if (entry.via && !via) via = { anchor: entry.via.anchor, file, range: file.rangeOf(entry.via.node) };
    if (i === path.length - 1) return lazyRef(file, entry.value, { keyNode: entry.keyNode, via });
    map = isMap(entry.value) ? entry.value : null;
  }
  return undefined;
}

/** A ValueRef whose plain value is only computed when a rule reads it (most rules only look at nodes). */
export function lazyRef(file: SourceFile, node: Node | null, extra: Pick<ValueRef, 'keyNode' | 'via'>): ValueRef {
  let js: unknown;
  let done = false;
  return {
    get js() {
      if (!done) [js, done] = [file.toJS(node), true];
      return js;
    },
    set js(v: unknown) {
      [js, done] = [v, true];
    },
    node,
    file,
    ...extra,
  };
}

/** A service defined in one file (merge keys and aliases resolved, no other files involved). */
export class FileServiceView implements ServiceView {
  constructor(
    readonly name: string,
    readonly file: SourceFile,
    readonly keyNode: Node | null,
    readonly node: YAMLMap | null,
  ) {}

  get keyRange(): OffsetRange {
    return this.file.rangeOf(this.keyNode);
  }

  get(path: readonly string[]): ValueRef | undefined {
    return this.node ? valueAt(this.file, this.node, path) : undefined;
  }

  items(path: readonly string[]): ValueRef[] {
    const ref = this.get(path);
    if (!ref || !isSeq(ref.node)) return [];
    return ref.node.items.map((item) => {
      return lazyRef(this.file, this.file.resolve(item) ?? null, { via: ref.via });
    });
  }

  keys(path: readonly string[]): string[] {
    const ref = path.length === 0 ? { node: this.node } : this.get(path);
    return ref && isMap(ref.node) ? [...effectiveEntries(this.file, ref.node).keys()] : [];
  }
}

export class SingleFileModel implements ComposeModel {
  readonly services: ServiceView[] = [];
  private readonly byName = new Map<string, ServiceView>();

  constructor(readonly primary: SourceFile, private readonly development = false) {
    const root = primary.root;
    const services = root ? effectiveEntries(primary, root).get('services')?.value : undefined;
    if (isMap(services)) {
      for (const pair of services.items) {
        const keyNode = pair.key as Node | null;
        const name = isScalar(keyNode) ? keyString(keyNode) : '';
        if (!name || name === '<<') continue;
        const value = primary.resolve(pair.value);
        const view = new FileServiceView(name, primary, keyNode, isMap(value) ? value : null);
        this.services.push(view);
        this.byName.set(name, view);
      }
    }
  }

  get files(): SourceFile[] {
    return [this.primary];
  }

  service(name: string): ServiceView | undefined {
    return this.byName.get(name);
  }

  top(key: string): ValueRef | undefined {
    const root = this.primary.root;
    return root ? valueAt(this.primary, root, [key]) : undefined;
  }

  isDevelopment(_file: SourceFile): boolean {
    return this.development;
  }
}
