/** A service as Compose runs it: the merged value of every file, `extends` and `include` that shape it. */
import type { Node, YAMLMap } from 'yaml';
import type { ServiceView, ValueRef } from '../compose/model';
import type { SourceFile } from '../compose/sourceFile';
import type { OffsetRange } from '../text';
import { MNode, toJS, toRef } from './merge';

export class ProjectServiceView implements ServiceView {
  constructor(
    readonly name: string,
    /** The file whose `services:` first defines the service: "missing" findings and inserted keys go there. */
    readonly file: SourceFile,
    readonly keyNode: Node | null,
    readonly node: YAMLMap | null,
    readonly merged: MNode,
    /** Files that define or override this service, in merge order. */
    readonly definedIn: { file: SourceFile; keyNode: Node | null }[],
  ) {}

  get keyRange(): OffsetRange {
    return this.file.rangeOf(this.keyNode);
  }

  /** Profiles that enable the service ([] = always started). */
  get profiles(): string[] {
    const js = toJS(this.at(['profiles']));
    return Array.isArray(js) ? js.map(String) : [];
  }

  /** `depends_on` as merged, list or map form: each dependency with its condition (default `service_started`). */
  get dependsOn(): { name: string; condition: string }[] {
    const js = toJS(this.at(['depends_on']));
    if (Array.isArray(js)) return js.map((name) => ({ name: String(name), condition: 'service_started' }));
    if (!js || typeof js !== 'object') return [];
    return Object.entries(js as Record<string, unknown>).map(([name, v]) => {
      const condition = v && typeof v === 'object' ? (v as { condition?: unknown }).condition : undefined;
      return { name, condition: typeof condition === 'string' ? condition : 'service_started' };
    });
  }

  at(path: readonly string[]): MNode | undefined {
    let m: MNode | undefined = this.merged;
    for (const key of path) {
      if (m?.kind === 'map') m = m.entries!.get(key);
      else if (m?.kind === 'seq' && /^\d+$/.test(key)) m = m.items![Number(key)];
      else return undefined;
    }
    return m;
  }

  get(path: readonly string[]): ValueRef | undefined {
    if (this.merged.kind !== 'map') return undefined;
    const m = this.at(path);
    return m && toRef(m);
  }

  items(path: readonly string[]): ValueRef[] {
    const m = this.at(path);
    return m?.kind === 'seq' ? m.items!.map(toRef) : [];
  }

  keys(path: readonly string[]): string[] {
    const m = this.at(path);
    return m?.kind === 'map' ? [...m.entries!.keys()] : [];
  }
}
