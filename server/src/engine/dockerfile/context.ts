/** What a Dockerfile rule sees: instructions with exact source ranges, build stages and the line table. */
import type { OffsetRange } from '../text';
import { LineTable } from '../text';
import type { LogicalText } from './logicalText';

export interface Flag {
  /** Name without the leading dashes, lower-case (`from`, `chown`, `mount`). */
  name: string;
  value: string | undefined;
  range: OffsetRange;
}

export interface Instruction {
  /** Upper-case keyword (`RUN`, `FROM`, …). */
  keyword: string;
  /** The whole instruction, keyword to the end of its last continued line. */
  range: OffsetRange;
  keywordRange: OffsetRange;
  /** 0-based line of the keyword. */
  line: number;
  /** Leading `--name=value` flags. */
  flags: Flag[];
  /** The arguments after the flags, continuations removed. */
  body: LogicalText;
  /** BuildKit heredoc form (`RUN <<EOF`): the body ends with the terminator line, so nothing may be appended. */
  heredoc: boolean;
  /** Exec (JSON array) form, when the body is one: CMD ["node", "server.js"]. */
  json: string[] | undefined;
  /** Index of the stage the instruction belongs to, -1 before the first FROM (global ARGs). */
  stage: number;
}

export interface Stage {
  index: number;
  from: Instruction;
  /** Image reference as written, e.g. `node:22.12.0-alpine3.21`, `${BASE}`, or another stage's name. */
  image: string;
  imageRange: OffsetRange;
  /** Lower-case alias from `AS name`. */
  alias: string | undefined;
  aliasRange: OffsetRange | undefined;
  instructions: Instruction[];
}

export interface DockerfileContext {
  path: string;
  text: string;
  lines: LineTable;
  escapeChar: string;
  instructions: Instruction[];
  stages: Stage[];
  /** Instructions before the first FROM (ARGs usable in FROM lines). */
  globalArgs: Instruction[];
  /** Problems the parser itself found (no FROM, unreadable text). */
  problems: { message: string; range: OffsetRange }[];
}

export function finalStage(ctx: DockerfileContext): Stage | undefined {
  return ctx.stages[ctx.stages.length - 1];
}

/** The stage a `FROM <name>` or `COPY --from=<name>` refers to, when it names an earlier stage. */
export function stageNamed(ctx: DockerfileContext, name: string, before = ctx.stages.length): Stage | undefined {
  const lower = name.toLowerCase();
  if (/^\d+$/.test(name)) {
    const i = Number(name);
    return i < before ? ctx.stages[i] : undefined;
  }
  return ctx.stages.slice(0, before).find((s) => s.alias === lower);
}

/** A stage followed by the stages it is built FROM (`FROM base AS runner` → runner, base, …). */
export function stageChain(ctx: DockerfileContext, stage: Stage): Stage[] {
  const chain = [stage];
  let current = stage;
  for (;;) {
    const parent = stageNamed(ctx, current.image, current.index);
    if (!parent || chain.includes(parent)) return chain;
    chain.push(parent);
    current = parent;
  }
}

/** Instructions of a stage including the ones it inherits from parent stages, oldest first. */
export function effectiveInstructions(ctx: DockerfileContext, stage: Stage): Instruction[] {
  return stageChain(ctx, stage)
    .reverse()
    .flatMap((s) => s.instructions);
}

/** The base image a stage finally builds on (following stage names), e.g. `node:22-alpine`. */
export function baseImage(ctx: DockerfileContext, stage: Stage): string {
  const chain = stageChain(ctx, stage);
  return chain[chain.length - 1].image;
}
