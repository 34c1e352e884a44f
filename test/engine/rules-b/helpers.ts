/** Re-indents a 2-space fixture to 4 spaces (not for mappings inside block sequences: their keys align with the dash). */
export function fourSpaces(text: string): string {
  return text.replace(/^( +)/gm, (m) => ' '.repeat(m.length * 2));
}
