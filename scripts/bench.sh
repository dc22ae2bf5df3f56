#!/usr/bin/env bash
# Placeholder until the performance issue lands: runs the Go benchmarks that exist.
set -euo pipefail
cd "$(dirname "$0")/.."
go test -run '^$' -bench . -benchmem ./...
