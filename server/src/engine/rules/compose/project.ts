/** Rules that need the whole project: references, interpolation, files of the set, schema (owned by the project work). */
import type { ComposeContext } from '../../compose/context';
import type { Rule } from '../../rule';
import { composeSchema } from './composeSchema';
import { envRequiredMissing } from './envRequiredMissing';
import { envVariableUnset } from './envVariableUnset';
import { interpolationSyntax } from './interpolationSyntax';
import { projectFileMissing } from './projectFileMissing';
import { undefinedReference } from './undefinedReference';

export const projectRules: Rule<ComposeContext>[] = [undefinedReference, envRequiredMissing, envVariableUnset, interpolationSyntax, projectFileMissing, composeSchema];
