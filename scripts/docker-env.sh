#!/usr/bin/env bash
# Makes a Docker engine and the local test images available, without any registry:
# starts dockerd when no engine answers, then builds busybox-based images locally.
set -euo pipefail
need=()
command -v dockerd >/dev/null || need+=(docker.io)
command -v docker-compose >/dev/null || need+=(docker-compose)
[ -x /bin/busybox ] || need+=(busybox-static)
if [ ${#need[@]} -gt 0 ]; then
  apt-get -o DPkg::Lock::Timeout=600 update -qq && DEBIAN_FRONTEND=noninteractive apt-get -o DPkg::Lock::Timeout=600 install -y -qq "${need[@]}" >/dev/null
fi
# An engine that answers but lost its default bridge (docker0) cannot start a container on it:
# stop it, so the start below gives it the bridge again.
if docker info >/dev/null 2>&1 && ! ip link show docker0 >/dev/null 2>&1; then
  echo "the Docker engine has no docker0 bridge: restarting dockerd" >&2
  pkill -x dockerd || true
  for _ in $(seq 1 60); do pgrep -x dockerd >/dev/null || break; sleep 0.5; done
fi
if ! docker info >/dev/null 2>&1; then
  (dockerd >/tmp/dockerd.log 2>&1 &)
  for _ in $(seq 1 60); do docker info >/dev/null 2>&1 && break; sleep 0.5; done
  docker info >/dev/null 2>&1 || { echo "dockerd did not start; see /tmp/dockerd.log" >&2; tail -20 /tmp/dockerd.log >&2; exit 1; }
fi
# busybox rootfs: every applet linked, so sh, httpd, wget, nc exist in the image.
make_busybox_image() {
  local name=$1
  docker image inspect "$name" >/dev/null 2>&1 && return 0
  local root; root=$(mktemp -d)
  mkdir -p "$root/bin" "$root/sbin" "$root/usr/bin" "$root/usr/sbin" "$root/tmp" "$root/etc" "$root/www" "$root/root" "$root/var/www"
  cp /bin/busybox "$root/bin/busybox"
  for applet in $(/bin/busybox --list); do [ "$applet" = busybox ] && continue; ln -sf /bin/busybox "$root/bin/$applet"; done
  echo 'root:x:0:0:root:/root:/bin/sh' > "$root/etc/passwd"
  echo 'app:x:1001:1001:app:/tmp:/bin/sh' >> "$root/etc/passwd"
  echo 'root:x:0:' > "$root/etc/group"; echo 'app:x:1001:' >> "$root/etc/group"
  chmod 1777 "$root/tmp"
  tar -C "$root" -c . | docker import -c 'CMD ["/bin/sh"]' - "$name" >/dev/null
  rm -rf "$root"
}
make_busybox_image ai-stack-test/busybox:1.36.1
echo "docker engine ready: $(docker version --format '{{.Server.Version}}'); test image ai-stack-test/busybox:1.36.1"
# The example AI stack (examples/stack) for the deploy tests: Debian-based images built once per
# machine and cached by content hash (a cold build is one debootstrap + apt install, ~2.5 min).
bash "$(dirname "$0")/example-images.sh"
