import { Scalar } from 'yaml';
import type { ComposeContext } from '../../compose/context';
import { portSpecs } from '../../compose/facts';
import type { Rule } from '../../rule';
import { atValue, serviceOf, servicesOf } from '../shared/util';

/** YAML 1.1's base-60 integer: `[-+]?[1-9][0-9_]*(:[0-5]?[0-9])+` (`22:22` is 1342; `8080:80` is not base 60). */
const SEXAGESIMAL = /^[-+]?[1-9][0-9_]*(:[0-5]?[0-9])+$/;

function isUnquotedHostPort(node: unknown): node is Scalar {
  return node instanceof Scalar && node.type === Scalar.PLAIN && typeof node.value === 'string' && SEXAGESIMAL.test(node.value);
}

export const portsQuoted: Rule<ComposeContext> = {
  id: 'ports-quoted',
  kind: 'compose',
  title: 'Quote HOST:CONTAINER ports',
  rationale:
    'YAML 1.1 parsers read an unquoted `a:b` whose parts after the first are under 60 as a base-60 integer (`22:22` becomes 1342). Compose itself is fine today, but other tools reading the file may not be; quoting removes the ambiguity. Only ports that YAML 1.1 would actually read as a number are reported: `8080:80`, `5432:5432` or `127.0.0.1:22:22` are strings in every YAML version, so the rule stays silent on them.',
  defaultSeverity: 'hint',
  scope: 'service',
  fixDescription: 'Wraps the port in double quotes.',
  *check(ctx) {
    for (const svc of servicesOf(ctx)) {
      for (const [index, port] of portSpecs(svc).entries()) {
        if (port.ref.via || !isUnquotedHostPort(port.ref.node)) continue;
        yield atValue(svc, port.ref, `Quote the port "${port.ref.node.value}" of "${svc.name}".`, { index });
      }
    }
  },
  fix(ctx, finding) {
    const svc = serviceOf(ctx, finding);
    const port = svc && portSpecs(svc)[Number(finding.data?.index)];
    const node = port?.ref.node;
    if (!port || !isUnquotedHostPort(node) || !node.range) return undefined;
    return { title: 'Quote the port', edits: [{ file: port.ref.file.path, range: { start: node.range[0], end: node.range[1] }, newText: JSON.stringify(node.value) }], safe: true };
  },
};
