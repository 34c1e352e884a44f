/** Registry of compose rules: add a module here and it is checked, documented and tested for drift. */
import type { ComposeContext } from '../../compose/context';
import type { Rule } from '../../rule';
import { capDropAll } from './capDropAll';
import { noPrivileged } from './noPrivileged';
import { portHostIpRequired } from './portHostIpRequired';

export const composeRules: Rule<ComposeContext>[] = [capDropAll, noPrivileged, portHostIpRequired];
