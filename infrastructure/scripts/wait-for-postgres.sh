#!/bin/sh
# Dev only: after-deploy hook of `bakery-platform`. Waits for the in-cluster PostgreSQL to be ready
# so the migration Jobs that follow do not spend their connect timeout on a starting database.
set -eu
namespace=${1:-bakery-ia}
timeout=${2:-180s}
if [ -n "${SKAFFOLD_KUBE_CONTEXT:-}" ]; then
  set -- --context "$SKAFFOLD_KUBE_CONTEXT"
else
  set --
fi
exec kubectl "$@" --namespace "$namespace" rollout status statefulset/postgres --timeout "$timeout"
