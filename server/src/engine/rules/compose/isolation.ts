/** Capabilities, privileges, isolation, resources, logging, restart, structure (owned by one rule group). */
import type { ComposeContext } from '../../compose/context';
import type { Rule } from '../../rule';
import { capDropAll } from './capDropAll';
import { noPrivileged } from './noPrivileged';

export const isolationRules: Rule<ComposeContext>[] = [capDropAll, noPrivileged];
