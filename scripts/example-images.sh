#!/usr/bin/env bash
# Builds the example AI stack's images (examples/stack) without any registry, cached by content:
#   ai-stack-example/base:<hash of example-base.sh>   Debian bookworm minbase + every package (one apt install)
#   ai-stack-example/api:1.0.0, :1.1.0                the FastAPI app of examples/api (gunicorn + uvicorn workers)
#   ai-stack-example/db:15.20.0                             PostgreSQL 15
#   ai-stack-example/redis:7.0.15                           Redis 7
#   ai-stack-example/proxy:nginx-1.22.1                  nginx
#   ai-stack-example/model-standin:1.0.0                   a stand-in for Ollama's /api/tags and /api/version
# All app images are one container's files (base + examples/ files) committed with different
# CMD/ENV/USER. They are rebuilt only when example-base.sh, this script or the files they copy
# change (label ai-stack-example.hash). Cold: one debootstrap + apt install (several minutes).
set -euo pipefail
cd "$(dirname "$0")/.."
base_hash=$(sha256sum scripts/example-base.sh | cut -c1-12)
base=ai-stack-example/base:$base_hash
inputs=(scripts/example-images.sh scripts/example-base.sh examples/api/app/__init__.py examples/api/app/main.py
  examples/api/alembic.ini examples/api/alembic/env.py examples/stack/images/db-start.sh
  examples/stack/images/model_standin.py examples/stack/images/nginx.conf)
inputs+=(examples/stack/alembic/versions/*.py)
hash=$(cat "${inputs[@]}" | sha256sum | cut -c1-16)
IMAGES=(api:1.0.0 api:1.1.0 db:15.20.0 redis:7.0.15 proxy:nginx-1.22.1 model-standin:1.0.0)
fresh=1
for i in "${IMAGES[@]}"; do
  got=$(docker image inspect -f '{{ index .Config.Labels "ai-stack-example.hash" }}' "ai-stack-example/$i" 2>/dev/null || true)
  [ "$got" = "$hash" ] || fresh=0
done
if [ $fresh = 1 ]; then echo "example images up to date (ai-stack-example/*, $hash)"; exit 0; fi
start=$SECONDS
if ! docker image inspect "$base" >/dev/null 2>&1; then
  echo "building $base (debootstrap bookworm + apt install; several minutes, once per machine)"
  bash scripts/example-base.sh "$base"
fi
overlay=$(mktemp -d)
ctr=
cleanup() { rm -rf "$overlay"; [ -z "$ctr" ] || docker rm -f "$ctr" >/dev/null 2>&1 || true; }
trap cleanup EXIT
mkdir -p "$overlay/app/app" "$overlay/app/alembic/versions" "$overlay/usr/local/bin" "$overlay/opt/model-standin" "$overlay/etc/nginx"
cp examples/api/app/__init__.py examples/api/app/main.py "$overlay/app/app/"
cp examples/api/alembic.ini "$overlay/app/"
cp examples/api/alembic/env.py "$overlay/app/alembic/"
cp examples/stack/alembic/versions/*.py "$overlay/app/alembic/versions/"
install -m 0755 examples/stack/images/db-start.sh "$overlay/usr/local/bin/db-start"
cp examples/stack/images/model_standin.py "$overlay/opt/model-standin/server.py"
cp examples/stack/images/nginx.conf "$overlay/etc/nginx/nginx.conf"
chmod -R a+rX "$overlay"
ctr=$(docker create "$base" /bin/true)
docker cp "$overlay/." "$ctr:/"
commit() { # tag, then --change lines
  local tag=$1; shift
  local args=(-c "LABEL ai-stack-example.hash=$hash" -c "LABEL ai-stack-example.base=$base")
  for c in "$@"; do args+=(-c "$c"); done
  docker commit "${args[@]}" "$ctr" "ai-stack-example/$tag" >/dev/null
  echo "  ai-stack-example/$tag"
}
api_cmd='CMD ["gunicorn", "--worker-class", "uvicorn.workers.UvicornWorker", "--workers", "1", "--bind", "0.0.0.0:8000", "--graceful-timeout", "30", "--keep-alive", "75", "--access-logfile", "-", "app.main:app"]'
commit api:1.0.0 'WORKDIR /app' 'USER 10001:10001' 'ENV APP_VERSION=1.0.0 PYTHONDONTWRITEBYTECODE=1 PYTHONUNBUFFERED=1' 'EXPOSE 8000' "$api_cmd"
commit api:1.1.0 'WORKDIR /app' 'USER 10001:10001' 'ENV APP_VERSION=1.1.0 PYTHONDONTWRITEBYTECODE=1 PYTHONUNBUFFERED=1' 'EXPOSE 8000' "$api_cmd"
commit db:15.20.0 'USER 999:999' 'ENV PGDATA=/var/lib/postgresql/data' 'EXPOSE 5432' 'CMD ["/usr/local/bin/db-start"]'
commit redis:7.0.15 'USER 998:998' 'WORKDIR /data' 'EXPOSE 6379' 'CMD ["redis-server", "--dir", "/data"]'
commit proxy:nginx-1.22.1 'USER 33:33' 'EXPOSE 8080' 'CMD ["nginx", "-e", "stderr", "-g", "daemon off;"]'
commit model-standin:1.0.0 'USER 10001:10001' 'EXPOSE 11434' 'ENV PYTHONDONTWRITEBYTECODE=1' 'CMD ["python3", "/opt/model-standin/server.py"]'
echo "example images built in $((SECONDS - start)) s (ai-stack-example/*, $hash)"
