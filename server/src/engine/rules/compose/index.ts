/** Registry of compose rules: add a module to a group and it is checked, documented and tested for drift. */
import type { ComposeContext } from '../../compose/context';
import type { Rule } from '../../rule';
import { isolationRules } from './isolation';
import { stackRules } from './stack';
import { projectRules } from './project';
import { rolloutRules } from './rollout';
import { aiServingRules } from './aiServing';
import { swarmRules, withTargets } from './swarm';

// withTargets: compose-only rules (keys Swarm ignores) are silenced for the swarm target.
export const composeRules: Rule<ComposeContext>[] = withTargets([...isolationRules, ...stackRules, ...projectRules, ...rolloutRules, ...aiServingRules, ...swarmRules]);
