import type { ComposeContext } from '../../compose/context';
import { deletePair } from '../../edits/yamlEdit';
import type { Rule } from '../../rule';

export const noVersionField: Rule<ComposeContext> = {
  id: 'no-version-field',
  kind: 'compose',
  title: 'No top-level version',
  rationale:
    'The Compose Specification ignores the top-level `version:`; Docker Compose v2 warns that it is obsolete. Keeping it suggests a file format (and features) that no longer apply.',
  defaultSeverity: 'warning',
  fixDescription: 'Deletes the `version:` line (and one blank line after it).',
  unnecessary: true,
  *check(ctx) {
    const ref = ctx.model.top('version');
    if (!ref?.keyNode || ref.file !== ctx.file) return;
    yield { message: `The top-level version${ref.js != null ? ` ("${String(ref.js)}")` : ''} is obsolete: Compose ignores it.`, file: ref.file.path, range: ref.file.rangeOf(ref.keyNode) };
  },
  fix(ctx) {
    const root = ctx.file.root;
    const edit = root && deletePair(ctx.file, root, 'version');
    if (!edit) return undefined;
    const { text } = ctx.file;
    // Take one following blank line too, so the file does not start with an empty line.
    const blank = text.slice(edit.range.end).match(/^[ \t]*\r?\n/);
    if (blank && edit.range.end < text.length) edit.range = { start: edit.range.start, end: edit.range.end + blank[0].length };
    return { title: 'Remove the obsolete version field', edits: [edit], safe: true };
  },
};
