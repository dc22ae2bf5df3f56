#!/usr/bin/env bash
# make demo: start the HappyFox simulator on loopback, run `terraform apply` on examples/demo with the provider
# just built (through a dev_overrides CLI config in a temporary folder), print the outputs, stop the simulator.
set -euo pipefail
root="$(cd "$(dirname "$0")/.." && pwd)"
work="$(mktemp -d)"
trap 'stop_sim; rm -rf "$work"' EXIT
. "$root/scripts/simenv.sh"
start_sim
echo "HappyFox simulator listening at $HAPPYFOX_BASE_URL"

mkdir "$work/demo"
cp "$root"/examples/demo/*.tf "$work/demo/"
# No init: with dev_overrides, plan and apply work without it (and init would try to reach the registry).
"$tf" -chdir="$work/demo" apply -auto-approve -input=false
echo
echo "== outputs =="
"$tf" -chdir="$work/demo" output
echo
echo "== second plan (must be empty) =="
"$tf" -chdir="$work/demo" plan -detailed-exitcode -input=false >/dev/null && echo "No changes: the configuration matches HappyFox."
