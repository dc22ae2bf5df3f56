#!/usr/bin/env bash
# Builds OpenTofu 1.12.6 from the Go module proxy into tools/tofu/bin/tofu (no prebuilt binary can be
# downloaded here). `go install …/cmd/tofu@v1.12.6` is refused because OpenTofu's go.mod has a replace
# directive, so tools/tofu is a tiny wrapper module that carries the same replace.
set -euo pipefail
cd "$(dirname "$0")/../tools/tofu"
mkdir -p bin
GOFLAGS=-mod=mod go build -trimpath -ldflags='-s -w -X github.com/opentofu/opentofu/version.dev=no' \
  -o bin/tofu github.com/opentofu/opentofu/cmd/tofu
./bin/tofu version
