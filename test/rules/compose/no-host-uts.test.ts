import { hostNamespaceTests } from './hostNamespace.shared';

hostNamespaceTests('no-host-uts', 'uts', 'warning', true);
