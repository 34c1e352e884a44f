import { hostNamespaceTests } from './hostNamespace.shared';

hostNamespaceTests('no-host-network', 'network_mode', 'error', false);
