#!/bin/sh
# Waits until every named Job has completed. Exits 0 when all are Complete, 1 as soon as one is
# Failed (after printing its logs) or is missing, 2 on timeout or bad usage.
# Skaffold runs it as the after-deploy hook of `bakery-migrations`, so the services are only applied
# once their migrations are done. Polls the terminal conditions (Complete / Failed) instead of racing
# two `kubectl wait` processes: one loop, one exit path, no orphaned waiter.
#
#   wait-for-jobs.sh [--namespace NS] [--timeout SECONDS] [--interval SECONDS] JOB...
#
# Uses SKAFFOLD_KUBE_CONTEXT when set, so it watches the cluster Skaffold deployed to.
set -eu

namespace=bakery-ia
timeout=660
interval=2
while [ $# -gt 0 ]; do
  case "$1" in
    --namespace) namespace=$2; shift 2 ;;
    --timeout) timeout=$2; shift 2 ;;
    --interval) interval=$2; shift 2 ;;
    --) shift; break ;;
    -*) echo "wait-for-jobs: unknown option $1" >&2; exit 2 ;;
    *) break ;;
  esac
done
if [ $# -eq 0 ]; then
  echo "usage: wait-for-jobs.sh [--namespace NS] [--timeout SECONDS] [--interval SECONDS] JOB..." >&2
  exit 2
fi

kube() {
  if [ -n "${SKAFFOLD_KUBE_CONTEXT:-}" ]; then
    kubectl --context "$SKAFFOLD_KUBE_CONTEXT" --namespace "$namespace" "$@"
  else
    kubectl --namespace "$namespace" "$@"
  fi
}

started=$(date +%s)
pending="$*"
while :; do
  still=""
  for job in $pending; do
    # The types of the Job's conditions whose status is True, e.g. "SuccessCriteriaMet Complete".
    if ! conditions=$(kube get job "$job" -o 'jsonpath={.status.conditions[?(@.status=="True")].type}' 2>&1); then
      echo "wait-for-jobs: cannot read job/$job: $conditions" >&2
      echo "wait-for-jobs: re-run the deploy; a Job deleted after apply (ttlSecondsAfterFinished) is re-created then." >&2
      exit 1
    fi
    case " $conditions " in
      *" Failed "*)
        echo "wait-for-jobs: job/$job failed. Its logs:" >&2
        kube logs "job/$job" --all-containers --tail=100 >&2 || true
        echo "wait-for-jobs: fix the migration (the database is at its last complete migration) and deploy again." >&2
        exit 1
        ;;
      *" Complete "*) echo "wait-for-jobs: job/$job complete" ;;
      *) still="$still $job" ;;
    esac
  done
  pending=$still
  if [ -z "$pending" ]; then
    exit 0
  fi
  if [ $(($(date +%s) - started)) -ge "$timeout" ]; then
    echo "wait-for-jobs: timed out after ${timeout}s waiting for:$pending" >&2
    exit 2
  fi
  sleep "$interval"
done
