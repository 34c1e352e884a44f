import type { ComposeContext } from '../../compose/context';
import type { Rule } from '../../rule';
import { atValue, servicesOf } from '../shared/util';
import { fromUnsetVariable } from '../shared/unsetVariable';

/** What the Docker engine accepts as a container name. */
const VALID = /^[a-zA-Z0-9][a-zA-Z0-9_.-]+$/;

export const containerNameValid: Rule<ComposeContext> = {
  id: 'container-name-valid',
  kind: 'compose',
  title: 'Valid container name',
  rationale:
    'Docker accepts container names made of letters, digits, `_`, `.` and `-`, starting with a letter or digit and at least two characters long; anything else makes `docker compose up` fail when it creates the container. A name built from a variable is only known at `up` time and is not judged (in a set, an unset variable is substituted as blank: that is env-variable-unset\'s finding, not a bad name).',
  defaultSeverity: 'error',
  scope: 'service',
  *check(ctx) {
    for (const svc of servicesOf(ctx)) {
      const ref = svc.get(['container_name']);
      if (!ref || ref.js == null) continue;
      const name = String(ref.js);
      // Interpolated: the value is only known at `up` time (in a file alone `${…}` is still there,
      // in a set an unset variable was substituted as blank).
      if (name.includes('$') || fromUnsetVariable(ctx.model, ref)) continue;
      if (!VALID.test(name)) yield atValue(svc, ref, `Container name "${name}" is invalid: use letters, digits, _ . - and start with a letter or digit.`);
    }
  },
};
