#!/usr/bin/env bash
# A three-node Docker Swarm on this one machine, for tests and benchmarks (issue 14).
#
#   scripts/swarm-cluster.sh up      # idempotent: builds what is missing, waits until 3 nodes are Ready
#   scripts/swarm-cluster.sh down    # stops the daemons, deletes namespaces, links and data (safe to repeat)
#   scripts/swarm-cluster.sh status  # prints the node list from the manager
#   scripts/swarm-cluster.sh env     # prints DOCKER_HOST for the manager
#   scripts/swarm-cluster.sh stop-node N | start-node N | load-image IMAGE
#
# Layout: a bridge `br0` in its own network namespace `aiswarm-br`; each node `aiswarm-nK` is a netns
# with a veth `eth0` (10.213.0.1K/24) whose peer sits on that bridge; one dockerd per node started
# with `nsenter --net`, with its own data root, exec root, pidfile and unix socket under
# $AI_STACK_SWARM_ROOT (default /run/ai-stack-swarm, a tmpfs of up to 8 GB). Nothing is added to the host's own network:
# the 10.213.0.0/24 addresses exist only inside these namespaces. The manager is node 1.
#
# The kernel here has VXLAN inside a netns but no IPVS, so the routing mesh (ingress VIPs) cannot
# work: stacks on this cluster use `endpoint_mode: dnsrr` and `mode: host` published ports.
# Images: there is no registry, so every node gets the test images by `docker import` of a busybox
# rootfs (the same recipe as scripts/docker-env.sh); `load-image` copies any other image from the
# main engine into every node with `docker save | docker load`.
set -euo pipefail

ROOT=${AI_STACK_SWARM_ROOT:-/run/ai-stack-swarm}
NODES=(1 2 3)
PREFIX=aiswarm
BRIDGE_NS=${PREFIX}-br
SUBNET=10.213.0
# Overlay subnets come from here so that they never overlap the node network.
ADDR_POOL=10.214.0.0/16

log() { printf '[swarm-cluster] %s\n' "$*" >&2; }
ns() { echo "${PREFIX}-n$1"; }
addr() { echo "${SUBNET}.1$1"; }
sock() { echo "$ROOT/n$1/docker.sock"; }
dk() { local n=$1; shift; docker -H "unix://$(sock "$n")" "$@"; }
has_ns() { ip netns list | awk '{print $1}' | grep -qx "$1"; }

# Polls `check` (a command) until it succeeds or `seconds` pass; the loop waits on real state.
wait_until() {
  local what=$1 seconds=$2; shift 2
  local deadline=$((SECONDS + seconds))
  until "$@" >/dev/null 2>&1; do
    if ((SECONDS >= deadline)); then log "timed out after ${seconds}s waiting for $what"; return 1; fi
    sleep 0.3
  done
}

preflight() {
  [ "$(id -u)" = 0 ] || { echo "needs root (ip netns, dockerd)" >&2; exit 3; }
  command -v dockerd >/dev/null || { echo "dockerd not on PATH (bash scripts/docker-env.sh installs docker.io)" >&2; exit 3; }
  command -v ip >/dev/null || { echo "ip not on PATH (apt-get install iproute2)" >&2; exit 3; }
  [ -x /bin/busybox ] || { echo "/bin/busybox missing (apt-get install busybox-static)" >&2; exit 3; }
  # The probe namespace is deleted again at once; failing here means no netns support.
  ip netns add ${PREFIX}-probe 2>/dev/null || has_ns ${PREFIX}-probe || { echo "cannot create a network namespace (ip netns add failed)" >&2; exit 3; }
  ip netns del ${PREFIX}-probe
}

network_up() {
  has_ns "$BRIDGE_NS" || ip netns add "$BRIDGE_NS"
  ip -n "$BRIDGE_NS" link show br0 >/dev/null 2>&1 || ip -n "$BRIDGE_NS" link add br0 type bridge
  ip -n "$BRIDGE_NS" link set lo up
  ip -n "$BRIDGE_NS" link set br0 up
  for n in "${NODES[@]}"; do
    local node; node=$(ns "$n")
    has_ns "$node" || ip netns add "$node"
    ip -n "$node" link set lo up
    if ! ip -n "$node" link show eth0 >/dev/null 2>&1; then
      # Created in the bridge namespace, then one end is moved: no name ever appears on the host.
      ip -n "$BRIDGE_NS" link del "v-n$n" 2>/dev/null || true
      ip -n "$BRIDGE_NS" link add "v-n$n" type veth peer name eth0 netns "$node"
    fi
    ip -n "$BRIDGE_NS" link set "v-n$n" master br0
    ip -n "$BRIDGE_NS" link set "v-n$n" up
    ip -n "$node" addr replace "$(addr "$n")/24" dev eth0
    ip -n "$node" link set eth0 up
  done
}

daemon_running() { [ -S "$(sock "$1")" ] && dk "$1" version --format '{{.Server.Version}}'; }

# Fails fast (exit 2) once the daemon process is gone, so a crash is not waited out.
daemon_alive_and_answering() {
  daemon_running "$1" && return 0
  kill -0 "$2" 2>/dev/null || { log "dockerd of node $1 exited"; exit 1; }
  return 1
}

daemon_up() {
  local n=$1 dir="$ROOT/n$1"
  if daemon_running "$n" >/dev/null 2>&1; then return 0; fi
  mkdir -p "$dir"
  rm -f "$(sock "$n")"
  # nsenter --net, not `ip netns exec`: the latter remounts /sys in a new mount namespace, which
  # hides the cgroup mounts dockerd needs ("Devices cgroup isn't mounted"). setsid: the daemon
  # outlives this script; its pid is in the pidfile for `down`.
  # unshare --uts: the node gets its own hostname (aiswarm-nK), which is its name in `docker node ls`.
  nsenter --net="/run/netns/$(ns "$n")" unshare --uts \
    sh -c 'hostname "$0" && exec setsid "$@"' "$(ns "$n")" dockerd \
    --host="unix://$(sock "$n")" \
    --data-root="$dir/data" \
    --exec-root="$dir/exec" \
    --pidfile="$dir/dockerd.pid" \
    --containerd-namespace="${PREFIX}-n$n" \
    --containerd-plugins-namespace="${PREFIX}-n$n-plugins" \
    --storage-driver=overlay2 \
    --log-level=warn \
    >>"$dir/dockerd.log" 2>&1 </dev/null &
  local pid=$!
  wait_until "dockerd of node $n" 60 daemon_alive_and_answering "$n" "$pid" || { tail -20 "$dir/dockerd.log" >&2; return 1; }
}

# The busybox test images, built in the node's own engine (no registry, no main engine needed).
#   ai-stack-test/swarm-web:v1, :v2  answer /health and / with "version vN"; on SIGTERM they keep
#                                     serving for 3 s (graceful drain), then exit
#   ai-stack-test/swarm-web:broken   starts but never serves /health (its update must roll back)
#   ai-stack-test/busybox:1.36.1     plain busybox
make_images() {
  local n=$1
  local have; have=$(dk "$n" images --format '{{.Repository}}:{{.Tag}}')
  local need=()
  for image in ai-stack-test/busybox:1.36.1 ai-stack-test/swarm-web:v1 ai-stack-test/swarm-web:v2 ai-stack-test/swarm-web:broken; do
    grep -qx "$image" <<<"$have" || need+=("$image")
  done
  [ ${#need[@]} -eq 0 ] && return 0
  local rootfs; rootfs=$(mktemp -d)
  mkdir -p "$rootfs"/{bin,sbin,usr/bin,usr/sbin,tmp,etc,www,root}
  cp /bin/busybox "$rootfs/bin/busybox"
  for applet in $(/bin/busybox --list); do [ "$applet" = busybox ] || ln -sf /bin/busybox "$rootfs/bin/$applet"; done
  echo 'root:x:0:0:root:/root:/bin/sh' >"$rootfs/etc/passwd"
  echo 'app:x:1001:1001:app:/tmp:/bin/sh' >>"$rootfs/etc/passwd"
  printf 'root:x:0:\napp:x:1001:\n' >"$rootfs/etc/group"
  chmod 1777 "$rootfs/tmp"
  # The pages are in the image (the services run read-only as uid 1001): /www/<tag>/, where only
  # the healthy tags have /health.
  for tag in v1 v2 broken; do
    mkdir -p "$rootfs/www/$tag"
    echo "version $tag" >"$rootfs/www/$tag/index.html"
    [ "$tag" = broken ] || echo ok >"$rootfs/www/$tag/health"
  done
  # serve TAG: httpd in the foreground; on TERM it keeps serving 3 s more (requests already routed
  # here still get answers: a graceful drain), then stops.
  cat >"$rootfs/bin/serve" <<'EOF'
#!/bin/sh
httpd -f -p 8080 -h "/www/$1" & pid=$!
trap 'sleep 3; kill $pid' TERM
wait $pid; wait $pid
EOF
  chmod 755 "$rootfs/bin/serve"
  for image in "${need[@]}"; do
    local tag=${image##*:} cmd='CMD ["/bin/sh"]'
    case $image in ai-stack-test/swarm-web:*) cmd="CMD [\"/bin/serve\", \"$tag\"]" ;; esac
    tar -C "$rootfs" -c . | dk "$n" import -c "$cmd" -c 'LABEL ai-stack-test=swarm' - "$image" >/dev/null
  done
  rm -rf "$rootfs"
}

ready_count() { dk 1 node ls --format '{{.Status}}' | grep -c '^Ready$'; }
three_ready() { [ "$(ready_count)" -ge 3 ]; }
swarm_state() { dk "$1" info --format '{{.Swarm.LocalNodeState}}'; }

swarm_up() {
  if [ "$(swarm_state 1)" != active ]; then
    # Short heartbeat: a stopped worker is seen Down within seconds, not the default ~15 s.
    dk 1 swarm init --advertise-addr "$(addr 1)" --listen-addr "$(addr 1):2377" \
      --default-addr-pool "$ADDR_POOL" --dispatcher-heartbeat 2s >/dev/null
  fi
  local token; token=$(dk 1 swarm join-token -q worker)
  for n in "${NODES[@]:1}"; do
    [ "$(swarm_state "$n")" = active ] && continue
    dk "$n" swarm join --advertise-addr "$(addr "$n")" --listen-addr "$(addr "$n"):2377" --token "$token" "$(addr 1):2377" >/dev/null
  done
  wait_until "3 Ready nodes" 90 three_ready
  # A node that was stopped and restarted can linger as a second, Down entry: drop those.
  for id in $(dk 1 node ls --format '{{.ID}} {{.Status}}' | awk '$2 == "Down" {print $1}'); do dk 1 node rm --force "$id" >/dev/null || true; done
}

up() {
  preflight
  mkdir -p "$ROOT"
  # Data roots in memory: loading images and tearing down are then not at the mercy of a busy disk
  # (deleting three extracted copies of a 500 MB image took minutes here). down unmounts it.
  mountpoint -q "$ROOT" || mount -t tmpfs -o "size=${AI_STACK_SWARM_TMPFS_SIZE:-8g},mode=0755" ai-stack-swarm "$ROOT"
  network_up
  for n in "${NODES[@]}"; do daemon_up "$n"; done
  for n in "${NODES[@]}"; do make_images "$n"; done
  swarm_up
  log "3 nodes Ready; manager DOCKER_HOST=unix://$(sock 1)"
}

stop_daemon() {
  local n=$1 pidfile="$ROOT/n$1/dockerd.pid"
  [ -f "$pidfile" ] || return 0
  local pid; pid=$(cat "$pidfile")
  if kill -0 "$pid" 2>/dev/null; then
    kill -TERM "$pid" 2>/dev/null || true
    local deadline=$((SECONDS + 20))
    while kill -0 "$pid" 2>/dev/null && ((SECONDS < deadline)); do sleep 0.2; done
    kill -KILL "$pid" 2>/dev/null || true
  fi
  rm -f "$pidfile"
}

# Anything left running inside a node namespace (containerd shims, docker-proxy) is killed by pid.
kill_in_ns() {
  local node=$1
  has_ns "$node" || return 0
  local pids; pids=$(ip netns pids "$node" 2>/dev/null || true)
  [ -n "$pids" ] && kill -KILL $pids 2>/dev/null || true
}

# Teardown needs no graceful stop: containers are killed first (a daemon's shutdown would wait each
# one's stop_grace_period), then the daemons are stopped in parallel.
kill_containers() {
  daemon_running "$1" >/dev/null 2>&1 || return 0
  local ids; ids=$(dk "$1" ps -q 2>/dev/null || true)
  [ -n "$ids" ] && dk "$1" kill $ids >/dev/null 2>&1 || true
}

down() {
  for n in "${NODES[@]}"; do kill_containers "$n" & done
  wait
  for n in "${NODES[@]}"; do stop_daemon "$n" & done
  wait
  for n in "${NODES[@]}"; do kill_in_ns "$(ns "$n")"; done
  # Mounts left under a data root (overlay layers, netns bind mounts) are unmounted deepest first.
  if [ -d "$ROOT" ]; then
    awk -v root="$ROOT" 'index($2, root) == 1 {print $2}' /proc/mounts | sort -r | while read -r m; do umount -l "$m" 2>/dev/null || true; done
  fi
  for n in "${NODES[@]}"; do has_ns "$(ns "$n")" && ip netns del "$(ns "$n")"; done
  has_ns "$BRIDGE_NS" && ip netns del "$BRIDGE_NS"
  rm -rf "$ROOT"
  log "cluster removed"
}

case ${1:-} in
  up) up ;;
  down) down ;;
  stop-node) stop_daemon "$2" ;;
  start-node) daemon_up "$2" ;;
  status) dk 1 node ls ;;
  env) echo "DOCKER_HOST=unix://$(sock 1)" ;;
  load-image)
    # Copies an image of the main engine into every node (no registry here).
    for n in "${NODES[@]}"; do docker save "$2" | dk "$n" load >/dev/null; done ;;
  *) echo "usage: $0 up|down|status|env|stop-node N|start-node N|load-image IMAGE" >&2; exit 2 ;;
esac
