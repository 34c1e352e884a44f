/** Rules for updates without downtime behind a reverse proxy (issue 13; docs/deploy.md). */
import type { ComposeContext } from '../../compose/context';
import type { Rule } from '../../rule';
import { containerNameBlocksUpdate } from './containerNameBlocksUpdate';
import { fixedHostPortBehindProxy } from './fixedHostPortBehindProxy';
import { modelAppStartPeriod } from './modelAppStartPeriod';
import { proxyAllInterfaces } from './proxyAllInterfaces';
import { stopGracePeriodServed } from './stopGracePeriodServed';

export const rolloutRules: Rule<ComposeContext>[] = [stopGracePeriodServed, containerNameBlocksUpdate, fixedHostPortBehindProxy, modelAppStartPeriod, proxyAllInterfaces];
