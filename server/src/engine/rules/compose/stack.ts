/** Network, images, health and order, secrets, data, GPU/Ollama rules (owned by one rule group). */
import type { ComposeContext } from '../../compose/context';
import type { Rule } from '../../rule';
import { portHostIpRequired } from './portHostIpRequired';

export const stackRules: Rule<ComposeContext>[] = [portHostIpRequired];
