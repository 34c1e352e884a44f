/** Small helpers the Dockerfile rules share. */
import type { DockerfileContext, Instruction, Stage } from '../../dockerfile/context';
import { finalStage, effectiveInstructions, stageChain } from '../../dockerfile/context';
import type { Command } from '../../dockerfile/shell';
import { runCommands } from '../../dockerfile/shell';
import type { Finding, FindingDraft, TextEdit } from '../../rule';
import type { OffsetRange } from '../../text';

export function at(ctx: DockerfileContext, range: OffsetRange, message: string, data?: Record<string, unknown>): FindingDraft {
  return { message, file: ctx.path, range, data };
}

export function insertAt(ctx: DockerfileContext, offset: number, newText: string): TextEdit {
  return { file: ctx.path, range: { start: offset, end: offset }, newText };
}

export function replace(ctx: DockerfileContext, range: OffsetRange, newText: string): TextEdit {
  return { file: ctx.path, range, newText };
}

/** Every RUN with its parsed shell commands. */
export function* runs(ctx: DockerfileContext): Iterable<{ instr: Instruction; commands: Command[] }> {
  for (const instr of ctx.instructions) if (instr.keyword === 'RUN') yield { instr, commands: runCommands(instr) };
}

/** The instruction a finding points into. */
export function instructionAt(ctx: DockerfileContext, finding: Finding): Instruction | undefined {
  return ctx.instructions.find((i) => i.range.start <= finding.range.start && finding.range.start < Math.max(i.range.end, i.range.start + 1));
}

/** Offset of the start of an instruction's first line, and that line's indentation. */
export function lineStartOf(ctx: DockerfileContext, instr: Instruction): { offset: number; indent: string } {
  const offset = ctx.lines.lineStart(instr.line);
  return { offset, indent: ctx.text.slice(offset, instr.keywordRange.start).replace(/\S.*$/, '') };
}

/** Where to add a runtime instruction to the final stage: before its CMD/ENTRYPOINT, or at the end. */
export function runtimeInsertPoint(ctx: DockerfileContext, stage: Stage | undefined = finalStage(ctx)): { offset: number; before: boolean; indent: string } | undefined {
  if (!stage) return undefined;
  const launch = stage.instructions.find((i) => i.keyword === 'CMD' || i.keyword === 'ENTRYPOINT');
  if (launch) return { ...lineStartOf(ctx, launch), before: true };
  const last = stage.instructions[stage.instructions.length - 1] ?? stage.from;
  return { offset: last.range.end, before: false, indent: '' };
}

/** Adds a line to the final stage at the runtime insert point. */
export function insertRuntimeLine(ctx: DockerfileContext, line: string): TextEdit | undefined {
  const point = runtimeInsertPoint(ctx);
  if (!point) return undefined;
  return point.before ? insertAt(ctx, point.offset, `${point.indent}${line}\n`) : insertAt(ctx, point.offset, `\n${line}`);
}

/** Instructions of the final stage including inherited ones from parent stages. */
export function finalInstructions(ctx: DockerfileContext): Instruction[] {
  const stage = finalStage(ctx);
  return stage ? effectiveInstructions(ctx, stage) : [];
}

/** `ENV`/`ARG` pairs (`ENV A=1 B=2`, legacy `ENV A 1`, `ARG A`, `ARG A=1`). */
export function keyValues(instr: Instruction): { key: string; value: string | undefined; keyStart: number; keyEnd: number }[] {
  const t = instr.body.text;
  const out: { key: string; value: string | undefined; keyStart: number; keyEnd: number }[] = [];
  const legacy = instr.keyword === 'ENV' && /^[^\s=]+\s/.test(t) && !/^[^\s=]+=/.test(t);
  if (legacy) {
    const m = t.match(/^(\S+)\s+([\s\S]*)$/);
    if (m) out.push({ key: m[1], value: m[2], keyStart: 0, keyEnd: m[1].length });
    return out;
  }
  const re = /([^\s=]+)(?:=("(?:[^"\\]|\\.)*"|'[^']*'|\S*))?/g;
  for (const m of t.matchAll(re)) {
    const raw = m[2];
    out.push({ key: m[1], value: raw === undefined ? undefined : raw.replace(/^(["'])([\s\S]*)\1$/, '$2'), keyStart: m.index!, keyEnd: m.index! + m[1].length });
  }
  return out;
}

/**
 * The layers of this instruction's stage end up in the final image: it is the final stage or one
 * the final stage is built FROM. A stage only copied from (`COPY --from=builder`) ships the files
 * copied, not its layers: package caches and lists left there weigh nothing in the image.
 */
export function layersShip(ctx: DockerfileContext, instr: Instruction): boolean {
  const final = finalStage(ctx);
  const stage = ctx.stages[instr.stage];
  return !final || !stage || stageChain(ctx, final).includes(stage);
}
