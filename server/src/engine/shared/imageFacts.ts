/**
 * What widely used registry images already provide, so compose rules do not ask for what the image
 * does by itself (or claim it does what it does not). Each entry cites the public source it was
 * taken from (the image's Dockerfile or the vendor's documentation). A field that is not set is
 * unknown: rules then keep their generic advice. Facts describe the images' current default tags.
 */

export interface ProbeTools {
  curl?: boolean;
  wget?: boolean;
  /** A POSIX shell (`CMD-SHELL` works). */
  shell?: boolean;
  bash?: boolean;
  python?: boolean;
}

export interface ImageFacts {
  /** Short name for messages. */
  name: string;
  /**
   * User the image's processes run as when compose sets no `user:`. 'root' when the image starts
   * as root (even when its entrypoint later drops privileges for the server process: the entrypoint
   * itself, and anything exec'd into the container, runs as root).
   */
  user?: string;
  /** True when the entrypoint starts as root and drops to an unprivileged user for the server (gosu/su-exec). */
  dropsPrivileges?: boolean;
  /** The image defines its own HEALTHCHECK (true), or certainly defines none (false). */
  healthcheck?: boolean;
  /** Paths the image declares with VOLUME (Docker creates an anonymous volume for each). */
  volumes?: string[];
  /** Probe tools present in the image. */
  tools?: ProbeTools;
  /** A readiness probe that works inside the image, as a compose `healthcheck.test`. */
  probe?: { test: string[]; what: string; start_period?: string };
  /** Container ports that do not speak HTTP (gRPC, client protocols): never probe them with an HTTP GET. */
  nonHttpPorts?: number[];
  /** Public sources the entry was taken from. */
  sources: string[];
}

interface Entry extends ImageFacts {
  /** Repository names (registry host and `library/` stripped), matched exactly. */
  repositories: string[];
}

const DOCKER_LIBRARY_NOTE = 'https://github.com/docker-library/official-images#healthcheck'; // official images add no HEALTHCHECK

const ENTRIES: Entry[] = [
  {
    // https://github.com/docker-library/postgres/blob/master/17/bookworm/Dockerfile (VOLUME /var/lib/postgresql/data, entrypoint gosu postgres)
    // https://github.com/docker-library/postgres/blob/master/18/trixie/Dockerfile (18+: VOLUME /var/lib/postgresql)
    // https://github.com/pgvector/pgvector/blob/master/Dockerfile (FROM postgres)
    // https://github.com/pgvector/pgvector/blob/v0.5.1/Dockerfile (ankane/pgvector: the same image under its old name)
    repositories: ['postgres', 'pgvector/pgvector', 'postgis/postgis', 'ankane/pgvector'],
    name: 'Postgres',
    user: 'root',
    dropsPrivileges: true,
    healthcheck: false,
    volumes: ['/var/lib/postgresql/data'],
    tools: { shell: true, bash: true },
    probe: { test: ['CMD-SHELL', 'pg_isready -h 127.0.0.1 -U $${POSTGRES_USER:-postgres}'], what: 'pg_isready' },
    nonHttpPorts: [5432],
    sources: ['https://github.com/docker-library/postgres', 'https://github.com/pgvector/pgvector/blob/master/Dockerfile', DOCKER_LIBRARY_NOTE],
  },
  {
    // https://github.com/docker-library/redis/blob/master/7.4/debian/Dockerfile (VOLUME /data, gosu redis)
    repositories: ['redis'],
    name: 'Redis',
    user: 'root',
    dropsPrivileges: true,
    healthcheck: false,
    volumes: ['/data'],
    tools: { shell: true },
    probe: { test: ['CMD', 'redis-cli', '-h', '127.0.0.1', 'ping'], what: 'redis-cli ping' },
    nonHttpPorts: [6379],
    sources: ['https://github.com/docker-library/redis', DOCKER_LIBRARY_NOTE],
  },
  {
    // https://github.com/valkey-io/valkey-container/blob/mainline/Dockerfile.template (VOLUME /data, gosu valkey)
    repositories: ['valkey/valkey', 'valkey'],
    name: 'Valkey',
    user: 'root',
    dropsPrivileges: true,
    healthcheck: false,
    volumes: ['/data'],
    tools: { shell: true },
    probe: { test: ['CMD', 'valkey-cli', '-h', '127.0.0.1', 'ping'], what: 'valkey-cli ping' },
    nonHttpPorts: [6379],
    sources: ['https://github.com/valkey-io/valkey-container'],
  },
  {
    // https://github.com/docker-library/mongo/blob/master/7.0/Dockerfile (VOLUME /data/db /data/configdb, gosu mongodb; mongosh since 6.0)
    repositories: ['mongo'],
    name: 'MongoDB',
    user: 'root',
    dropsPrivileges: true,
    healthcheck: false,
    volumes: ['/data/db', '/data/configdb'],
    tools: { shell: true, bash: true },
    probe: { test: ['CMD', 'mongosh', '--quiet', '--eval', "db.adminCommand('ping')"], what: 'mongosh ping' },
    nonHttpPorts: [27017],
    sources: ['https://github.com/docker-library/mongo', DOCKER_LIBRARY_NOTE],
  },
  {
    // https://github.com/docker-library/mysql/blob/master/8.4/Dockerfile.oracle (VOLUME /var/lib/mysql, gosu mysql)
    repositories: ['mysql'],
    name: 'MySQL',
    user: 'root',
    dropsPrivileges: true,
    healthcheck: false,
    volumes: ['/var/lib/mysql'],
    tools: { shell: true, bash: true },
    probe: { test: ['CMD', 'mysqladmin', 'ping', '-h', '127.0.0.1'], what: 'mysqladmin ping' },
    nonHttpPorts: [3306, 33060],
    sources: ['https://github.com/docker-library/mysql', DOCKER_LIBRARY_NOTE],
  },
  {
    // https://github.com/MariaDB/mariadb-docker/blob/master/11.4/Dockerfile (VOLUME /var/lib/mysql, ships healthcheck.sh)
    // https://mariadb.com/kb/en/using-healthcheck-sh/
    repositories: ['mariadb'],
    name: 'MariaDB',
    user: 'root',
    dropsPrivileges: true,
    healthcheck: false,
    volumes: ['/var/lib/mysql'],
    tools: { shell: true, bash: true },
    probe: { test: ['CMD', 'healthcheck.sh', '--connect', '--innodb_initialized'], what: 'healthcheck.sh --connect --innodb_initialized' },
    nonHttpPorts: [3306],
    sources: ['https://github.com/MariaDB/mariadb-docker', 'https://mariadb.com/kb/en/using-healthcheck-sh/'],
  },
  {
    // https://github.com/qdrant/qdrant/blob/master/Dockerfile (debian slim, ca-certificates/tzdata only: no curl or wget; USER_ID build arg defaults to 0)
    // https://qdrant.tech/documentation/guides/monitoring/#kubernetes-health-endpoints (/healthz, /livez, /readyz)
    repositories: ['qdrant/qdrant'],
    name: 'Qdrant',
    user: 'root',
    healthcheck: false,
    tools: { curl: false, wget: false, shell: true, bash: true },
    probe: { test: ['CMD-SHELL', "bash -c ':> /dev/tcp/127.0.0.1/6333' || exit 1"], what: 'TCP connect to 6333 with bash (the image has no curl or wget)', start_period: '10s' },
    nonHttpPorts: [6334],
    sources: ['https://github.com/qdrant/qdrant/blob/master/Dockerfile', 'https://qdrant.tech/documentation/guides/monitoring/'],
  },
  {
    // https://github.com/weaviate/weaviate/blob/main/Dockerfile (alpine: busybox wget; no USER)
    // https://weaviate.io/developers/weaviate/config-refs/status (/v1/.well-known/ready)
    repositories: ['semitechnologies/weaviate', 'cr.weaviate.io/semitechnologies/weaviate'],
    name: 'Weaviate',
    user: 'root',
    healthcheck: false,
    tools: { wget: true, shell: true },
    probe: { test: ['CMD-SHELL', 'wget -q --spider http://127.0.0.1:8080/v1/.well-known/ready || exit 1'], what: 'GET /v1/.well-known/ready' },
    nonHttpPorts: [50051],
    sources: ['https://github.com/weaviate/weaviate/blob/main/Dockerfile', 'https://weaviate.io/developers/weaviate/config-refs/status'],
  },
  {
    // https://milvus.io/docs/install_standalone-docker-compose.md (healthcheck: curl -f http://localhost:9091/healthz)
    repositories: ['milvusdb/milvus'],
    name: 'Milvus',
    user: 'root',
    healthcheck: false,
    tools: { curl: true, shell: true },
    probe: { test: ['CMD', 'curl', '-f', 'http://127.0.0.1:9091/healthz'], what: 'GET :9091/healthz', start_period: '90s' },
    nonHttpPorts: [19530],
    sources: ['https://github.com/milvus-io/milvus/blob/master/deployments/docker/standalone/docker-compose.yml', 'https://milvus.io/docs/install_standalone-docker-compose.md'],
  },
  {
    // https://github.com/chroma-core/chroma/blob/main/Dockerfile (python slim, no USER; /api/v2/heartbeat since 1.0, /api/v1 before)
    repositories: ['chromadb/chroma'],
    name: 'Chroma',
    user: 'root',
    healthcheck: false,
    sources: ['https://github.com/chroma-core/chroma/blob/main/Dockerfile', 'https://docs.trychroma.com/production/containers/docker'],
  },
  {
    // https://github.com/neo4j/docker-neo4j (VOLUME /data /logs; entrypoint drops to neo4j via gosu/su-exec)
    repositories: ['neo4j'],
    name: 'Neo4j',
    user: 'root',
    dropsPrivileges: true,
    healthcheck: false,
    volumes: ['/data', '/logs'],
    nonHttpPorts: [7687],
    sources: ['https://github.com/neo4j/docker-neo4j', DOCKER_LIBRARY_NOTE],
  },
  {
    // https://github.com/elastic/elasticsearch/blob/main/distribution/docker/src/docker/Dockerfile (USER 1000:0, curl installed)
    repositories: ['elasticsearch', 'elasticsearch/elasticsearch'],
    name: 'Elasticsearch',
    user: '1000',
    healthcheck: false,
    tools: { curl: true, shell: true, bash: true },
    nonHttpPorts: [9300],
    sources: ['https://github.com/elastic/elasticsearch/blob/main/distribution/docker/src/docker/Dockerfile'],
  },
  {
    // https://github.com/opensearch-project/opensearch-build/blob/main/docker/release/dockerfiles/opensearch.al2.dockerfile (USER 1000, curl present)
    repositories: ['opensearchproject/opensearch'],
    name: 'OpenSearch',
    user: '1000',
    healthcheck: false,
    tools: { curl: true, shell: true, bash: true },
    nonHttpPorts: [9300, 9600],
    sources: ['https://github.com/opensearch-project/opensearch-build/blob/main/docker/release/dockerfiles/opensearch.al2.dockerfile'],
  },
  {
    // https://github.com/ClickHouse/ClickHouse/blob/master/docker/server/Dockerfile.ubuntu (VOLUME /var/lib/clickhouse, entrypoint drops to clickhouse; wget installed)
    // https://clickhouse.com/docs/en/interfaces/http (GET /ping)
    repositories: ['clickhouse/clickhouse-server', 'yandex/clickhouse-server', 'clickhouse'],
    name: 'ClickHouse',
    user: 'root',
    dropsPrivileges: true,
    healthcheck: false,
    volumes: ['/var/lib/clickhouse'],
    tools: { wget: true, shell: true, bash: true },
    probe: { test: ['CMD-SHELL', 'wget -q --spider http://127.0.0.1:8123/ping || exit 1'], what: 'GET :8123/ping' },
    nonHttpPorts: [9000, 9009],
    sources: ['https://github.com/ClickHouse/ClickHouse/blob/master/docker/server/Dockerfile.ubuntu', 'https://clickhouse.com/docs/en/interfaces/http'],
  },
  {
    // https://github.com/minio/minio/blob/master/Dockerfile.release (ubi-micro: no USER, VOLUME /data, no curl; ships mc)
    // https://min.io/docs/minio/linux/operations/monitoring/healthcheck-probe.html
    repositories: ['minio/minio', 'quay.io/minio/minio'],
    name: 'MinIO',
    user: 'root',
    healthcheck: false,
    volumes: ['/data'],
    tools: { curl: false },
    probe: { test: ['CMD', 'mc', 'ready', 'local'], what: 'mc ready local' },
    sources: ['https://github.com/minio/minio/blob/master/Dockerfile.release', 'https://min.io/docs/minio/linux/operations/monitoring/healthcheck-probe.html'],
  },
  {
    // https://github.com/nats-io/nats-docker/blob/main/2.10.x/scratch/Dockerfile (FROM scratch: no shell, no tools)
    // https://docs.nats.io/running-a-nats-service/nats_admin/monitoring#health (/healthz on the monitoring port 8222)
    repositories: ['nats'],
    name: 'NATS',
    healthcheck: false,
    tools: { curl: false, wget: false, shell: false },
    nonHttpPorts: [4222, 6222],
    sources: ['https://github.com/nats-io/nats-docker', 'https://docs.nats.io/running-a-nats-service/nats_admin/monitoring'],
  },
  {
    // https://github.com/docker-library/rabbitmq/blob/master/4.0/ubuntu/Dockerfile (VOLUME /var/lib/rabbitmq, gosu rabbitmq)
    // https://www.rabbitmq.com/docs/monitoring#health-checks
    repositories: ['rabbitmq'],
    name: 'RabbitMQ',
    user: 'root',
    dropsPrivileges: true,
    healthcheck: false,
    volumes: ['/var/lib/rabbitmq'],
    tools: { shell: true, bash: true },
    probe: { test: ['CMD', 'rabbitmq-diagnostics', '-q', 'ping'], what: 'rabbitmq-diagnostics ping', start_period: '30s' },
    nonHttpPorts: [5672, 4369, 25672],
    sources: ['https://github.com/docker-library/rabbitmq', 'https://www.rabbitmq.com/docs/monitoring#health-checks'],
  },
  {
    // https://github.com/ollama/ollama/blob/main/Dockerfile (ubuntu base, no USER, no curl or wget)
    repositories: ['ollama/ollama'],
    name: 'Ollama',
    user: 'root',
    healthcheck: false,
    tools: { curl: false, wget: false, shell: true, bash: true },
    probe: { test: ['CMD', 'ollama', 'list'], what: 'ollama list', start_period: '20s' },
    sources: ['https://github.com/ollama/ollama/blob/main/Dockerfile'],
  },
  {
    // https://github.com/vllm-project/vllm/blob/main/docker/Dockerfile (vllm-openai target: no USER, python present)
    // https://docs.vllm.ai/en/latest/serving/openai_compatible_server.html (GET /health on 8000)
    repositories: ['vllm/vllm-openai'],
    name: 'vLLM',
    user: 'root',
    healthcheck: false,
    tools: { python: true, shell: true, bash: true },
    probe: { test: ['CMD', 'python3', '-c', "import urllib.request; urllib.request.urlopen('http://127.0.0.1:8000/health', timeout=4)"], what: 'GET :8000/health', start_period: '300s' },
    sources: ['https://github.com/vllm-project/vllm/blob/main/docker/Dockerfile', 'https://docs.vllm.ai/en/latest/serving/openai_compatible_server.html'],
  },
  {
    // https://github.com/huggingface/text-generation-inference/blob/main/Dockerfile (no USER; conda python in /opt/conda; router serves GET /health on 80)
    // https://huggingface.github.io/text-generation-inference/ (GET /health: 200 once the model is loaded and healthy, 503 otherwise)
    repositories: ['huggingface/text-generation-inference'],
    name: 'Text Generation Inference',
    user: 'root',
    healthcheck: false,
    tools: { python: true, shell: true, bash: true },
    sources: ['https://github.com/huggingface/text-generation-inference/blob/main/Dockerfile', 'https://huggingface.github.io/text-generation-inference/'],
  },
  {
    // https://github.com/huggingface/text-embeddings-inference/blob/main/Dockerfile (final stage FROM debian:bookworm-slim with
    // libomp-dev, ca-certificates, libssl-dev only: no curl, wget or python; no USER; PORT=80; GET /health).
    // The router loads the model before it binds the port, so a TCP connect (bash /dev/tcp) means loaded.
    repositories: ['huggingface/text-embeddings-inference'],
    name: 'Text Embeddings Inference',
    user: 'root',
    healthcheck: false,
    tools: { curl: false, wget: false, python: false, shell: true, bash: true },
    sources: ['https://github.com/huggingface/text-embeddings-inference/blob/main/Dockerfile'],
  },
  {
    // https://github.com/prometheus/prometheus/blob/main/Dockerfile (busybox base, USER nobody, VOLUME /prometheus)
    // https://prometheus.io/docs/prometheus/latest/management_api/ (GET /-/ready)
    repositories: ['prom/prometheus', 'quay.io/prometheus/prometheus'],
    name: 'Prometheus',
    user: 'nobody',
    healthcheck: false,
    volumes: ['/prometheus'],
    tools: { wget: true, shell: true },
    probe: { test: ['CMD', 'wget', '-q', '--spider', 'http://127.0.0.1:9090/-/ready'], what: 'GET :9090/-/ready' },
    sources: ['https://github.com/prometheus/prometheus/blob/main/Dockerfile', 'https://prometheus.io/docs/prometheus/latest/management_api/'],
  },
  {
    // https://github.com/grafana/grafana/blob/main/Dockerfile (USER "$GF_UID" = 472, alpine base with curl)
    // https://grafana.com/docs/grafana/latest/developers/http_api/other/#health-api (GET /api/health)
    repositories: ['grafana/grafana', 'grafana/grafana-oss', 'grafana/grafana-enterprise'],
    name: 'Grafana',
    user: '472',
    healthcheck: false,
    tools: { shell: true, wget: true },
    probe: { test: ['CMD-SHELL', 'wget -q --spider http://127.0.0.1:3000/api/health || exit 1'], what: 'GET :3000/api/health' },
    sources: ['https://github.com/grafana/grafana/blob/main/Dockerfile', 'https://grafana.com/docs/grafana/latest/developers/http_api/other/#health-api'],
  },
  {
    // https://github.com/nginxinc/docker-nginx/blob/master/mainline/debian/Dockerfile (master process root, workers nginx; curl installed)
    repositories: ['nginx'],
    name: 'nginx',
    user: 'root',
    healthcheck: false,
    tools: { curl: true, shell: true },
    sources: ['https://github.com/nginxinc/docker-nginx', DOCKER_LIBRARY_NOTE],
  },
  {
    // https://github.com/traefik/traefik-library-image/blob/master/alpine/Dockerfile (no USER)
    // https://doc.traefik.io/traefik/operations/cli/#healthcheck (`traefik healthcheck --ping` needs ping enabled)
    repositories: ['traefik'],
    name: 'Traefik',
    user: 'root',
    healthcheck: false,
    sources: ['https://github.com/traefik/traefik-library-image', 'https://doc.traefik.io/traefik/operations/cli/#healthcheck'],
  },
  {
    // https://github.com/caddyserver/caddy-docker/blob/master/2.8/alpine/Dockerfile (VOLUME /config /data, no USER, busybox wget)
    repositories: ['caddy'],
    name: 'Caddy',
    user: 'root',
    healthcheck: false,
    volumes: ['/config', '/data'],
    tools: { wget: true, shell: true },
    sources: ['https://github.com/caddyserver/caddy-docker', DOCKER_LIBRARY_NOTE],
  },
  {
    // https://github.com/temporalio/docker-builds/blob/main/docker/server.Dockerfile (USER temporal)
    repositories: ['temporalio/auto-setup', 'temporalio/server'],
    name: 'Temporal',
    user: 'temporal',
    healthcheck: false,
    nonHttpPorts: [7233],
    sources: ['https://github.com/temporalio/docker-builds/blob/main/docker/server.Dockerfile'],
  },
  {
    // https://github.com/keycloak/keycloak/blob/main/quarkus/container/Dockerfile (ubi-micro, USER 1000, no curl or wget)
    // https://www.keycloak.org/observability/health (/health/ready on management port 9000 with KC_HEALTH_ENABLED=true)
    repositories: ['keycloak/keycloak', 'quay.io/keycloak/keycloak'],
    name: 'Keycloak',
    user: '1000',
    healthcheck: false,
    tools: { curl: false, wget: false, bash: true },
    sources: ['https://github.com/keycloak/keycloak/blob/main/quarkus/container/Dockerfile', 'https://www.keycloak.org/observability/health'],
  },
  {
    // https://github.com/open-webui/open-webui/blob/main/Dockerfile (HEALTHCHECK CMD curl --silent --fail http://localhost:${PORT:-8080}/health; UID build arg defaults to 0)
    repositories: ['open-webui/open-webui'],
    name: 'Open WebUI',
    user: 'root',
    healthcheck: true,
    tools: { curl: true, shell: true, bash: true, python: true },
    sources: ['https://github.com/open-webui/open-webui/blob/main/Dockerfile'],
  },
  {
    // https://github.com/mudler/LocalAI/blob/master/Dockerfile (HEALTHCHECK CMD curl -f ${HEALTHCHECK_ENDPOINT})
    repositories: ['go-skynet/local-ai', 'localai/localai', 'mudler/localai'],
    name: 'LocalAI',
    healthcheck: true,
    tools: { curl: true, shell: true, bash: true },
    sources: ['https://github.com/mudler/LocalAI/blob/master/Dockerfile'],
  },
  {
    // https://github.com/n8n-io/n8n/blob/master/docker/images/n8n/Dockerfile (USER node)
    repositories: ['n8nio/n8n'],
    name: 'n8n',
    user: 'node',
    healthcheck: false,
    sources: ['https://github.com/n8n-io/n8n/blob/master/docker/images/n8n/Dockerfile'],
  },
  {
    // https://github.com/FlowiseAI/Flowise/blob/main/docker/Dockerfile (USER node)
    repositories: ['flowiseai/flowise'],
    name: 'Flowise',
    user: 'node',
    sources: ['https://github.com/FlowiseAI/Flowise/blob/main/docker/Dockerfile'],
  },
  {
    // https://github.com/langfuse/langfuse/blob/main/web/Dockerfile (USER nextjs), https://github.com/langfuse/langfuse/blob/main/worker/Dockerfile (USER expressjs)
    repositories: ['langfuse/langfuse', 'langfuse/langfuse-worker'],
    name: 'Langfuse',
    user: 'nextjs',
    sources: ['https://github.com/langfuse/langfuse/blob/main/web/Dockerfile', 'https://github.com/langfuse/langfuse/blob/main/worker/Dockerfile'],
  },
  {
    // https://github.com/elastic/kibana/blob/main/src/dev/build/tasks/os_packages/docker_generator/templates/base/Dockerfile (USER 1000)
    // https://github.com/elastic/logstash/blob/main/docker/templates/Dockerfile.erb (USER 1000)
    repositories: ['kibana', 'kibana/kibana', 'logstash', 'logstash/logstash'],
    name: 'Elastic',
    user: '1000',
    sources: ['https://github.com/elastic/kibana/blob/main/src/dev/build/tasks/os_packages/docker_generator/templates/base/Dockerfile', 'https://github.com/elastic/logstash/blob/main/docker/templates/Dockerfile.erb'],
  },
  {
    // https://github.com/pgadmin-org/pgadmin4/blob/master/Dockerfile (USER 5050)
    repositories: ['dpage/pgadmin4'],
    name: 'pgAdmin',
    user: '5050',
    sources: ['https://github.com/pgadmin-org/pgadmin4/blob/master/Dockerfile'],
  },
  {
    // https://github.com/jaegertracing/jaeger/blob/main/cmd/jaeger/Dockerfile (USER ${USER_UID}, 10001)
    repositories: ['jaegertracing/jaeger', 'jaegertracing/all-in-one'],
    name: 'Jaeger',
    user: '10001',
    sources: ['https://github.com/jaegertracing/jaeger/blob/main/cmd/jaeger/Dockerfile'],
  },
  {
    // https://github.com/open-telemetry/opentelemetry-collector-releases/blob/main/distributions/otelcol-contrib/Dockerfile (USER 10001)
    repositories: ['otel/opentelemetry-collector-contrib', 'otel/opentelemetry-collector'],
    name: 'OpenTelemetry Collector',
    user: '10001',
    tools: { shell: false, curl: false, wget: false },
    sources: ['https://github.com/open-telemetry/opentelemetry-collector-releases/blob/main/distributions/otelcol-contrib/Dockerfile'],
  },
  {
    // https://github.com/mattermost/mattermost/blob/master/server/build/Dockerfile (USER mattermost; HEALTHCHECK CMD curl -f http://localhost:8065/api/v4/system/ping)
    repositories: ['mattermost/mattermost-team-edition', 'mattermost/mattermost-enterprise-edition'],
    name: 'Mattermost',
    user: 'mattermost',
    healthcheck: true,
    tools: { curl: true, shell: true },
    sources: ['https://github.com/mattermost/mattermost/blob/master/server/build/Dockerfile'],
  },
];

/** Image families that share a default: every image under the prefix. */
const FAMILIES: Array<[string, ImageFacts]> = [
  // https://docs.bitnami.com/tutorials/work-with-non-root-containers (Bitnami images run as 1001)
  ['bitnami/', { name: 'Bitnami', user: '1001', sources: ['https://docs.bitnami.com/tutorials/work-with-non-root-containers'] }],
  ['bitnamilegacy/', { name: 'Bitnami', user: '1001', sources: ['https://docs.bitnami.com/tutorials/work-with-non-root-containers'] }],
  // https://edu.chainguard.dev/chainguard/chainguard-images/overview/ (run as nonroot, uid 65532, by default)
  ['chainguard/', { name: 'Chainguard', user: '65532', sources: ['https://edu.chainguard.dev/chainguard/chainguard-images/overview/'] }],
];

const BY_REPOSITORY = new Map<string, ImageFacts>();
for (const e of ENTRIES) for (const r of e.repositories) BY_REPOSITORY.set(r, e);

/**
 * Facts for an image repository as `parseImage` returns it (registry host and `library/` stripped,
 * lower-case), or undefined for an image not in the table.
 */
export function imageFacts(repository: string, tag?: string): ImageFacts | undefined {
  const facts = BY_REPOSITORY.get(repository) ?? FAMILIES.find(([prefix]) => repository.startsWith(prefix))?.[1];
  if (!facts) return undefined;
  // Postgres 18 images declare VOLUME /var/lib/postgresql (the data lives in <major>/docker below it).
  if (repository === 'postgres' || repository === 'pgvector/pgvector') {
    // postgres:18.1, pgvector/pgvector:0.8.1-pg18
    const major = Number((repository === 'postgres' ? tag?.match(/^(\d+)/) : tag?.match(/(?:^|-)pg(\d+)/))?.[1]);
    if (major >= 18) return { ...facts, volumes: ['/var/lib/postgresql'] };
  }
  // MinIO images moved to ubi-micro in RELEASE.2023-11-01T18-37-25Z: the releases before it still ship curl
  // (https://github.com/minio/minio/issues/18373: 2023-10-25 has curl, 2023-11-01 does not).
  if (repository === 'minio/minio' || repository === 'quay.io/minio/minio') {
    const date = tag?.match(/^RELEASE\.(\d{4}-\d{2}-\d{2})T/)?.[1];
    if (date && date < '2023-11-01') return { ...facts, tools: { ...facts.tools, curl: true } };
  }
  return facts;
}

/** True when `user` (a USER value or compose `user:`) names root. */
export function isRootUser(user: string): boolean {
  return /^(root|0)(:.*)?$/i.test(user.trim());
}
