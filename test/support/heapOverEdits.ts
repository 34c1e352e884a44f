/**
 * How much the heap grows over keystrokes in one file checked through the project workspace (as the
 * server checks it), after a few edits to settle: a fact or a node that keeps a version of the text
 * alive shows as growth proportional to the edits.
 */
import v8 from 'node:v8';
import vm from 'node:vm';
import { ProjectWorkspace } from '../../server/src/engine/analyze/workspace';

export function heapGrowthOverEdits(text: string, edit: (text: string, i: number) => string, settle: number, edits: number): number {
  v8.setFlagsFromString('--expose-gc');
  const gc = vm.runInNewContext('gc') as () => void;
  const file = '/heap/compose.yaml';
  let current = text;
  const ws = new ProjectWorkspace((p) => (p === file ? current : undefined));
  const heapAfter = (count: number, from: number): number => {
    for (let i = from; i < from + count; i++) {
      current = edit(current, i);
      ws.changed(file);
      ws.analyze(file, {});
    }
    // Twice: entries of weak maps whose keys died in the first collection go in the second.
    gc();
    gc();
    return process.memoryUsage().heapUsed;
  };
  const settled = heapAfter(settle, 0);
  return heapAfter(edits, settle) - settled;
}
