/**
 * Re-use of per-service rule findings from a project's previous version. A keystroke inside one
 * service re-parses that service in place (compose/incremental.ts); its file keeps its identity and
 * the other services keep their nodes and merged values. Rules whose findings about a service
 * depend on that service alone then re-run on the changed services only, and their findings about
 * the others are carried over with the ranges moved by the edit. Rules that compare services
 * (duplicate ports or names, depends_on targets, secrets shared through URLs, proxies) and
 * file-wide rules always run on everything.
 *
 * Anything the reuse cannot vouch for runs in full: another file, `.env` or a consulted file changed
 * (the workspace then keeps no previous version), a file was parsed afresh, the options differ, a
 * kept finding reaches into the edited text, or a narrowed run reports on a service it was not given.
 */
import type { RuleMeta, Finding } from '../rule';
import type { RuleReuse } from '../analysis';
import type { ComposeContext } from '../compose/context';
import type { TextShift } from '../compose/incremental';
import type { SourceFile } from '../compose/sourceFile';
import type { OffsetRange } from '../text';
import type { MNode } from './merge';

/** What the reuse needs of a project (ComposeProject; named here, not imported, so the two modules do not import each other). */
export interface ReusableProject {
  readonly files: readonly SourceFile[];
  readonly services: readonly { readonly name: string; readonly merged: MNode }[];
  service(name: string): { readonly merged: MNode } | undefined;
  readonly loadFailure: Error | undefined;
  readonly hasIncludes: boolean;
  readonly variablesKey: string;
  readonly envFileExists: boolean;
}

export function isPerService(rule: RuleMeta): boolean {
  return rule.scope === 'service';
}

/** What one version of a project found with its per-service rules, and the file versions it saw. */
export class RuleRecord {
  readonly byRule = new Map<string, { optionsKey: string; findings: Finding[] }>();
  constructor(readonly versions: ReadonlyMap<SourceFile, number>) {}
}

/** How the files moved between two versions of a project: per edited file path, its shift. */
type Shifts = Map<string, TextShift>;

/**
 * The reuse of one project version: records what its per-service rules find, and plans their runs
 * from the previous version's record when that is sound.
 */
export class ServiceReuse implements RuleReuse<ComposeContext> {
  readonly record_: RuleRecord;

  private constructor(
    private readonly project: ReusableProject,
    versions: ReadonlyMap<SourceFile, number>,
    private readonly previous?: { record: RuleRecord; shifts: Shifts; dirty: Set<string> },
  ) {
    this.record_ = new RuleRecord(versions);
  }

  /**
   * The reuse for `project`, given the version before it (loaded from the same files and settings).
   * Services are dirty when an edit touched them or their merged value is not the same object as before.
   */
  static between(project: ReusableProject, versions: ReadonlyMap<SourceFile, number>, before?: { project: ReusableProject; record: RuleRecord | undefined }): ServiceReuse {
    const prev = before?.record && comparable(before.project, project, before.record.versions, versions);
    if (!before || !before.record || !prev) return new ServiceReuse(project, versions);
    const dirty = new Set<string>(prev.touched);
    for (const svc of project.services) {
      if (before.project.service(svc.name)?.merged !== svc.merged) dirty.add(svc.name);
    }
    return new ServiceReuse(project, versions, { record: before.record, shifts: prev.shifts, dirty });
  }

  /** True when findings of the previous version may be re-used. */
  get reusing(): boolean {
    return this.previous !== undefined;
  }

  plan(rule: RuleMeta, ctx: ComposeContext, optionsKey: string): { ctx: ComposeContext; complete(fresh: Finding[]): Finding[] | undefined } | undefined {
    if (!this.previous || !isPerService(rule) || (ctx.model as object) !== this.project) return undefined;
    const last = this.previous.record.byRule.get(rule.id);
    if (!last || last.optionsKey !== optionsKey) return undefined;
    const dirty = new Set(this.previous.dirty);
    const kept = new Map<string, Finding[]>();
    const names = new Set(this.project.services.map((s) => s.name));
    for (const f of last.findings) {
      // Findings outside any service are found again by the narrowed run (they do not depend on the services).
      if (f.service === undefined || !names.has(f.service) || dirty.has(f.service)) continue;
      const moved = move(f, this.previous.shifts);
      if (!moved) {
        dirty.add(f.service);
        continue;
      }
      const list = kept.get(f.service);
      if (list) list.push(moved);
      else kept.set(f.service, [moved]);
    }
    for (const name of dirty) kept.delete(name);
    const changed = this.project.services.filter((s) => dirty.has(s.name));
    if (changed.length === this.project.services.length) return undefined;
    // The project itself, with only the changed services listed (lookups by name still see every service).
    const narrowed = Object.create(this.project, { services: { value: changed } }) as ComposeContext['model'];
    const services = this.project.services;
    return {
      ctx: { ...ctx, model: narrowed },
      complete(fresh) {
        const byService = new Map<string, Finding[]>();
        const outside: Finding[] = [];
        for (const f of fresh) {
          if (f.service !== undefined && names.has(f.service)) {
            if (!dirty.has(f.service)) return undefined; // it reported on a service it was not given: not per-service after all
            const list = byService.get(f.service);
            if (list) list.push(f);
            else byService.set(f.service, [f]);
          } else outside.push(f);
        }
        // In service order, as a run over every service yields them.
        const out: Finding[] = [];
        for (const svc of services) for (const f of (dirty.has(svc.name) ? byService : kept).get(svc.name) ?? []) out.push(f);
        for (const f of outside) out.push(f);
        return out;
      },
    };
  }

  record(rule: RuleMeta, optionsKey: string, findings: Finding[]): void {
    if (!isPerService(rule)) return;
    // A file taken in place by a newer text since this project loaded: its ranges are not these findings' any more.
    for (const [file, version] of this.record_.versions) if (file.version !== version) return;
    this.record_.byRule.set(rule.id, { optionsKey, findings });
  }
}

/**
 * Whether `now` is `before` after in-place edits only: the same files (the same objects, so the
 * unchanged services kept their nodes), each unchanged or edited once in place since, the same
 * variables, no include. Returns the services the edits touched and how each edited file moved.
 */
function comparable(before: ReusableProject, now: ReusableProject, then: ReadonlyMap<SourceFile, number>, versions: ReadonlyMap<SourceFile, number>): { touched: string[]; shifts: Shifts } | undefined {
  if (before.loadFailure || now.loadFailure || before.hasIncludes || now.hasIncludes) return undefined;
  if (before.files.length !== now.files.length || before.files.some((f, i) => f !== now.files[i])) return undefined;
  if (before.variablesKey !== now.variablesKey || before.envFileExists !== now.envFileExists) return undefined;
  const touched: string[] = [];
  const shifts: Shifts = new Map();
  for (const file of now.files) {
    const was = then.get(file);
    const is = versions.get(file);
    if (was === undefined || is === undefined) return undefined;
    if (was === is) continue;
    if (is !== was + 1 || file.lastEdit?.version !== is) return undefined;
    touched.push(...file.lastEdit.services);
    shifts.set(file.path, file.lastEdit.shift);
  }
  return { touched, shifts };
}

/** A kept finding with its ranges moved by the edits; undefined when one reaches into edited text. */
function move(f: Finding, shifts: Shifts): Finding | undefined {
  if (!shifts.size) return f;
  const range = moveRange(f.file, f.range, shifts);
  if (!range) return undefined;
  let related = f.related;
  if (related) {
    const out: NonNullable<Finding['related']> = [];
    for (const r of related) {
      const moved = moveRange(r.file, r.range, shifts);
      if (!moved) return undefined;
      out.push(moved === r.range ? r : { ...r, range: moved });
    }
    related = out;
  }
  if (range === f.range && related === f.related) return f;
  // No `related` key where there was none: a moved finding must equal a fresh one, key for key.
  return related === f.related ? { ...f, range } : { ...f, range, related };
}

function moveRange(file: string, range: OffsetRange, shifts: Shifts): OffsetRange | undefined {
  const shift = shifts.get(file);
  if (!shift) return range;
  if (range.end <= shift.start && range.start <= shift.start) return range;
  if (range.start >= shift.oldEnd) return shift.delta ? { start: range.start + shift.delta, end: range.end + shift.delta } : range;
  return undefined;
}
