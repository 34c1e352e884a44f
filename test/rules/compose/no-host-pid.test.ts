import { hostNamespaceTests } from './hostNamespace.shared';

hostNamespaceTests('no-host-pid', 'pid', 'error', true);
