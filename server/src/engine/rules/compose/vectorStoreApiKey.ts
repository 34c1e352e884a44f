/** Vector databases with a published port and no authentication configured. */
import type { ComposeContext } from '../../compose/context';
import { envEntries, imageOf, isLoopbackHostIp, portSpecs } from '../../compose/facts';
import type { ServiceView } from '../../compose/model';
import type { Rule } from '../../rule';
import { missing, servicesOf } from '../shared/util';

interface Store {
  name: string;
  image: RegExp;
  /** Authentication is on when this returns true for the service's environment. */
  on: (env: Map<string, string | null>) => boolean;
  how: string;
}

const truthy = (v: string | null | undefined) => !!v && /^(true|1|yes)$/i.test(v.trim());
const set = (v: string | null | undefined) => !!v && v.trim() !== '';

const STORES: Store[] = [
  { name: 'Qdrant', image: /(^|\/)qdrant$/i, on: (e) => set(e.get('QDRANT__SERVICE__API_KEY')), how: 'set QDRANT__SERVICE__API_KEY: ${QDRANT_API_KEY:?…}' },
  { name: 'Weaviate', image: /(^|\/)weaviate$/i, on: (e) => truthy(e.get('AUTHENTICATION_APIKEY_ENABLED')) || truthy(e.get('AUTHENTICATION_OIDC_ENABLED')) || e.get('AUTHENTICATION_ANONYMOUS_ACCESS_ENABLED')?.trim().toLowerCase() === 'false', how: 'set AUTHENTICATION_APIKEY_ENABLED=true with AUTHENTICATION_APIKEY_ALLOWED_KEYS and AUTHENTICATION_ANONYMOUS_ACCESS_ENABLED=false' },
  { name: 'Chroma', image: /(^|\/)(chroma|chromadb)$/i, on: (e) => set(e.get('CHROMA_SERVER_AUTHN_PROVIDER')) || set(e.get('CHROMA_SERVER_AUTH_PROVIDER')), how: 'set CHROMA_SERVER_AUTHN_PROVIDER and CHROMA_SERVER_AUTHN_CREDENTIALS' },
];

/** The vector store the service runs (Qdrant, Weaviate, Chroma), and whether its authentication is on. */
export function vectorStoreAuth(svc: ServiceView): { name: string; on: boolean } | undefined {
  const repo = imageOf(svc)?.repository;
  const store = repo ? STORES.find((s) => s.image.test(repo)) : undefined;
  return store && { name: store.name, on: store.on(new Map(envEntries(svc).map((e) => [e.name, e.value]))) };
}

export const vectorStoreApiKey: Rule<ComposeContext> = {
  id: 'vector-store-api-key',
  kind: 'compose',
  title: 'A vector database published beyond the loopback requires an API key',
  rationale:
    'Qdrant, Weaviate and Chroma accept every request unless authentication is configured: Qdrant with `QDRANT__SERVICE__API_KEY` (https://qdrant.tech/documentation/guides/security/), Weaviate with `AUTHENTICATION_APIKEY_ENABLED` and anonymous access off (https://weaviate.io/developers/weaviate/configuration/authentication), Chroma with `CHROMA_SERVER_AUTHN_PROVIDER` (https://docs.trychroma.com/production/administration/auth). A port published beyond 127.0.0.1 makes the collections — often embeddings of private documents — readable, writable and deletable by whoever reaches the host. Unpublish the port (services use the compose network) or require a key. (Milvus authentication is set in milvus.yaml, which this rule cannot see.)',
  defaultSeverity: 'warning',
  scope: 'service',
  *check(ctx) {
    for (const svc of servicesOf(ctx)) {
      const repo = imageOf(svc)?.repository;
      const store = repo ? STORES.find((s) => s.image.test(repo)) : undefined;
      if (!store || !portSpecs(svc).some((p) => !isLoopbackHostIp(p.hostIp ?? ''))) continue; // loopback only: local clients
      const env = new Map(envEntries(svc).map((e) => [e.name, e.value]));
      if (store.on(env)) continue;
      yield missing(svc, `${store.name} service "${svc.name}" publishes a port beyond the loopback without authentication: anyone who reaches it can read, change and delete its collections. Unpublish the port or ${store.how}.`);
    }
  },
};
