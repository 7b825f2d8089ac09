#!/bin/sh
# Sets up a fresh clone: the pinned pnpm (corepack cannot verify signatures on this registry, so npm
# installs it), then the workspace from the lockfile, then every package's dist/.
set -eu
cd "$(dirname "$0")/.."

want=$(node -p "require('./package.json').packageManager.split('@')[1]")
have=$(pnpm --version 2>/dev/null || true)
if [ "$have" != "$want" ]; then
  echo "bootstrap: installing pnpm@$want (found: ${have:-none})"
  npm install --global --no-audit --no-fund "pnpm@$want" >/dev/null
fi

if [ "${CI:-}" = "true" ]; then
  pnpm install --frozen-lockfile --reporter=append-only
else
  pnpm install --prefer-offline --reporter=silent
fi
pnpm exec turbo run build --output-logs=errors-only
