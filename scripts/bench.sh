#!/usr/bin/env bash
# make bench: the benchmark of BENCHMARKS.md. It builds the provider (and a do-nothing "floor" provider and the
# simulator command) from this checkout, runs the real terraform CLI against the HappyFox simulator on loopback,
# prints every section and rewrites BENCHMARKS.md. About 6 to 8 minutes on 2 cores. See internal/bench/.
#
#   HAPPYFOX_BENCH_WRITE=0         print only, leave BENCHMARKS.md alone
#   HAPPYFOX_BENCH_JSON=<file>     also write the raw numbers as JSON
#   HAPPYFOX_BENCH_PROVIDER=<bin>  measure that provider binary instead of building one (used for the "before" numbers)
#   BENCH_ARGS='-run TestBench/calls'  run one section (BENCHMARKS.md is then not written)
#   BENCH_ARGS='-run TestBenchBulk'    only the large-apply benchmark (bulk writes vs one request per object, printed)
set -euo pipefail
cd "$(dirname "$0")/.."
export CHECKPOINT_DISABLE=1
# shellcheck disable=SC2086 # BENCH_ARGS is a list of go test flags
HAPPYFOX_BENCH=1 go test -count=1 -timeout 30m -v ${BENCH_ARGS:--run '^(TestBench|TestBenchBulk)$'} ./internal/bench/
