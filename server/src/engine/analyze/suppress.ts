/**
 * Suppressions honoured by the editor and the CLI alike:
 * - `# ai-stack-ignore <rule-id>[ <rule-id>…]` at the end of the finding's line or alone on the line above;
 * - a service-level `x-ai-stack: { ignore: [rule-id, …] }`.
 */
import type { Finding, Fix } from '../rule';
import type { ServiceView } from '../compose/model';
import type { SourceFile } from '../compose/sourceFile';
import { appendItem, insertKey, isSeq } from '../edits/yamlEdit';

const IGNORE = /#\s*ai-stack-ignore\b([^#\n]*)/;

export function lineIgnores(lineText: string): string[] | undefined {
  const m = lineText.match(IGNORE);
  if (!m) return undefined;
  return m[1].split(/[\s,]+/).filter(Boolean);
}

function matches(ids: string[] | undefined, ruleId: string): boolean {
  return !!ids && (ids.length === 0 || ids.includes(ruleId) || ids.includes('all'));
}

/** Per line table (one per version of a text): whether its text has an ignore comment at all. */
const mentionsIgnore = new WeakMap<object, boolean>();

/** False when the text has no `ai-stack-ignore` anywhere (most files): then no finding needs its lines read. */
function mayIgnore(lines: { text?: string }): boolean {
  if (typeof lines.text !== 'string') return true;
  let mentions = mentionsIgnore.get(lines);
  if (mentions === undefined) mentionsIgnore.set(lines, (mentions = lines.text.includes('ai-stack-ignore')));
  return mentions;
}

/** `lines`: a LineTable (its `text` never changes: a new version of a file gets a new table). */
export function isLineSuppressed(lines: { readonly text?: string; lineText(n: number): string; lineOf(o: number): number }, finding: Finding): boolean {
  if (!mayIgnore(lines)) return false;
  const line = lines.lineOf(finding.range.start);
  if (matches(lineIgnores(lines.lineText(line)), finding.ruleId)) return true;
  if (line > 0) {
    const above = lines.lineText(line - 1);
    if (/^\s*#/.test(above) && matches(lineIgnores(above), finding.ruleId)) return true;
  }
  return false;
}

export function serviceIgnores(svc: ServiceView): string[] {
  const js = svc.get(['x-ai-stack', 'ignore'])?.js;
  return Array.isArray(js) ? js.map(String) : [];
}

/** "Ignore <rule> for this service": add the id to the service's `x-ai-stack.ignore` list. */
export function ignoreForServiceFix(svc: ServiceView, ruleId: string): Fix | undefined {
  if (!svc.node) return undefined;
  const list = svc.get(['x-ai-stack', 'ignore']);
  let edit;
  if (list && !list.via && isSeq(list.node)) edit = appendItem(svc.file, list.node, ruleId);
  else if (!svc.get(['x-ai-stack'])) edit = insertKey(svc.file, svc.node, 'x-ai-stack', { ignore: [ruleId] });
  if (!edit) return undefined;
  return { title: `Ignore ${ruleId} for service ${svc.name}`, edits: [edit], safe: false };
}

/** "Ignore on this line": a comment on its own line above the finding (keeps the YAML value untouched). */
export function ignoreOnLineFix(file: SourceFile, finding: Finding): Fix {
  const line = file.lines.lineOf(finding.range.start);
  const existing = lineIgnores(file.lines.lineText(line));
  if (existing) {
    const end = file.lines.lineEnd(line);
    return { title: `Ignore ${finding.ruleId} on this line`, edits: [{ file: file.path, range: { start: end, end }, newText: ` ${finding.ruleId}` }], safe: false };
  }
  const start = file.lines.lineStart(line);
  const indent = file.lines.lineText(line).match(/^\s*/)![0].replace(/-/g, ' ');
  return {
    title: `Ignore ${finding.ruleId} on this line`,
    edits: [{ file: file.path, range: { start, end: start }, newText: `${indent}# ai-stack-ignore ${finding.ruleId}\n` }],
    safe: false,
  };
}
