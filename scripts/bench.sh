#!/usr/bin/env bash
# make bench: the benchmark of BENCHMARKS.md. It builds the provider (and a do-nothing "floor" provider and the
# simulator command) from this checkout, runs the real terraform CLI against the HappyFox simulator on loopback,
# prints every section and rewrites BENCHMARKS.md. About 20 minutes on 2 cores (the large-apply and adoption sections take most of it). See internal/bench/.
#
#   HAPPYFOX_BENCH_WRITE=0         print only, leave BENCHMARKS.md alone
#   HAPPYFOX_BENCH_JSON=<file>     also write the raw numbers as JSON
#   HAPPYFOX_BENCH_PROVIDER=<bin>  measure that provider binary instead of building one (used for the "before" numbers)
#   BENCH_ARGS='-run TestBench/calls'  run one section (BENCHMARKS.md is then not written)
#   HAPPYFOX_BENCH_ADOPT=0         skip the adoption benchmark (terraform query under the newest Terraform)
#   BENCH_ARGS='-run TestBenchBulk'    only the large-apply benchmark (bulk writes vs one request per object, printed)
#   BENCH_ARGS='-run TestBenchConcurrentApplies'  only 4 concurrent applies on one account (shared budget vs off, printed)
#   BENCH_ARGS='-run TestBenchReads'   only the plans of large configurations, every GET by purpose (printed)
set -euo pipefail
cd "$(dirname "$0")/.."
export CHECKPOINT_DISABLE=1
# shellcheck disable=SC2086 # BENCH_ARGS is a list of go test flags
HAPPYFOX_BENCH=1 go test -count=1 -timeout 30m -v ${BENCH_ARGS:--run '^(TestBench|TestBenchBulk|TestBenchReads|TestBenchConcurrentApplies)$'} ./internal/bench/
# Adopting a whole account (2,000 contacts, 300 groups, 1,000 assets) with terraform query needs Terraform >= 1.14:
# it runs under the newest Terraform that builds from the module proxy (cached after the first build) and prints
# its numbers (BENCHMARKS.md is not rewritten by it).
if [ -z "${BENCH_ARGS:-}" ] && [ "${HAPPYFOX_BENCH_ADOPT:-1}" != 0 ]; then
  tf_latest="$(./scripts/build-terraform.sh)"
  HAPPYFOX_BENCH=1 TF_ACC_TERRAFORM_PATH="$tf_latest" go test -count=1 -timeout 60m -v -run '^TestBenchAdopt$' ./internal/bench/
fi
