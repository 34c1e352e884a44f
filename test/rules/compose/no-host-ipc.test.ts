import { hostNamespaceTests } from './hostNamespace.shared';

hostNamespaceTests('no-host-ipc', 'ipc', 'error', true);
