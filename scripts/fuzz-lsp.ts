/**
 * Long local runs of the LSP fuzzer (test/robustness/lspFuzz.ts) against the built server:
 *   npm run fuzz:lsp                                   (2000 cases, random seed)
 *   AI_STACK_FUZZ_CASES=10000 AI_STACK_FUZZ_SEED=42 npm run fuzz:lsp
 *   AI_STACK_FUZZ_SEED=42 AI_STACK_FUZZ_ONLY=17,230 npm run fuzz:lsp    (replay cases)
 * Failing cases are written to $AI_STACK_FUZZ_FAILURES (default /tmp/ai-stack-fuzz-failures).
 * Cases slower than $AI_STACK_FUZZ_SLOW_MS (default 10 s) are written there too, as <seed>-<case>-slow.
 * Exit status 1 when any case failed.
 */
import { runLspFuzz, summaryLine } from '../test/robustness/lspFuzz';

async function main(): Promise<void> {
  const env = process.env;
  const seed = !env.AI_STACK_FUZZ_SEED || env.AI_STACK_FUZZ_SEED === 'random' ? Date.now() % 2 ** 31 : Number(env.AI_STACK_FUZZ_SEED);
  const cases = Number(env.AI_STACK_FUZZ_CASES ?? 2000);
  const only = env.AI_STACK_FUZZ_ONLY ? env.AI_STACK_FUZZ_ONLY.split(',').map(Number) : undefined;
  console.log(`lsp fuzz: seed ${seed}, ${only ? `cases ${only.join(',')}` : `${cases} cases`}`);
  const summary = await runLspFuzz({
    seed,
    cases,
    only,
    server: env.AI_STACK_FUZZ_SERVER,
    failuresDir: env.AI_STACK_FUZZ_FAILURES,
    log: (line) => console.log(line),
    progressEvery: 100,
    slowMs: Number(env.AI_STACK_FUZZ_SLOW_MS ?? 10_000),
  });
  console.log(summaryLine(summary));
  console.log(`waiting (s): ${Object.entries(summary.msByWait).map(([k, v]) => `${k} ${(v / 1000).toFixed(1)}`).join(", ")}`);
  process.exitCode = summary.failedCases ? 1 : 0;
}

main().catch((e) => {
  console.error(e);
  process.exitCode = 2;
});
