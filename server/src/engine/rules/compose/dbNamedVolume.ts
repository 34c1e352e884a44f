import path from 'node:path';
import { isScalar, isSeq } from 'yaml';
import type { ComposeContext } from '../../compose/context';
import type { ServiceView } from '../../compose/model';
import { envEntries, ImageRef, imageOf, isDatabase, volumeSpecs } from '../../compose/facts';
import { appendItem, replaceScalar, setPath } from '../../edits/yamlEdit';
import type { Rule } from '../../rule';
import { serviceImage } from '../shared/serviceImage';
import { atValue, combineEdits, missing, serviceOf, servicesOf, topLevelEntry } from '../shared/util';

/** Where each kind of database keeps its data. */
const DATA_DIRS: Array<[RegExp, string]> = [
  [/(^|\/)(postgres|postgis|pgvector|timescaledb(-ha)?)$/, '/var/lib/postgresql/data'],
  [/(^|\/)(mysql|mariadb)$/, '/var/lib/mysql'],
  [/(^|\/)mongo(db)?$/, '/data/db'],
  [/(^|\/)(redis|redis-stack|valkey|keydb)$/, '/data'],
  [/(^|\/)qdrant$/, '/qdrant/storage'],
  [/(^|\/)weaviate$/, '/var/lib/weaviate'],
  [/(^|\/)milvus$/, '/var/lib/milvus'],
  [/(^|\/)chroma(db)?$/, '/chroma/chroma'],
  [/(^|\/)clickhouse(-server)?$/, '/var/lib/clickhouse'],
  [/(^|\/)elasticsearch$/, '/usr/share/elasticsearch/data'],
  [/(^|\/)opensearch$/, '/usr/share/opensearch/data'],
  [/(^|\/)(minio|neo4j)$/, '/data'],
  [/(^|\/)etcd$/, '/etcd-data'],
  [/(^|\/)cassandra$/, '/var/lib/cassandra'],
  [/(^|\/)couchdb$/, '/opt/couchdb/data'],
];

export function dataDir(svc: ServiceView, image: ImageRef): string | undefined {
  const dir = DATA_DIRS.find(([re]) => re.test(image.repository))?.[1];
  if (dir === '/var/lib/postgresql/data') {
    const pgdata = envEntries(svc).find((e) => e.name === 'PGDATA')?.value;
    if (pgdata && !pgdata.includes('$')) return pgdata;
    // Postgres 18 images keep data in /var/lib/postgresql/<major>/docker and expect the mount one level up.
    const major = Number(image.tag?.match(/^(\d+)/)?.[1]);
    if (/(^|\/)postgres$/.test(image.repository) && major >= 18) return '/var/lib/postgresql';
  }
  return dir;
}

const VOLUME_OPTIONS = new Set(['ro', 'rw', 'nocopy']);

/** A mount at `target` keeps `dir` when it is the directory or one of its parents. */
function covers(target: string, dir: string): boolean {
  const t = path.posix.normalize(target).replace(/\/+$/, '');
  return dir === t || dir.startsWith(t + '/');
}

export const dbNamedVolume: Rule<ComposeContext> = {
  id: 'db-named-volume',
  kind: 'compose',
  title: 'Keep database data in a named volume',
  rationale:
    'A database whose data directory is not on a named volume keeps its data in the container or in an anonymous volume. Most database images declare their data directory as a `VOLUME` (Postgres, MySQL, MariaDB, MongoDB, Redis, Valkey, ClickHouse, Neo4j, MinIO: see the image-facts table), so the data lands in an anonymous volume: it survives restarts and the recreates `docker compose up` does (compose carries anonymous volumes over to the new container), but `docker compose down` leaves it behind unnamed and the next `up` starts with a new, empty one, and `down -v` (or `up -V`) deletes it. An image that declares no `VOLUME` there (Qdrant, Weaviate, Milvus, Chroma…) keeps the data in the container\'s writable layer, lost whenever the container is recreated. A bind mount keeps it on the host but ties it to a host path with the host\'s ownership and permissions; a named volume is managed by compose and survives recreates.',
  defaultSeverity: 'info',
  scope: 'service',
  relaxedInDevelopment: true,
  fixDescription: 'Mounts a named volume `<service>_data` at the data directory (or replaces the bind source with it) and declares it under the top-level `volumes:`.',
  *check(ctx) {
    for (const svc of servicesOf(ctx)) {
      const image = imageOf(svc);
      if (!isDatabase(image)) continue;
      const dir = dataDir(svc, image!);
      if (!dir) continue;
      const mount = volumeSpecs(svc).find((v) => v.type !== 'tmpfs' && covers(v.target, dir));
      if (mount?.type === 'volume' && mount.source) continue;
      if (!mount || !mount.source) {
        const declared = serviceImage(ctx.model, svc)?.volumes.find((v) => covers(v, dir));
        const known = !!serviceImage(ctx.model, svc)?.facts;
        const anonymous = ': it survives restarts and `docker compose up` recreates, but after `docker compose down` the next `up` starts with a new, empty volume, and `down -v` deletes it';
        const message = mount
          ? `keeps ${dir} in an anonymous volume${anonymous}.`
          : declared
            ? `keeps ${dir} in the anonymous volume its image declares (VOLUME ${declared})${anonymous}.`
            : known
              ? `keeps ${dir} in the container's writable layer (the image declares no VOLUME there): the data is lost whenever the container is recreated.`
              : `keeps ${dir} in the container (or an anonymous volume, if the image declares one): the data is lost on \`docker compose down -v\` or when the container is recreated.`;
        yield { ...(mount ? atValue(svc, mount.ref, '') : missing(svc, '')), message: `${image!.repository} service "${svc.name}" ${message} Mount a named volume.`, data: { dir } };
      } else if (mount.type === 'bind') {
        yield atValue(svc, mount.ref, `${image!.repository} service "${svc.name}" keeps ${dir} in a bind mount (${mount.source}): it depends on that host path and its permissions. A named volume is managed by compose.`, { dir, bind: true });
      }
    }
  },
  fix(ctx, finding) {
    const svc = serviceOf(ctx, finding);
    const dir = String(finding.data?.dir ?? '');
    if (!svc?.node || !dir) return undefined;
    const volume = `${svc.name}_data`.replace(/[^A-Za-z0-9_.-]/g, '_');
    const top = topLevelEntry(ctx, 'volumes', volume);
    if (!top.ok) return undefined;
    const mounts = volumeSpecs(svc);
    const existing = mounts.find((v) => v.type !== 'tmpfs' && covers(v.target, dir));
    const title = `Keep ${dir} in the named volume ${volume}`;
    if (existing) {
      // Bind or anonymous mount at the data dir: point it at the named volume (short syntax only).
      const node = existing.ref.node;
      if (existing.ref.via || existing.long || !isScalar(node)) return undefined;
      // Options parsed with the rules' own volume parser (interpolation aware); a named volume keeps
      // only what applies to volumes: SELinux relabelling and bind propagation are bind-only.
      const mode = existing.mode.filter((o) => VOLUME_OPTIONS.has(o)).join(',');
      const next = `${volume}:${existing.target}${mode ? `:${mode}` : ''}`;
      // Replacing a bind source orphans the data already on the host: a person moves it first.
      return { title, edits: combineEdits([replaceScalar(existing.ref.file, node, next), top.edit]), safe: !existing.source };
    }
    const own = svc.get(['volumes']);
    let edit;
    if (!own) edit = setPath(svc.file, svc.node, ['volumes'], [`${volume}:${dir}`]);
    else if (!own.via && isSeq(own.node)) edit = appendItem(own.file, own.node, `${volume}:${dir}`);
    if (!edit) return undefined;
    return { title, edits: combineEdits([edit, top.edit]), safe: true };
  },
};
