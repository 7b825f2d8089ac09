#!/bin/sh
# Runs a command with the project's pinned Node and pnpm first on PATH (installed by
# scripts/bootstrap.sh into .tools/), so the command and every child it starts (pnpm, turbo and
# the tasks turbo runs, vitest workers, the dev launcher's services) run on the runtime we ship.
#   sh scripts/with-node.sh turbo run test
set -eu
repo_root=$(cd "$(dirname "$0")/.." && pwd)
. "$repo_root/scripts/toolchain.sh"

if [ ! -x "$tools_bin/node" ] || [ ! -x "$tools_bin/pnpm" ]; then
  echo "with-node: Node $node_pin is not installed in $tools_dir; run \`npm run setup\` first." >&2
  exit 1
fi
PATH="$tools_bin:$PATH"
# npm exports the Node that ran it; tools that honour these must see the pinned one.
NODE="$tools_bin/node"
npm_node_execpath="$tools_bin/node"
export PATH NODE npm_node_execpath
exec "$@"
