import type { ComposeContext } from '../../../compose/context';
import { isSeq, appendItem } from '../../../edits/yamlEdit';
import type { Rule } from '../../../rule';
import { insertFix, missing, serviceOf, servicesOf } from '../../shared/util';
import { SWARM_SOURCES } from './sources';
import { deployMode, nodeConstraints, statefulVolume } from './swarmFacts';

/** The node label the fix constrains to; the operator labels the node that holds the data. */
export function dataLabel(service: string): string {
  return `node.labels.${service.replace(/[^A-Za-z0-9_.-]/g, '_')}_data == true`;
}

export const swarmStatefulPlacement: Rule<ComposeContext> = {
  id: 'swarm-stateful-placement',
  kind: 'compose',
  targets: ['swarm'],
  title: 'Keep a stateful service on the node that holds its volume',
  rationale: `A named volume with the local driver lives on one node's disk. When Swarm reschedules the task (node drain, node failure, an update) it may start it on another node, which creates a new, empty volume of the same name: the database comes back empty, the model cache downloads again (${SWARM_SOURCES.placement}). Constrain the service to the node that holds the data (\`deploy.placement.constraints: [node.labels.<name>_data == true]\`, after \`docker node update --label-add <name>_data=true <node>\`), or put the data on a volume driver every node can mount. Databases, caches, vector stores and model servers / model caches with a named volume are checked.`,
  defaultSeverity: 'warning',
  fixDescription: 'Adds the placement constraint `node.labels.<service>_data == true` (not applied by --fix: label the node that holds the data first).',
  *check(ctx) {
    for (const svc of servicesOf(ctx)) {
      if (deployMode(svc).startsWith('global')) continue;
      const volume = statefulVolume(svc);
      if (!volume || nodeConstraints(svc).length) continue;
      yield missing(svc, `"${svc.name}" keeps its data in volume "${volume}" on one node, but nothing keeps its task there: rescheduled elsewhere it starts with an empty volume. Add a placement constraint (e.g. ${dataLabel(svc.name)}).`);
    }
  },
  fix(ctx, finding) {
    const svc = serviceOf(ctx, finding);
    if (!svc) return undefined;
    const title = `Constrain "${svc.name}" to the node labelled ${svc.name}_data`;
    const existing = svc.get(['deploy', 'placement', 'constraints']);
    if (existing && !existing.via && isSeq(existing.node)) return { title, edits: [appendItem(existing.file, existing.node, dataLabel(svc.name))], safe: false };
    return insertFix(ctx, finding, ['deploy', 'placement', 'constraints'], [dataLabel(svc.name)], title, false);
  },
};
