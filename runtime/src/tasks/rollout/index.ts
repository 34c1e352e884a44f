/** deploy --strategy rolling|blue-green and --switch-back: updates without downtime behind nginx. */
import type { Prepared } from '../context';
import { EXIT, Reporter } from '../reporter';
import { runBlueGreen, runSwitchBack } from './blueGreen';
import { runRolling } from './rolling';

export { STRATEGIES } from './common';
export type { Strategy } from './common';

export function runRollout(prepared: Prepared, reporter: Reporter, signal?: AbortSignal): Promise<number> {
  if (prepared.options.switchBack) return runSwitchBack(prepared, reporter, signal);
  if (prepared.options.strategy === 'rolling') return runRolling(prepared, reporter, signal);
  if (prepared.options.strategy === 'blue-green') return runBlueGreen(prepared, reporter, signal);
  reporter.failure(`Unknown deploy strategy ${JSON.stringify(prepared.options.strategy)} (rolling or blue-green).`);
  return Promise.resolve(EXIT.usage);
}
