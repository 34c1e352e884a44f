import { unconfinedTests } from './unconfined.shared';

unconfinedTests('seccomp-not-unconfined', 'seccomp', 'error');
