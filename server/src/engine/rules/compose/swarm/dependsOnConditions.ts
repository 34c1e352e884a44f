import type { ComposeContext } from '../../../compose/context';
import { isMap } from '../../../edits/yamlEdit';
import type { Rule } from '../../../rule';
import { atKey, serviceOf, servicesOf } from '../../shared/util';
import { SWARM_SOURCES } from './sources';

export const swarmDependsOnConditions: Rule<ComposeContext> = {
  id: 'swarm-depends-on-conditions',
  kind: 'compose',
  targets: ['swarm'],
  title: 'Swarm refuses depends_on conditions',
  rationale: `The Compose v3 schema that \`docker stack deploy\` validates against allows \`depends_on\` only as a list of names (${SWARM_SOURCES.schema}): the long form with \`condition: service_healthy\` makes the deploy fail with "depends_on must be a list". Even the list form orders nothing: the conversion never reads it (${SWARM_SOURCES.convert}), all services start at once. On a swarm each service must wait for its dependencies itself (retry connections at start-up, report not-ready on /ready) while its healthcheck keeps it out of rotation.`,
  defaultSeverity: 'error',
  fixDescription: 'Rewrites the mapping as the list of the same service names (not offered when comments sit inside it); the ordering is gone either way on Swarm.',
  *check(ctx) {
    for (const svc of servicesOf(ctx)) {
      const ref = svc.get(['depends_on']);
      if (!ref || !ref.js || typeof ref.js !== 'object' || Array.isArray(ref.js)) continue;
      const names = Object.keys(ref.js as object);
      yield atKey(svc, ref, `docker stack deploy refuses depends_on of "${svc.name}" in the long form ("depends_on must be a list"), and Swarm never waits for ${names.map((n) => `"${n}"`).join(', ')} anyway: list the names, and make "${svc.name}" retry until they answer.`);
    }
  },
  fix(ctx, finding) {
    const svc = serviceOf(ctx, finding);
    const ref = svc?.get(['depends_on']);
    if (!ref || ref.via || !isMap(ref.node) || !ref.node.range) return undefined;
    const names = Object.keys(ref.js as object);
    const start = ref.node.range[0];
    let end = ref.node.range[1];
    while (end > start && /\s/.test(ref.file.text[end - 1])) end--;
    if (ref.file.text.slice(start, end).includes('#')) return undefined;
    // A block map starts on the next line: replace from just after `depends_on:`.
    const from = ref.node.flow ? start : (ref.keyNode?.range?.[1] ?? start) + 1;
    const list = `[${names.join(', ')}]`;
    return { title: 'Write depends_on as a list', edits: [{ file: ref.file.path, range: { start: from, end }, newText: ref.node.flow ? list : ` ${list}` }], safe: false };
  },
};
