import { Scalar } from 'yaml';
import type { ComposeContext } from '../../compose/context';
import { portSpecs } from '../../compose/facts';
import type { Rule } from '../../rule';
import { atValue, serviceOf, servicesOf } from './util';

function isUnquotedHostPort(node: unknown): node is Scalar {
  return node instanceof Scalar && node.type === Scalar.PLAIN && typeof node.value === 'string' && node.value.includes(':');
}

export const portsQuoted: Rule<ComposeContext> = {
  id: 'ports-quoted',
  kind: 'compose',
  title: 'Quote HOST:CONTAINER ports',
  rationale:
    'YAML 1.1 parsers read unquoted `xx:yy` with numbers under 60 as a base-60 integer (`22:22` becomes 1342). Compose itself is fine today, but other tools reading the file may not be; quoting removes the ambiguity.',
  defaultSeverity: 'hint',
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
