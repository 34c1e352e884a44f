import { isMap, isScalar, isSeq } from 'yaml';
import type { ComposeContext } from '../../compose/context';
import { awaitedToComplete, healthState, perService, saysOneShot } from '../../compose/facts';
import type { ComposeModel, ServiceView, ValueRef } from '../../compose/model';
import { fileStyle, insertKey, replaceScalar } from '../../edits/yamlEdit';
import type { FindingDraft, Rule, TextEdit } from '../../rule';
import { dependsOn, DependsEntry } from '../shared/dependsOn';
import { effectiveHealth, perServiceImage, serviceImage } from '../shared/serviceImage';
import { atKey, serviceOf, servicesOf } from '../shared/util';

type Condition = 'service_healthy' | 'service_completed_successfully' | 'service_started';

/** The condition to wait for: healthy when the target has a healthcheck, completed for one-shot jobs. */
function wanted(model: ComposeModel, name: string): Condition {
  const target = model.service(name);
  if (!target) return 'service_started';
  // Whether others wait for the target to complete is asked last: it is the one question about other services.
  return readiness(model, target) ?? (awaitedToComplete(model).has(name) ? 'service_completed_successfully' : 'service_started');
}

/** What the target itself (and its image) lets dependents wait for; undefined: only its start, unless others wait for it to complete. */
const readiness = perServiceImage((model, target): Condition | undefined => {
  const health = effectiveHealth(model, target);
  if (health === 'present' || health === 'image') return 'service_healthy';
  return saysOneShot(target) ? 'service_completed_successfully' : undefined;
});

/** Entries that start too early: no condition (list form or map without it) or service_started, where more is possible. */
function weakEntries(model: ComposeModel, entries: readonly DependsEntry[]): DependsEntry[] {
  return entries.filter((e) => (e.condition === undefined || e.condition === 'service_started') && wanted(model, e.name) !== 'service_started');
}

/** The depends_on entries of the service that wait for a start only (no condition, or service_started). */
const openEntries = perService((svc) => {
  const deps = dependsOn(svc);
  const entries = deps?.entries.filter((e) => e.condition === undefined || e.condition === 'service_started');
  return deps && entries?.length ? { ref: deps.ref, entries } : undefined;
});

/** The finding on `svc`'s depends_on whose `blind` targets can only be waited for to start: they need a healthcheck first. */
function needsHealthcheck(ctx: ComposeContext, svc: ServiceView, ref: ValueRef, blind: DependsEntry[]): FindingDraft {
  const targets = blind.map((e) => ctx.model.service(e.name)!);
  const list = blind.map((e) => e.name).join(', ');
  const draft = atKey(svc, ref, `"${svc.name}" can only wait for ${list} to start, not to be ready: ${blind.length > 1 ? 'they need' : 'it needs'} a healthcheck first, then condition: service_healthy.`, { kind: 'needs-healthcheck', targets: blind.map((e) => e.name) });
  draft.related = [
    ...(draft.related ?? []),
    ...targets.map((t) => {
      const built = serviceImage(ctx.model, t)?.build;
      const dockerfile = built ? ` (nor does ${built.label})` : '';
      return { file: t.file.path, range: t.keyRange, message: `${t.name} has ${healthState(t) === 'disabled' ? 'its healthcheck disabled' : 'no healthcheck'}${dockerfile}` };
    }),
  ];
  // A built target whose Dockerfile could not be read may still have a HEALTHCHECK.
  if (targets.every((t) => t.get(['build']) && !serviceImage(ctx.model, t)?.build)) {
    draft.severity = 'info';
    draft.message += ` (unless ${blind.length > 1 ? 'their Dockerfiles have' : `${list}'s Dockerfile has`} a HEALTHCHECK)`;
  }
  return draft;
}

export const dependsOnHealthy: Rule<ComposeContext> = {
  id: 'depends-on-healthy',
  kind: 'compose',
  title: 'Wait for dependencies to be healthy',
  rationale:
    'A plain `depends_on` list only orders container starts: the app starts while Postgres is still initialising and crashes or serves errors on its first requests. `condition: service_healthy` waits for the dependency\'s healthcheck, and `service_completed_successfully` waits for a migration or init job to finish. A dependency without a healthcheck (and not a one-shot job) cannot be waited for at all: that is reported too, as a separate finding that points at the target and says it needs a healthcheck first (at information severity when the target is built here and its Dockerfile cannot be read). A HEALTHCHECK the target\'s image has counts as its healthcheck: the one in the Dockerfile its `build:` names (read from disk in a project: the `target:` stage or the final one, following `FROM <stage>`), or that of a registry image the image-facts table knows to have one; `service_healthy` then works without a compose healthcheck. Only the first kind has a fix: a condition can be set only where there is something to wait for.',
  defaultSeverity: 'warning',
  fixDescription:
    'Rewrites the list form to the map form with `condition: service_healthy` (`service_completed_successfully` for one-shot jobs, `service_started` for targets without a healthcheck), keeping block/flow style; adds or upgrades `condition` in the map form.',
  *check(ctx) {
    const blindFindings: FindingDraft[] = [];
    for (const svc of servicesOf(ctx)) {
      const open = openEntries(svc);
      if (!open) continue;
      const conditions = open.entries.map((e) => wanted(ctx.model, e.name));
      const weak = open.entries.filter((_, i) => conditions[i] !== 'service_started');
      if (weak.length) {
        const names = open.entries.flatMap((e, i) => (conditions[i] === 'service_started' ? [] : [`${e.name} (${conditions[i] === 'service_healthy' ? 'healthy' : 'completed'})`])).join(', ');
        yield atKey(svc, open.ref, `"${svc.name}" starts as soon as ${weak.map((e) => e.name).join(', ')} ${weak.length > 1 ? 'have' : 'has'} started, not when ready: wait for ${names}.`);
      }
      // Targets without a healthcheck (and not one-shot jobs): nothing to wait for but their start.
      if (weak.length === open.entries.length) continue;
      const blind = open.entries.filter((e, i) => conditions[i] === 'service_started' && ctx.model.service(e.name));
      if (blind.length) blindFindings.push(needsHealthcheck(ctx, svc, open.ref, blind));
    }
    yield* blindFindings;
  },
  fix(ctx, finding) {
    if (finding.data?.kind === 'needs-healthcheck') return undefined;
    const svc = serviceOf(ctx, finding);
    const deps = svc && dependsOn(svc);
    if (!deps || deps.ref.via) return undefined;
    const { file, node } = deps.ref;
    const edits: TextEdit[] = [];
    if (deps.form === 'list' && isSeq(node)) {
      if (node.flow) {
        if (!node.range) return undefined;
        const inner = deps.entries.map((e) => `${sourceName(ctx, e)}: {condition: ${wanted(ctx.model, e.name)}}`).join(', ');
        const end = node.range[0] + file.text.slice(node.range[0], node.range[1]).trimEnd().length;
        edits.push({ file: file.path, range: { start: node.range[0], end }, newText: `{${inner}}` });
      } else {
        const unit = fileStyle(file).unit;
        const keyCol = file.lines.positionAt(deps.ref.keyNode?.range?.[0] ?? 0).character + unit;
        for (const e of deps.entries) {
          if (!e.node?.range) return undefined;
          const line = file.lines.lineOf(e.node.range[0]);
          const lineStart = file.lines.lineStart(line);
          edits.push({ file: file.path, range: { start: lineStart, end: e.node.range[1] }, newText: `${' '.repeat(keyCol)}${sourceName(ctx, e)}:` });
          const lineEnd = file.lines.lineEnd(file.lines.lineOf(e.node.range[1]));
          edits.push({ file: file.path, range: { start: lineEnd, end: lineEnd }, newText: `\n${' '.repeat(keyCol + unit)}condition: ${wanted(ctx.model, e.name)}` });
        }
        if (node.items.length !== deps.entries.length) return undefined; // aliases or maps in the list: leave it to a person
      }
    } else if (deps.form === 'map') {
      for (const e of weakEntries(ctx.model, deps.entries)) {
        const cond = wanted(ctx.model, e.name);
        if (isScalar(e.conditionNode)) edits.push(replaceScalar(file, e.conditionNode, cond));
        else if (isMap(e.value)) edits.push(insertKey(file, e.value, 'condition', cond));
        else if (e.node?.range && (e.value == null || (isScalar(e.value) && e.value.value == null))) {
          const unit = fileStyle(file).unit;
          const col = file.lines.positionAt(e.node.range[0]).character;
          const at = file.lines.lineEnd(file.lines.lineOf(e.node.range[1]));
          edits.push({ file: file.path, range: { start: at, end: at }, newText: `\n${' '.repeat(col + unit)}condition: ${cond}` });
        } else return undefined;
      }
    }
    return edits.length ? { title: 'Wait for dependencies with a condition', edits, safe: true } : undefined;
  },
};

/** The dependency name as written (keeps its quotes). */
function sourceName(ctx: ComposeContext, e: DependsEntry): string {
  const r = e.node?.range;
  return r ? ctx.file.text.slice(r[0], r[1]).trim() : e.name;
}
