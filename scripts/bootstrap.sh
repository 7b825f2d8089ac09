#!/bin/sh
# Sets up a fresh clone, saying what each phase does and how long it took:
#   1. Node (pinned in .node-version) and pnpm (package.json `packageManager`) from the npm registry
#      into .tools/ (git-ignored), whatever Node runs this script; corepack is not used (it cannot
#      verify signatures on this registry);
#   2. the workspace from the lockfile;
#   3. every package's dist/.
# Phases 2 and 3, and everything the root scripts run afterwards, run on the pinned Node
# (scripts/with-node.sh). Needs only a Node with npm (any version npm runs on) and a POSIX shell.
set -eu
repo_root=$(cd "$(dirname "$0")/.." && pwd)
cd "$repo_root"
. ./scripts/toolchain.sh

# Milliseconds since the epoch; whole seconds where date(1) has no %N (BSD/macOS).
now_ms() {
  t=$(date +%s%3N)
  case "$t" in *N) t=$(($(date +%s) * 1000)) ;; esac
  echo "$t"
}
phase_start=0
phase() {
  echo "bootstrap: $1"
  phase_start=$(now_ms)
}
phase_done() {
  ms=$(($(now_ms) - phase_start))
  echo "bootstrap: ${1:-done} in $((ms / 1000)).$(((ms % 1000) / 100))s"
}
bootstrap_start=$(now_ms)

if [ "$node_os" = unsupported ] || [ "$node_cpu" = unsupported ]; then
  echo "bootstrap: no official Node build for $(uname -s)/$(uname -m) on the npm registry; install Node $node_pin and pnpm $pnpm_pin yourself." >&2
  exit 1
fi

if [ -x "$tools_bin/node" ] && [ -x "$tools_bin/pnpm" ]; then
  echo "bootstrap: Node $node_pin and pnpm $pnpm_pin already in ${tools_dir#"$repo_root/"}"
else
  phase "installing Node $node_pin ($node_package) and pnpm $pnpm_pin from the npm registry into ${tools_dir#"$repo_root/"}"
  # Into a scratch folder first, renamed when complete: an interrupted install is never mistaken
  # for a finished one.
  scratch="$tools_dir.partial-$$"
  rm -rf "$scratch"
  mkdir -p "$scratch"
  trap 'rm -rf "$scratch"' EXIT
  npm install --prefix "$scratch" --no-save --no-package-lock --no-audit --no-fund --loglevel=error \
    "$node_package@$node_pin" "pnpm@$pnpm_pin"
  have=$("$scratch/node_modules/.bin/node" --version)
  if [ "$have" != "v$node_pin" ]; then
    echo "bootstrap: $node_package@$node_pin runs as $have; expected v$node_pin." >&2
    exit 1
  fi
  rm -rf "$tools_dir"
  mv "$scratch" "$tools_dir"
  trap - EXIT
  phase_done "Node $node_pin and pnpm $pnpm_pin installed"
fi

PATH="$tools_bin:$PATH"
export PATH

phase "installing the workspace's dependencies from pnpm-lock.yaml (pnpm $pnpm_pin on Node $node_pin)"
if [ "${CI:-}" = "true" ]; then
  pnpm install --frozen-lockfile --reporter=append-only
else
  pnpm install --prefer-offline --reporter=append-only
fi
phase_done "dependencies installed"

phase "building every package's dist/ (turbo; unchanged packages come from its cache)"
pnpm exec turbo run build --output-logs=new-only
phase_done "built"

ms=$(($(now_ms) - bootstrap_start))
echo "bootstrap: ready in $((ms / 1000)).$(((ms % 1000) / 100))s: Node $node_pin, pnpm $pnpm_pin (${tools_dir#"$repo_root/"})"
