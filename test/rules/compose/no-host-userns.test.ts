import { hostNamespaceTests } from './hostNamespace.shared';

hostNamespaceTests('no-host-userns', 'userns_mode', 'error', true);
