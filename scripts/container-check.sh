#!/usr/bin/env bash
# Builds the dashboard image from the Dockerfile with podman, prints its size (and fails above
# NIXFLEET_CHECK_MAX_MB, default 300), and checks that it serves: GET /api/health answers
# {"status":"ok"}, /login renders, the image's HEALTHCHECK passes, the server runs as a non-root user
# with its database in /data, and it stops cleanly. Cleans up after itself.
#
#   scripts/container-check.sh            # as root; needs podman, runc, debootstrap, curl, node, npm
#
# Works without a container registry: when node:24-bookworm-slim (the build stage) or
# debian:bookworm-slim (the runtime stage) is not in podman's store, stand-ins are made first (Debian
# bookworm minbase from debootstrap, slimmed as Debian's -slim images are; plus Node.js with its
# headers and npm from the npm registry), tagged with those names, so the real Dockerfile builds
# unchanged with --pull=never. The stand-in also carries this machine's CA bundle in
# NODE_EXTRA_CA_CERTS, for networks that reach the npm registry through a TLS proxy.
#
# Environment: NIXFLEET_CHECK_PORT (local port, default 18000); NIXFLEET_CHECK_KEEP_IMAGE=1 keeps the
# built image and its layer cache; NIXFLEET_CHECK_NO_CACHE=1 builds without the layer cache;
# NIXFLEET_CHECK_BUILD_LOG=FILE keeps the build log (timestamped); DEBIAN_MIRROR (default
# http://deb.debian.org/debian). The stand-in bases are kept: they are what a registry would provide.
set -euo pipefail
cd "$(dirname "$0")/.."

BASE_IMAGE=docker.io/library/node:24-bookworm-slim
DEBIAN_IMAGE=docker.io/library/debian:bookworm-slim
IMAGE=localhost/nixfleet-dashboard:check
PORT=${NIXFLEET_CHECK_PORT:-18000}
MIRROR=${DEBIAN_MIRROR:-http://deb.debian.org/debian}
NODE_VERSION=24.22.3
NPM_VERSION=11.6.2
MAX_MB=${NIXFLEET_CHECK_MAX_MB:-300}

started=$SECONDS
step() { printf 'container-check: [%4ss] %s\n' "$((SECONDS - started))" "$*"; }
fail() { printf 'container-check: FAILED: %s\n' "$*" >&2; exit 1; }

for tool in podman runc curl node npm; do
  command -v "$tool" >/dev/null || fail "$tool is not installed (apt-get install -y podman buildah runc debootstrap curl)"
done

work=$(mktemp -d /tmp/nixfleet-container-check.XXXXXX)
container=nixfleet-check-$$
volume=nixfleet-check-data-$$

# podman settings that work inside a container or VM without systemd: runc, cgroupfs, host ulimits.
export CONTAINERS_CONF="$work/containers.conf"
cat >"$CONTAINERS_CONF" <<'EOF'
[containers]
default_ulimits = ["nofile=20000:20000", "nproc=32768:32768"]
[engine]
runtime = "runc"
cgroup_manager = "cgroupfs"
events_logger = "file"
EOF

cleanup() {
  local status=$?
  if [ "$status" -ne 0 ] && podman container exists "$container" 2>/dev/null; then
    echo "--- container log (last 40 lines) ---" >&2
    podman logs --tail 40 "$container" >&2 || true
  fi
  podman rm -f -t 2 "$container" >/dev/null 2>&1 || true
  podman volume rm -f "$volume" >/dev/null 2>&1 || true
  if [ "${NIXFLEET_CHECK_KEEP_IMAGE:-0}" != 1 ]; then
    podman rmi -f "$IMAGE" >/dev/null 2>&1 || true
    podman image prune -f >/dev/null 2>&1 || true # the build stage's untagged layers
  fi
  rm -rf "$work"
  exit "$status"
}
trap cleanup EXIT

# The two images the Dockerfile names, from one debootstrap: Debian bookworm minbase, slimmed as
# Debian's -slim images are (their dpkg path-exclude rules: no documentation, manuals or locales),
# is debian:bookworm-slim; with Node.js, its headers and npm added it is node:24-bookworm-slim.
build_stand_in_bases() {
  command -v debootstrap >/dev/null || fail "debootstrap is not installed (apt-get install -y debootstrap)"
  local node_version=$NODE_VERSION arch rootfs="$work/rootfs"
  case "$(uname -m)" in x86_64) arch=x64 ;; aarch64) arch=arm64 ;; *) fail "unsupported machine $(uname -m)" ;; esac

  step "making the stand-in $DEBIAN_IMAGE: debootstrap bookworm minbase"
  debootstrap --variant=minbase bookworm "$rootfs" "$MIRROR" >"$work/debootstrap.log" 2>&1 ||
    { tail -20 "$work/debootstrap.log" >&2; fail "debootstrap failed"; }
  rm -rf "$rootfs"/var/cache/apt/archives/*.deb "$rootfs"/var/lib/apt/lists/*
  rm -rf "$rootfs"/usr/share/doc/* "$rootfs"/usr/share/man/* "$rootfs"/usr/share/info/* "$rootfs"/usr/share/locale/* \
    "$rootfs"/usr/share/groff/* "$rootfs"/usr/share/lintian/* "$rootfs"/usr/share/linda/* "$rootfs"/var/cache/debconf/*-old
  tar -C "$rootfs" -c . | podman import \
    --change "ENV PATH=/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin" \
    --change 'CMD ["bash"]' \
    --quiet - "$DEBIAN_IMAGE" >/dev/null

  step "making the stand-in $BASE_IMAGE: Node.js $node_version and npm $NPM_VERSION from the npm registry"
  (cd "$work" && npm pack --silent "node-linux-$arch@$node_version" "npm@$NPM_VERSION" >/dev/null)
  mkdir -p "$work/node" "$rootfs/usr/local/lib/node_modules/npm" "$rootfs/usr/local/include"
  # The package carries Node's headers too (include/node), which node-gyp needs to compile offline.
  tar -xzf "$work/node-linux-$arch-$node_version.tgz" -C "$work/node" package/bin/node package/include/node
  install -m 0755 "$work/node/package/bin/node" "$rootfs/usr/local/bin/node"
  tar -xzf "$work/npm-$NPM_VERSION.tgz" -C "$rootfs/usr/local/lib/node_modules/npm" --strip-components=1
  ln -s ../lib/node_modules/npm/bin/npm-cli.js "$rootfs/usr/local/bin/npm"
  ln -s ../lib/node_modules/npm/bin/npx-cli.js "$rootfs/usr/local/bin/npx"
  cp -r "$work/node/package/include/node" "$rootfs/usr/local/include/node"
  local ca=${NODE_EXTRA_CA_CERTS:-/etc/ssl/certs/ca-certificates.crt}
  install -D -m 0644 "$ca" "$rootfs/usr/local/share/nixfleet-build/ca-certificates.crt"
  # The official image has a `node` user (uid 1000); so does the stand-in.
  chroot "$rootfs" groupadd --gid 1000 node
  chroot "$rootfs" useradd --uid 1000 --gid node --shell /bin/bash --create-home node

  tar -C "$rootfs" -c . | podman import \
    --change "ENV PATH=/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin" \
    --change "ENV NODE_VERSION=$node_version" \
    --change "ENV NODE_EXTRA_CA_CERTS=/usr/local/share/nixfleet-build/ca-certificates.crt" \
    --change 'CMD ["node"]' \
    --quiet - "$BASE_IMAGE" >/dev/null
  rm -rf "$rootfs"
  step "stand-in bases ready: $(podman run --rm --network host "$BASE_IMAGE" node --version), npm $(podman run --rm --network host "$BASE_IMAGE" npm --version)"
}

if podman image exists "$BASE_IMAGE" && podman image exists "$DEBIAN_IMAGE"; then
  step "bases $BASE_IMAGE and $DEBIAN_IMAGE present"
else
  build_stand_in_bases
fi

build_flags=()
[ "${NIXFLEET_CHECK_NO_CACHE:-0}" = 1 ] && build_flags+=(--no-cache)
# `npm ci` in the build reuses this machine's npm cache (filled by its own `npm ci`) instead of
# downloading every package again: mounted for the RUN steps only, so the image does not change.
npm_cache=$(npm config get cache)
if [ -d "$npm_cache/_cacache" ]; then
  printf 'prefer-offline=true\n' >"$work/npmrc"
  build_flags+=(--volume "$npm_cache:/root/.npm" --volume "$work/npmrc:/root/.npmrc:ro")
fi
step "podman build --pull=never --format docker -t $IMAGE ."
build_started=$SECONDS
timestamped() { while IFS= read -r line; do printf '[%4ss] %s\n' "$((SECONDS - build_started))" "$line"; done; }
podman build --pull=never --format docker --network host "${build_flags[@]}" -t "$IMAGE" . 2>&1 | timestamped >"$work/build.log" ||
  { tail -40 "$work/build.log" >&2; fail "podman build failed (log above)"; }
cp "$work/build.log" "${NIXFLEET_CHECK_BUILD_LOG:-/dev/null}"
size_mb=$(podman image inspect "$IMAGE" --format '{{.Size}}' | awk '{printf "%.0f", $1/1e6}')
base_mb=$(podman image inspect "$DEBIAN_IMAGE" --format '{{.Size}}' | awk '{printf "%.0f", $1/1e6}')
step "image built in $((SECONDS - build_started))s: $size_mb MB (the runtime base $DEBIAN_IMAGE: $base_mb MB)"
[ "$size_mb" -le "$MAX_MB" ] || fail "the image is $size_mb MB, more than $MAX_MB MB"

# The .env a user writes by the README's Quick Start: unquoted, a bcrypt hash full of `$`.
password=$(node -e 'console.log(require("node:crypto").randomBytes(12).toString("hex"))')
hash=$(node -e 'console.log(require("bcryptjs").hashSync(process.argv[1], 10))' "$password")
cat >"$work/.env" <<EOF
NIXFLEET_PASSWORD_HASH=$hash
NIXFLEET_SESSION_SECRET=$(openssl rand -hex 32)
NIXFLEET_AGENT_TOKEN=$(openssl rand -hex 32)
EOF

# As `docker run -p 8000:8000 --env-file .env -v …:/data` would run it, on a local port of this machine.
step "starting the container, published on 127.0.0.1:$PORT"
podman volume create "$volume" >/dev/null
# (podman cannot schedule the HEALTHCHECK without systemd and says so; it is run by hand below.)
podman run -d --name "$container" -p "127.0.0.1:$PORT:8000" --env-file "$work/.env" -v "$volume:/data" "$IMAGE" \
  >/dev/null 2>"$work/run.log" || { cat "$work/run.log" >&2; fail "podman run failed"; }

health=""
for _ in $(seq 1 120); do
  health=$(curl -sf "http://127.0.0.1:$PORT/api/health" 2>/dev/null || true)
  [ -n "$health" ] && break
  [ "$(podman inspect "$container" --format '{{.State.Running}}')" = true ] || fail "the container exited: $(podman inspect "$container" --format '{{.State.ExitCode}}')"
  sleep 1
done
[ -n "$health" ] || fail "/api/health did not answer within 120 s"
case "$health" in *'"status":"ok"'*) step "GET /api/health: $health" ;; *) fail "/api/health answered $health" ;; esac

login=$(curl -sf "http://127.0.0.1:$PORT/login") || fail "GET /login failed"
grep -qi '<form' <<<"$login" && grep -qi 'type="password"' <<<"$login" || fail "/login does not render a password form"
step "GET /login renders the sign-in form"

status=$(curl -s -o /dev/null -w '%{http_code}' "http://127.0.0.1:$PORT/api/hosts")
[ "$status" = 401 ] || fail "GET /api/hosts without a session answered $status, expected 401"
step "GET /api/hosts without a session: 401"

# Signing in proves the bcrypt hash came through .env unchanged.
jar="$work/cookies"
origin="http://127.0.0.1:$PORT"
csrf=$(curl -sf -c "$jar" "$origin/api/auth/csrf" | node -e 'process.stdout.write(JSON.parse(require("fs").readFileSync(0, "utf8")).csrfToken)') ||
  fail "GET /api/auth/csrf failed"
curl -s -o /dev/null -b "$jar" -c "$jar" -H "Origin: $origin" --data-urlencode "csrfToken=$csrf" \
  --data-urlencode "password=$password" --data-urlencode "json=true" "$origin/api/auth/callback/credentials"
status=$(curl -s -o /dev/null -w '%{http_code}' -b "$jar" "$origin/api/hosts")
[ "$status" = 200 ] || fail "after signing in with the password, GET /api/hosts answered $status"
step "signs in with the password whose hash is in .env; GET /api/hosts: 200"

podman healthcheck run "$container" 2>>"$work/run.log" || { cat "$work/run.log" >&2; fail "the image's HEALTHCHECK fails"; }
step "the image's HEALTHCHECK passes: $(podman image inspect "$IMAGE" --format '{{json .Config.Healthcheck.Test}}' | cut -c1-80)…"

uid=$(podman exec "$container" id -u)
[ "$uid" != 0 ] || fail "the server runs as root"
podman exec "$container" test -s /data/nixfleet.db || fail "no database in /data"
step "runs as uid $uid; database in the /data volume"

podman stop -t 15 "$container" >/dev/null 2>>"$work/run.log"
code=$(podman inspect "$container" --format '{{.State.ExitCode}}')
[ "$code" = 0 ] || fail "the server exited with $code on SIGTERM"
step "stops cleanly on SIGTERM"

step "OK in $((SECONDS - started))s"
