/** BENCHMARKS.md is shared: each benchmark script replaces only its own `## <section>`. */
import fs from 'node:fs';
import path from 'node:path';

const FILE = path.resolve(__dirname, '..', 'BENCHMARKS.md');

export function writeSection(section: string, markdown: string): void {
  const existing = fs.existsSync(FILE) ? fs.readFileSync(FILE, 'utf8') : '# Benchmarks\n\nFigures written by `npm run bench` (each script owns its section).\n';
  const heading = `## ${section}`;
  const start = existing.indexOf(`${heading}\n`);
  let next: string;
  if (start < 0) next = existing.replace(/\n*$/, '\n\n') + markdown;
  else {
    const after = existing.indexOf('\n## ', start + heading.length);
    next = existing.slice(0, start) + markdown + (after < 0 ? '' : existing.slice(after + 1));
  }
  fs.writeFileSync(FILE, next.replace(/\n*$/, '\n'));
}
