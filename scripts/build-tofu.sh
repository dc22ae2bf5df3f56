#!/usr/bin/env bash
# Builds OpenTofu 1.12.6 from the Go module proxy and prints the binary's path (no prebuilt binary can be
# downloaded here). `go install …/cmd/tofu@v1.12.6` is refused because OpenTofu's go.mod has a replace
# directive, so tools/tofu is a tiny wrapper module that carries the same replace.
#
# The binary is cached outside the checkout (about 150 s cold), keyed by the wrapper's go.mod and go.sum, so a
# fresh clone on the same machine reuses it; tools/tofu/bin/tofu is a symlink to it for the scripts that use it.
set -euo pipefail
cd "$(dirname "$0")/../tools/tofu"
version="$(awk '$1 == "require" && $2 == "github.com/opentofu/opentofu" {print $3}' go.mod)"
key="$(sha256sum go.mod go.sum | sha256sum | cut -c1-12)"
cache="${HAPPYFOX_TOOLS_CACHE:-${XDG_CACHE_HOME:-$HOME/.cache}/terraform-provider-happyfox}/tofu-$version-$key"
bin="$cache/tofu"
if [ ! -x "$bin" ]; then
  echo "building OpenTofu $version from the Go module proxy into $cache (about 150 s the first time)" >&2
  mkdir -p "$cache"
  GOFLAGS=-mod=mod go build -trimpath -ldflags='-s -w -X github.com/opentofu/opentofu/version.dev=no' \
    -o "$bin.tmp" github.com/opentofu/opentofu/cmd/tofu
  mv "$bin.tmp" "$bin"
fi
mkdir -p bin
ln -sfn "$bin" bin/tofu
"$bin" version >&2
echo "$bin"
