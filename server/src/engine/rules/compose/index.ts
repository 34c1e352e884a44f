/** Registry of compose rules: add a module to a group and it is checked, documented and tested for drift. */
import type { ComposeContext } from '../../compose/context';
import type { Rule } from '../../rule';
import { isolationRules } from './isolation';
import { stackRules } from './stack';
import { projectRules } from './project';
import { rolloutRules } from './rollout';
import { aiServingRules } from './aiServing';

export const composeRules: Rule<ComposeContext>[] = [...isolationRules, ...stackRules, ...projectRules, ...rolloutRules, ...aiServingRules];
