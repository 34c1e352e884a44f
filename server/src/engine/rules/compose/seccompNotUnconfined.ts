import { unconfinedRule } from '../shared/securityOpt';

export const seccompNotUnconfined = unconfinedRule({
  id: 'seccomp-not-unconfined',
  profile: 'seccomp',
  title: 'Keep the default seccomp profile',
  rationale:
    'Docker\'s default seccomp profile blocks about 44 dangerous system calls (kernel module loading, `keyctl`, `ptrace` of other processes, new mount namespaces…). `seccomp:unconfined` re-enables them all, so a kernel bug becomes a container escape.',
  defaultSeverity: 'error',
});
