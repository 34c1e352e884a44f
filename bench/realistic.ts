/**
 * Realistic generated compose files for the benchmarks: unlike `generate.ts` (clean services, few
 * findings), each service looks like what real stacks carry — about 45 lines, an `environment` with
 * URLs that embed passwords, literal API tokens and `${VAR:-default}` references, labels,
 * healthchecks in several forms, ports with and without host IPs, volumes, anchors and merge keys —
 * and draws about 8 findings. Deterministic: a seeded PRNG, so the same size gives the same text.
 */

/** mulberry32: small, fast, deterministic. */
export function rng(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

const HEADER = `# Realistic benchmark stack: services with the settings (and mistakes) real files carry.
name: realistic

x-logging: &logging
  driver: json-file
  options:
    max-size: 10m
    max-file: "3"

x-common-env: &common-env
  TZ: Europe/Berlin
  LOG_FORMAT: json
  OTEL_EXPORTER_OTLP_ENDPOINT: \${OTEL_ENDPOINT:-http://otel-collector:4317}
  SENTRY_DSN: \${SENTRY_DSN:-}
  HTTP_PROXY: \${HTTP_PROXY:-}
  NO_PROXY: localhost,127.0.0.1,.internal

x-base: &base
  restart: unless-stopped
  logging: *logging
  read_only: true
  pids_limit: 256
  cap_drop: [ALL]
  security_opt:
    - no-new-privileges:true
  networks:
    - backend

x-healthcheck-http: &hc-http
  test: ["CMD-SHELL", "curl -fsS http://localhost:8080/healthz || exit 1"]
  interval: 15s
  timeout: 3s
  retries: 3

services:
`;

const IMAGES = ['python:3.12-slim', 'node:20', 'ghcr.io/acme/api:1.4.2', 'nginx', 'bitnami/kafka:3.6', 'grafana/grafana:10.2.3', 'ollama/ollama', 'mcr.microsoft.com/dotnet/aspnet:8.0'];
const DB_IMAGES = ['postgres:16', 'redis:7', 'mongo:7.0', 'mysql:8.4', 'qdrant/qdrant:v1.9.0'];
const WORDS = ['alpha', 'bravo', 'charlie', 'delta', 'echo', 'foxtrot', 'golf', 'hotel', 'india', 'juliet', 'kilo', 'lima'];

function token(r: () => number, n: number): string {
  const abc = 'abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789';
  let s = '';
  for (let i = 0; i < n; i++) s += abc[Math.floor(r() * abc.length)];
  return s;
}

function pick<T>(r: () => number, list: readonly T[]): T {
  return list[Math.floor(r() * list.length)];
}

function healthcheck(r: () => number, i: number): string[] {
  switch (i % 5) {
    case 0:
      return ['    healthcheck:', '      <<: *hc-http'];
    case 1:
      return ['    healthcheck:', `      test: ["CMD", "wget", "-qO-", "http://0.0.0.0:${8000 + (i % 100)}/health"]`, '      interval: 30s', '      retries: 5'];
    case 2:
      return ['    healthcheck:', `      test: curl -f http://localhost:${8000 + (i % 100)}/ready || exit 1`, '      start_period: 20s'];
    case 3:
      return ['    healthcheck:', '      test: ["CMD-SHELL", "pg_isready -U app -h 127.0.0.1"]', '      interval: 5s', '      timeout: 2s'];
    default:
      return r() < 0.5 ? ['    healthcheck:', '      disable: true'] : [];
  }
}

function ports(r: () => number, i: number): string[] {
  const p = 20000 + i * 3;
  const out = ['    ports:'];
  out.push(`      - "127.0.0.1:${p}:8080"`);
  if (i % 2 === 0) out.push(`      - ${p + 1}:9090`); // unquoted, no host IP: published on every interface
  if (i % 3 === 0) out.push(`      - "0.0.0.0:${p + 2}:5432"`);
  if (r() < 0.3) out.push('      - target: 8443', `        published: ${40000 + i}`, '        protocol: tcp', '        mode: host');
  return out;
}

function service(r: () => number, i: number, services: number): string {
  const name = `svc-${i}`;
  const db = i % 4 === 3;
  const image = db ? pick(r, DB_IMAGES) : pick(r, IMAGES);
  const word = pick(r, WORDS);
  const other = `svc-${(i * 7 + 3) % services}`;
  const lines: string[] = [`  ${name}:`, '    <<: *base', `    image: ${image}`, `    container_name: ${word}-${i}`];
  if (i % 3 === 1) lines.push('    privileged: false', '    user: "1000:1000"');
  lines.push('    environment:');
  if (i % 6 === 5) {
    // list form
    lines.push(
      `      - DATABASE_URL=postgresql://app:${token(r, 12)}@${other}:5432/app_${i}`,
      `      - API_TOKEN=${token(r, 32)}`,
      `      - PORT=\${PORT_${i}:-${8000 + (i % 100)}}`,
      `      - FEATURE_${word.toUpperCase()}=true`,
      `      - WORKERS=\${WORKERS:-4}`,
    );
  } else {
    lines.push(
      '      <<: *common-env',
      `      DATABASE_URL: postgres://app:${token(r, 14)}@${other}:5432/app_${i}`,
      `      REDIS_URL: redis://:\${REDIS_PASSWORD:?REDIS_PASSWORD must be set}@cache-${i % 10}:6379/0`,
      `      OPENAI_API_KEY: sk-${token(r, 40)}`,
      `      SECRET_KEY: "\${SECRET_KEY_${i}:?set SECRET_KEY_${i}}"`,
      `      CACHE_TTL: "${60 * (1 + (i % 5))}"`,
      `      APP_PORT: \${APP_PORT_${i}:-${8000 + (i % 100)}}`,
      `      UPSTREAM_URL: http://${other}:8080/api`,
      `      LOG_LEVEL: \${LOG_LEVEL:-info}`,
      `      MODEL_NAME: ${word}-7b`,
    );
  }
  lines.push('    labels:', `      com.acme.team: ${word}`, `      com.acme.service: ${name}`, `      traefik.http.routers.${name}.rule: Host(\`${name}.example.com\`)`);
  lines.push(...ports(r, i));
  lines.push('    volumes:', `      - ./data/${name}:/var/lib/${name}`);
  if (i % 4 === 0) lines.push('      - /var/run/docker.sock:/var/run/docker.sock');
  if (db) lines.push(`      - ${name}-data:/data`);
  else lines.push(`      - type: bind`, `        source: ./config/${name}.yaml`, `        target: /etc/${name}/config.yaml`, '        read_only: true');
  lines.push(...healthcheck(r, i));
  lines.push('    depends_on:', `      - ${other}`);
  if (i % 3 === 0) lines.push(`    command: ["--port", "8080", "--workers", "\${WORKERS:-2}", "--password", "${token(r, 10)}"]`);
  else if (i % 3 === 1) lines.push(`    command: serve --listen 0.0.0.0:8080 --token-file /run/secrets/token`);
  else lines.push('    command:', '      - serve', '      - --listen', '      - 0.0.0.0:8080');
  if (i % 5 !== 0) lines.push('    deploy:', '      resources:', '        limits:', `          memory: ${256 * (1 + (i % 4))}M`, ...(i % 2 ? [`          cpus: "${0.5 * (1 + (i % 3))}"`] : []));
  if (i % 5 === 2) lines.push('    cap_add:', '      - NET_ADMIN');
  lines.push('    stop_grace_period: 30s', '    tmpfs:', '      - /tmp');
  return lines.join('\n') + '\n';
}

/** A realistic compose file with `services` services; `seed` varies the secrets and picks. */
export function generateRealistic(services: number, seed = 42): string {
  const r = rng(seed);
  const parts = [HEADER];
  const volumes: string[] = [];
  for (let i = 0; i < services; i++) {
    parts.push(service(r, i, services));
    if (i % 4 === 3) volumes.push(`  svc-${i}-data:\n`);
  }
  parts.push('\nnetworks:\n  backend:\n\nvolumes:\n', ...volumes);
  return parts.join('');
}

/**
 * The `n`-th keystroke of a session: types (or deletes) one character in the value of one service's
 * `environment` entry (`MODEL_NAME`, or `FEATURE_…` in list form), walking through the services.
 */
export function editRealistic(text: string, n: number): string {
  const matches = [...text.matchAll(/^ {6}(MODEL_NAME: [a-z]+-7b|- FEATURE_[A-Z]+=true)(x*)$/gm)];
  if (matches.length === 0) return text;
  const m = matches[(n * 7) % matches.length];
  const at = m.index! + m[0].length;
  // Grow to three x, then shrink again: every edit changes the model, and the text stays bounded.
  return m[2].length < 3 ? text.slice(0, at) + 'x' + text.slice(at) : text.slice(0, at - 3) + text.slice(at);
}

if (require.main === module) {
  process.stdout.write(generateRealistic(Number(process.argv[2] ?? 10)));
}
