import type { ComposeContext } from '../../compose/context';
import type { Rule } from '../../rule';
import { atValue, servicesOf } from './util';

/** What the Docker engine accepts as a container name. */
const VALID = /^[a-zA-Z0-9][a-zA-Z0-9_.-]+$/;

export const containerNameValid: Rule<ComposeContext> = {
  id: 'container-name-valid',
  kind: 'compose',
  title: 'Valid container name',
  rationale:
    'Docker accepts container names made of letters, digits, `_`, `.` and `-`, starting with a letter or digit and at least two characters long; anything else makes `docker compose up` fail when it creates the container.',
  defaultSeverity: 'error',
  *check(ctx) {
    for (const svc of servicesOf(ctx)) {
      const ref = svc.get(['container_name']);
      if (!ref || ref.js == null) continue;
      const name = String(ref.js);
      if (name.includes('$')) continue; // interpolated: the value is only known at `up` time
      if (!VALID.test(name)) yield atValue(svc, ref, `Container name "${name}" is invalid: use letters, digits, _ . - and start with a letter or digit.`);
    }
  },
};
