/**
 * Dockerfile parsing. Instruction boundaries come from `dockerfile-ast` (MIT; the parser behind the
 * Docker language server): it already knows the `# escape=` directive, heredocs, continuation
 * lines with comments inside, and it never throws on bad input. Its positions are line/character
 * and its argument text keeps comment lines, so everything rules need (flags, the body as Docker
 * sees it, stages) is rebuilt here on exact source offsets through our own LineTable and LogicalText.
 */
import { DockerfileParser } from 'dockerfile-ast';
import { LineTable } from '../text';
import type { DockerfileContext, Flag, Instruction, Stage } from './context';
import { LogicalText } from './logicalText';

export const MAX_DOCKERFILE_BYTES = 2 * 1024 * 1024;

export function parseDockerfile(path: string, text: string): DockerfileContext {
  const lines = new LineTable(text);
  const ctx: DockerfileContext = { path, text, lines, escapeChar: '\\', instructions: [], stages: [], globalArgs: [], problems: [] };
  if (Buffer.byteLength(text) > MAX_DOCKERFILE_BYTES) {
    ctx.problems.push({ message: `File is larger than ${MAX_DOCKERFILE_BYTES / 1048576} MB; it is not checked.`, range: { start: 0, end: 0 } });
    return ctx;
  }
  let parsed;
  try {
    parsed = DockerfileParser.parse(text);
  } catch (e) {
    ctx.problems.push({ message: `Could not parse the Dockerfile: ${(e as Error).message}`, range: { start: 0, end: 0 } });
    return ctx;
  }
  ctx.escapeChar = parsed.getEscapeCharacter() || '\\';
  for (const raw of parsed.getInstructions()) {
    const r = raw.getRange();
    const kr = raw.getInstructionRange();
    const range = { start: lines.offsetAt(r.start), end: lines.offsetAt(r.end) };
    const keywordRange = { start: lines.offsetAt(kr.start), end: lines.offsetAt(kr.end) };
    const instruction = buildInstruction(text, raw.getKeyword().toUpperCase(), range, keywordRange, ctx.escapeChar, lines);
    if (instruction.keyword === 'FROM') {
      instruction.stage = ctx.stages.length;
      ctx.stages.push(buildStage(instruction, ctx.stages.length));
    } else {
      instruction.stage = ctx.stages.length - 1;
      if (instruction.stage < 0) ctx.globalArgs.push(instruction);
      else ctx.stages[instruction.stage].instructions.push(instruction);
    }
    ctx.instructions.push(instruction);
  }
  if (ctx.instructions.length > 0 && ctx.stages.length === 0) {
    ctx.problems.push({ message: 'A Dockerfile needs a FROM instruction.', range: ctx.instructions[0].keywordRange });
  }
  return ctx;
}

function buildInstruction(text: string, keyword: string, range: { start: number; end: number }, keywordRange: { start: number; end: number }, escapeChar: string, lines: LineTable): Instruction {
  const args = LogicalText.build(text, keywordRange.end, range.end, escapeChar);
  const flags: Flag[] = [];
  let i = 0;
  const t = args.text;
  for (;;) {
    while (i < t.length && /\s/.test(t[i])) i++;
    if (!t.startsWith('--', i)) break;
    const start = i;
    while (i < t.length && !/\s/.test(t[i])) i++;
    const word = t.slice(start + 2, i);
    const eq = word.indexOf('=');
    flags.push({ name: (eq < 0 ? word : word.slice(0, eq)).toLowerCase(), value: eq < 0 ? undefined : unquote(word.slice(eq + 1)), range: args.sourceRange(start, i) });
  }
  let end = t.length;
  while (end > i && /\s/.test(t[end - 1])) end--;
  const body = args.slice(i, end);
  return { keyword, range, keywordRange, line: lines.lineOf(keywordRange.start), flags, body, heredoc: /^<<-?["']?[A-Za-z_]/.test(body.text), json: parseJsonArray(body.text), stage: -1 };
}

function buildStage(from: Instruction, index: number): Stage {
  const t = from.body.text;
  const words = [...t.matchAll(/\S+/g)];
  const image = words[0];
  const as = words[1]?.[0].toLowerCase() === 'as' ? words[2] : undefined;
  return {
    index,
    from,
    image: image?.[0] ?? '',
    imageRange: image ? from.body.sourceRange(image.index!, image.index! + image[0].length) : from.keywordRange,
    alias: as?.[0].toLowerCase(),
    aliasRange: as ? from.body.sourceRange(as.index!, as.index! + as[0].length) : undefined,
    instructions: [],
  };
}

function parseJsonArray(body: string): string[] | undefined {
  if (!body.startsWith('[')) return undefined;
  try {
    const v: unknown = JSON.parse(body);
    return Array.isArray(v) && v.every((x) => typeof x === 'string') ? v : undefined;
  } catch {
    return undefined;
  }
}

function unquote(s: string): string {
  return /^(["']).*\1$/.test(s) ? s.slice(1, -1) : s;
}
