#!/usr/bin/env bash
# Builds the shared rootfs of the example stack's images: one `debootstrap --variant=minbase
# bookworm`, one `apt-get install` of every package the images need, imported as
# ai-stack-example/base:<hash of this file>. Called by scripts/example-images.sh; no registry used.
# Usage: example-base.sh IMAGE_TAG
set -euo pipefail
tag=$1
PKGS=(
  python3-fastapi python3-uvicorn gunicorn python3-psycopg python3-psycopg2 python3-sqlalchemy
  python3-alembic python3-redis python3-asyncpg python3-httpx
  postgresql-15 redis-server nginx-light
)
command -v debootstrap >/dev/null || { apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq debootstrap >/dev/null; }
root=$(mktemp -d /tmp/ai-stack-example-rootfs.XXXXXX)
cleanup() { umount "$root/proc" 2>/dev/null || true; rm -rf "$root"; }
trap cleanup EXIT
debootstrap --variant=minbase bookworm "$root" "${DEBIAN_MIRROR:-http://deb.debian.org/debian}" >/dev/null
# No service may start inside the chroot (it would run on this host).
printf '#!/bin/sh\nexit 101\n' > "$root/usr/sbin/policy-rc.d"; chmod +x "$root/usr/sbin/policy-rc.d"
mount -t proc proc "$root/proc"
# Fixed ids, so compose files can name them: postgres 999, redis 998, app 10001 (nginx uses www-data 33).
chroot "$root" sh -ec '
  groupadd --system --gid 999 postgres; useradd --system --uid 999 --gid 999 --home-dir /var/lib/postgresql --shell /bin/bash postgres
  groupadd --system --gid 998 redis; useradd --system --uid 998 --gid 998 --home-dir /var/lib/redis --shell /usr/sbin/nologin redis
  groupadd --system --gid 10001 app; useradd --system --uid 10001 --gid 10001 --no-create-home --home-dir /nonexistent --shell /usr/sbin/nologin app
  mkdir -p /etc/postgresql-common && echo "create_main_cluster = false" > /etc/postgresql-common/createcluster.conf'
chroot "$root" env DEBIAN_FRONTEND=noninteractive apt-get update -qq
chroot "$root" env DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends "${PKGS[@]}" >/dev/null
chroot "$root" apt-get clean
umount "$root/proc"
rm -rf "$root"/var/lib/apt/lists/* "$root"/usr/share/doc/* "$root"/usr/share/man/* "$root"/var/cache/debconf/*-old "$root/usr/sbin/policy-rc.d"
mkdir -p "$root/var/lib/postgresql/data" "$root/data" && chown 999:999 "$root/var/lib/postgresql/data" && chown 998:998 "$root/data"
chmod 700 "$root/var/lib/postgresql/data"
tar --numeric-owner -C "$root" -c . | docker import -c 'CMD ["/bin/bash"]' - "$tag" >/dev/null
