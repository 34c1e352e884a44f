/**
 * Stand-in base images for the pinned names (no registry is reachable here), kept under the
 * project namespace (ai-stack-test/stand-in-*) and removed after the suite: a busybox rootfs
 * imported with `docker import`, plus stub npm/pnpm/yarn/npx/node/pip/python/uv/poetry/gunicorn
 * scripts that create the files the real tools would (node_modules, .next/standalone, /install…)
 * and servers (busybox httpd) that answer the health path, so the generated Dockerfiles build and
 * their HEALTHCHECK runs for real.
 */
import { execFileSync, spawnSync } from 'node:child_process';
import { chmodSync, mkdirSync, mkdtempSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';

export function docker(args: string[], input?: string): { code: number; out: string; err: string } {
  const r = spawnSync('docker', args, { encoding: 'utf8', input, maxBuffer: 64 * 1024 * 1024, env: { ...process.env, DOCKER_BUILDKIT: '0' } });
  return { code: r.status ?? 1, out: r.stdout ?? '', err: (r.stderr ?? '') + (r.error ? String(r.error) : '') };
}

export function engineAvailable(): boolean {
  return docker(['info', '--format', '{{.ServerVersion}}']).code === 0;
}

const SERVE = `#!/bin/sh
# serve /srv/www (which has /health) on the port given as $1
exec httpd -f -p "0.0.0.0:$1" -h /srv/www
`;

const BUILD = `#!/bin/sh
# what "npm run build" leaves behind: Next standalone output or dist/
if ls next.config.* >/dev/null 2>&1; then
  mkdir -p .next/standalone .next/static && echo 'stub next server' > .next/standalone/server.js
else
  mkdir -p dist && echo 'stub build' > dist/index.js
fi
`;

const NODE_PM = `#!/bin/sh
echo "stub $(basename $0) $*" >&2
for a in "$@"; do
  case "$a" in
    ci|install|i) mkdir -p node_modules/.stub && touch node_modules/.stub/installed; exit 0 ;;
    build) exec /usr/local/bin/stub-build ;;
    prune) exit 0 ;;
  esac
done
# bare "yarn" installs
mkdir -p node_modules/.stub
`;

const NODE = `#!/bin/sh
# node <script>: the script must have been copied in; then answer HTTP on $PORT
for a in "$@"; do case "$a" in -*) ;; *) [ -f "$a" ] || { echo "node stub: missing $a" >&2; exit 1; }; break ;; esac; done
exec /usr/local/bin/stub-serve "\${PORT:-3000}"
`;

const NPX = `#!/bin/sh
echo "stub npx $*" >&2
[ "$1" = prisma ] && [ "$2" = generate ] && { [ -f prisma/schema.prisma ] || exit 1; mkdir -p node_modules/.prisma/client; }
exit 0
`;

const PIP = `#!/bin/sh
echo "stub pip $*" >&2
prefix=""
req=""
prev=""
for a in "$@"; do
  case "$a" in --prefix=*) prefix="\${a#--prefix=}" ;; esac
  [ "$prev" = "-r" ] && req="$a"
  prev="$a"
done
[ -n "$req" ] && { [ -f "$req" ] || { echo "pip stub: missing $req" >&2; exit 1; }; }
if [ -n "$prefix" ]; then
  mkdir -p "$prefix/bin" "$prefix/lib/python3.12/site-packages"
  cp /usr/local/bin/stub-gunicorn "$prefix/bin/gunicorn"
fi
exit 0
`;

const GUNICORN = `#!/bin/sh
# gunicorn <module:app> --bind host:port ...: the module file must exist under /app
mod="\${1%%:*}"
f="/app/$(echo "$mod" | tr . /)"
[ -f "$f.py" ] || [ -f "$f/__init__.py" ] || { echo "gunicorn stub: no module $mod" >&2; exit 1; }
port=8000
prev=""
for a in "$@"; do [ "$prev" = "--bind" ] && port="\${a##*:}"; prev="$a"; done
exec /usr/local/bin/stub-serve "$port"
`;

const PYTHON = `#!/bin/sh
case "$*" in
  *urllib.request*) url=$(echo "$*" | sed -n "s/.*urlopen('\\([^']*\\)'.*/\\1/p"); exec wget -qO- "$url" ;;
  *tomllib*) echo "fastapi" > requirements.txt ;;
  *compileall*) ;;
esac
exit 0
`;

const EXPORT = `#!/bin/sh
# uv export / poetry export -o requirements.txt
echo "stub $(basename $0) $*" >&2
case "$*" in *export*) echo "fastapi==0.115.6" > requirements.txt ;; esac
exit 0
`;

/** This host's busybox has no addgroup/adduser applets: minimal stand-ins that edit /etc/group and /etc/passwd. */
const ADDGROUP = `#!/bin/sh
# addgroup [-S] -g GID name
gid=""; prev=""; for a in "$@"; do [ "$prev" = "-g" ] && gid="$a"; prev="$a"; name="$a"; done
echo "$name:x:$gid:" >> /etc/group
`;

const ADDUSER = `#!/bin/sh
# adduser [-S -D -H] -u UID -G group -h home name
uid=""; group=""; home=/; prev=""
for a in "$@"; do
  [ "$prev" = "-u" ] && uid="$a"; [ "$prev" = "-G" ] && group="$a"; [ "$prev" = "-h" ] && home="$a"
  prev="$a"; name="$a"
done
gid=$(grep "^$group:" /etc/group | cut -d: -f3)
[ -n "$gid" ] || { echo "adduser stub: no group $group" >&2; exit 1; }
echo "$name:x:$uid:$gid::$home:/bin/sh" >> /etc/passwd
`;

const GROUPADD = `#!/bin/sh
# groupadd --system --gid N name
gid=""; prev=""; for a in "$@"; do [ "$prev" = "--gid" ] && gid="$a"; prev="$a"; name="$a"; done
exec addgroup -S -g "$gid" "$name"
`;

const USERADD = `#!/bin/sh
# useradd --system --uid N --gid G --home-dir D --no-create-home name
uid=""; gid=""; home=/; prev=""
for a in "$@"; do
  [ "$prev" = "--uid" ] && uid="$a"; [ "$prev" = "--gid" ] && gid="$a"; [ "$prev" = "--home-dir" ] && home="$a"
  prev="$a"; name="$a"
done
exec adduser -S -D -H -u "$uid" -G "$gid" -h "$home" "$name"
`;

function rootfs(kind: 'node' | 'python'): string {
  const root = mkdtempSync(path.join(os.tmpdir(), 'aistack-test-rootfs-'));
  for (const d of ['bin', 'sbin', 'usr/bin', 'usr/sbin', 'usr/local/bin', 'tmp', 'etc', 'root', 'srv/www']) mkdirSync(path.join(root, d), { recursive: true });
  execFileSync('cp', ['/bin/busybox', path.join(root, 'bin/busybox')]);
  const applets = execFileSync('/bin/busybox', ['--list'], { encoding: 'utf8' }).split('\n').filter(Boolean);
  for (const a of applets) if (a !== 'busybox') symlinkSync('/bin/busybox', path.join(root, 'bin', a));
  writeFileSync(path.join(root, 'etc/passwd'), 'root:x:0:0:root:/root:/bin/sh\n');
  writeFileSync(path.join(root, 'etc/group'), 'root:x:0:\n');
  writeFileSync(path.join(root, 'srv/www/health'), 'ok\n');
  chmodSync(path.join(root, 'tmp'), 0o1777);
  const bin = (name: string, text: string) => {
    writeFileSync(path.join(root, 'usr/local/bin', name), text);
    chmodSync(path.join(root, 'usr/local/bin', name), 0o755);
  };
  bin('stub-serve', SERVE);
  if (!applets.includes('addgroup')) bin('addgroup', ADDGROUP);
  if (!applets.includes('adduser')) bin('adduser', ADDUSER);
  if (kind === 'node') {
    bin('stub-build', BUILD);
    for (const pm of ['npm', 'pnpm', 'yarn']) bin(pm, NODE_PM);
    bin('corepack', '#!/bin/sh\nexit 0\n');
    bin('npx', NPX);
    bin('node', NODE);
    bin('apk', '#!/bin/sh\necho "stub apk $*" >&2\n');
  } else {
    bin('pip', PIP);
    bin('stub-gunicorn', GUNICORN);
    bin('python', PYTHON);
    bin('uv', EXPORT);
    bin('poetry', EXPORT);
    bin('groupadd', GROUPADD);
    bin('useradd', USERADD);
  }
  return root;
}

/**
 * The stand-in for an upstream base image, under the project namespace: never tagged with the
 * upstream name, so a later `docker build` on this machine can never pick a busybox "python".
 */
export function standInName(upstream: string): string {
  const kind = upstream.startsWith('python') ? 'python' : 'node';
  return `ai-stack-test/stand-in-${kind}:${upstream.replace(/[^A-Za-z0-9_.-]/g, '-')}`;
}

/** Imports the stand-in for `upstream` (see standInName) unless it exists already; returns its name. */
export function ensureStandIn(upstream: string): string {
  const name = standInName(upstream);
  if (docker(['image', 'inspect', name]).code === 0) return name;
  const root = rootfs(upstream.startsWith('python') ? 'python' : 'node');
  try {
    const tar = spawnSync('tar', ['-C', root, '-c', '.'], { maxBuffer: 64 * 1024 * 1024 });
    const r = spawnSync('docker', ['import', '-c', 'ENV PATH=/usr/local/bin:/usr/bin:/bin:/usr/sbin:/sbin', '-c', 'LABEL ai-stack-test=stand-in', '-', name], { input: tar.stdout });
    if (r.status !== 0) throw new Error(`docker import ${name} failed: ${r.stderr}`);
  } finally {
    rmSync(root, { recursive: true, force: true });
  }
  return name;
}

/** Removes every stand-in this suite imported (and anything else labelled as one). */
export function removeStandIns(): void {
  // By name, one at a time: an ID shared by two tags, or one still held by a build container that is
  // being removed, made a single `rmi -f ID…` leave a stand-in behind.
  const refs = docker(['images', '--filter', 'label=ai-stack-test=stand-in', '--format', '{{.Repository}}:{{.Tag}}']).out.split('\n').filter((r) => r && !r.includes('<none>'));
  for (const ref of new Set(refs)) docker(['rmi', '-f', ref]);
  const left = docker(['images', '-q', '--filter', 'label=ai-stack-test=stand-in']).out.split('\n').filter(Boolean);
  for (const id of new Set(left)) docker(['rmi', '-f', id]);
}

/**
 * The generated Dockerfile with each pinned base image mapped explicitly to its stand-in: only the
 * image reference of a `FROM` line changes; the test builds what the generator wrote otherwise.
 */
export function withStandIns(dockerfile: string, upstreams: readonly string[]): string {
  return dockerfile.replace(/^(FROM\s+(?:--platform=\S+\s+)?)(\S+)/gm, (line, from: string, image: string) => (upstreams.includes(image) ? from + standInName(image) : line));
}
