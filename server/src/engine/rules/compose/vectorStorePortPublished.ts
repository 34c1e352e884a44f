/** A vector database's port published beyond the loopback, even with authentication on (or unknowable, Milvus). */
import type { ComposeContext } from '../../compose/context';
import { imageOf, isLoopbackHostIp, portSpecs } from '../../compose/facts';
import type { Rule } from '../../rule';
import { noPublishedDbPorts } from './noPublishedDbPorts';
import { vectorStoreAuth } from './vectorStoreApiKey';
import { atKey, servicesOf } from '../shared/util';

const MILVUS = /(^|\/)milvus$/i;

export const vectorStorePortPublished: Rule<ComposeContext> = {
  id: 'vector-store-port-published',
  kind: 'compose',
  title: 'Keep vector database ports off the network in production',
  rationale:
    'Apps reach Qdrant, Weaviate, Milvus and Chroma over the compose network; a port published beyond 127.0.0.1 adds nothing for them and exposes the store to whoever reaches the host. With an API key on, the key still travels in clear HTTP unless TLS is configured (Qdrant: https://qdrant.tech/documentation/guides/security/ — "use TLS"), and the service is open to brute force and denial of service; Milvus keeps its authentication in milvus.yaml, off by default (https://milvus.io/docs/authenticate.md), so a published Milvus port is open unless that file says otherwise. Unauthenticated Qdrant/Weaviate/Chroma ports are vector-store-api-key (a stronger finding). Keep the ports internal (`expose:`) and reach the store from the host with `docker compose exec` or a port bound to 127.0.0.1. Relaxed in development override files.',
  defaultSeverity: 'warning',
  scope: 'service',
  fixDescription: 'Replaces `ports:` with `expose:` listing the container ports (not applied by Fix all: local tools may use the port).',
  relaxedInDevelopment: true,
  *check(ctx) {
    for (const svc of servicesOf(ctx)) {
      const milvus = MILVUS.test(imageOf(svc)?.repository ?? '');
      const auth = vectorStoreAuth(svc);
      if (!milvus && !auth?.on) continue; // not a vector store, or unauthenticated: vector-store-api-key
      const open = portSpecs(svc).filter((p) => !isLoopbackHostIp(p.hostIp ?? ''));
      const ref = svc.get(['ports']);
      if (!open.length || !ref) continue;
      const shown = open.map((p) => p.published ?? p.target).join(', ');
      const why = milvus ? 'Milvus authentication lives in milvus.yaml and is off by default' : `${auth!.name} checks an API key, but it travels in clear HTTP without TLS and the port invites brute force`;
      yield atKey(svc, ref, `${milvus ? 'Milvus' : auth!.name} service "${svc.name}" publishes port ${shown} beyond the loopback: ${why}. Apps use the compose network: keep it internal (expose) or bind it to 127.0.0.1.`);
    }
  },
  fix: (ctx, finding) => noPublishedDbPorts.fix?.(ctx, finding),
};
