/**
 * Generated compose files for the benchmarks: realistic AI-stack services (apps built from source,
 * workers, Postgres, Redis, Ollama with a GPU) sharing `x-` anchors through merge keys, with
 * comments, as real files do. Deterministic: the same size gives the same text.
 */

const HEADER = `# Generated benchmark stack: apps, workers, databases, caches and model servers.
name: bench

x-logging: &logging
  driver: json-file
  options:
    max-size: 10m
    max-file: "3"

x-hardening: &hardening
  read_only: true
  cap_drop: [ALL]
  security_opt: ["no-new-privileges:true"]
  pids_limit: 200
  restart: unless-stopped
  logging: *logging

x-app-env: &app-env
  LOG_LEVEL: info
  DATABASE_URL: postgresql://app:\${POSTGRES_PASSWORD:?POSTGRES_PASSWORD must be set}@db-0:5432/app
  REDIS_URL: redis://cache-0:6379/0
  OLLAMA_BASE_URL: http://llm-0:11434

x-app: &app
  <<: *hardening
  build:
    context: ./api
    dockerfile: Dockerfile
  user: "10001:10001"
  environment: *app-env
  tmpfs: [/tmp]
  networks: [backend]
  deploy:
    resources:
      limits: { cpus: "1.0", memory: 512M }

services:
`;

function app(i: number): string {
  return `  api-${i}: # HTTP API ${i}
    <<: *app
    command: ["uvicorn", "app.main:app", "--host", "0.0.0.0", "--port", "8000"]
    ports:
      - "127.0.0.1:${18000 + i}:8000"
    depends_on:
      db-${i - (i % 5)}: { condition: service_healthy }
      cache-${i - (i % 5) + 1}: { condition: service_healthy }
    healthcheck:
      test: ["CMD-SHELL", "wget -qO- http://127.0.0.1:8000/health || exit 1"]
      interval: 10s
      timeout: 5s
      retries: 5
      start_period: 30s
`;
}

function worker(i: number): string {
  return `  worker-${i}:
    <<: *app
    command: celery -A app.worker worker --loglevel=info --concurrency=2
    restart: on-failure
    environment:
      <<: *app-env
      WORKER_QUEUE: queue-${i}
      OPENAI_API_KEY: \${OPENAI_API_KEY:-}
    depends_on:
      - cache-${i - (i % 5) + 1}
`;
}

function db(i: number): string {
  return `  db-${i}:
    image: pgvector/pgvector:0.8.0-pg16
    <<: *hardening
    read_only: false
    environment:
      POSTGRES_USER: app
      POSTGRES_PASSWORD: \${POSTGRES_PASSWORD:?POSTGRES_PASSWORD must be set}
      POSTGRES_DB: app
    volumes:
      - db-${i}-data:/var/lib/postgresql/data
    networks: [backend]
    healthcheck:
      test: ["CMD-SHELL", "pg_isready -h 127.0.0.1 -U app"]
      interval: 5s
    deploy:
      resources:
        limits: { cpus: "2.0", memory: 1G }
`;
}

function cache(i: number): string {
  return `  cache-${i}:
    image: redis:7.4.1-alpine
    <<: *hardening
    command: ["redis-server", "--appendonly", "yes"]
    ports:
      - "6379" # container port only: bound to a random host port
    networks: [backend]
    healthcheck:
      test: ["CMD", "redis-cli", "-h", "127.0.0.1", "ping"]
`;
}

/** The `deploy` block of a service (at service-key indentation) that reserves every NVIDIA GPU of the host. */
export const GPU_RESERVATION = `    deploy:
      resources:
        reservations:
          devices:
            - driver: nvidia
              count: all
              capabilities: [gpu]
`;

function llm(i: number): string {
  return `  llm-${i}:
    image: ollama/ollama:latest # pinned later
    <<: *hardening
    environment:
      - OLLAMA_NUM_PARALLEL=2
      - OLLAMA_HOST=0.0.0.0
    volumes:
      - ./models:/root/.ollama
    networks: [backend]
${GPU_RESERVATION}`;
}

const KINDS = [db, cache, app, worker, llm];

/** A compose file with `services` services (rounded to whole groups of five kinds). */
export function generateCompose(services: number): string {
  const parts = [HEADER];
  const volumes: string[] = [];
  for (let i = 0; i < services; i++) {
    parts.push(KINDS[i % KINDS.length](i));
    if (i % KINDS.length === 0) volumes.push(`  db-${i}-data:\n`);
  }
  parts.push('\nnetworks:\n  backend:\n\nvolumes:\n', ...volumes);
  return parts.join('');
}

/** The `n`-th edit of a benchmark session: flips one service's restart policy (a real model change, not a comment). */
export function editCompose(text: string, n: number): string {
  const matches = [...text.matchAll(/^ {4}restart: (on-failure|always)$/gm)];
  if (matches.length === 0) return text.replace(/^( {2}restart: )unless-stopped$/m, '$1always');
  const m = matches[(n * 7) % matches.length];
  const next = m[1] === 'always' ? 'on-failure' : 'always';
  return text.slice(0, m.index!) + `    restart: ${next}` + text.slice(m.index! + m[0].length);
}

if (require.main === module) {
  process.stdout.write(generateCompose(Number(process.argv[2] ?? 10)));
}
