import { unconfinedRule } from '../shared/securityOpt';

export const apparmorNotUnconfined = unconfinedRule({
  id: 'apparmor-not-unconfined',
  profile: 'apparmor',
  title: 'Keep the default AppArmor profile',
  rationale:
    'On AppArmor hosts (Ubuntu, Debian) Docker confines containers with `docker-default`, which denies writes to /proc and /sys and mounting. `apparmor:unconfined` removes that layer of defence.',
  defaultSeverity: 'warning',
});
