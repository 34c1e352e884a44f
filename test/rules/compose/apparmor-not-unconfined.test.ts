import { unconfinedTests } from './unconfined.shared';

unconfinedTests('apparmor-not-unconfined', 'apparmor', 'warning');
