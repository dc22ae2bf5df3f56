#!/usr/bin/env bash
# make demo: start the HappyFox simulator on loopback, run `terraform apply` on examples/demo with the provider
# just built (through a dev_overrides CLI config in a temporary folder), print the outputs, stop the simulator.
set -euo pipefail
root="$(cd "$(dirname "$0")/.." && pwd)"
work="$(mktemp -d)"
sim_pid=""
cleanup() {
  [ -n "$sim_pid" ] && kill "$sim_pid" 2>/dev/null && wait "$sim_pid" 2>/dev/null
  rm -rf "$work"
}
trap cleanup EXIT

tf="$(command -v terraform || true)"
if [ -z "$tf" ]; then
  [ -x "$root/tools/tofu/bin/tofu" ] || "$root/scripts/build-tofu.sh"
  tf="$root/tools/tofu/bin/tofu"
fi

export HAPPYFOX_API_KEY="demo-api-key"
export HAPPYFOX_AUTH_CODE="demo-auth-code"
"$root/bin/happyfoxsim" -listen 127.0.0.1:0 -api-key "$HAPPYFOX_API_KEY" -auth-code "$HAPPYFOX_AUTH_CODE" \
  -addr-file "$work/addr" >"$work/sim.log" 2>&1 &
sim_pid=$!
for _ in $(seq 1 100); do [ -s "$work/addr" ] && break; sleep 0.1; done
[ -s "$work/addr" ] || { echo "simulator did not start:"; cat "$work/sim.log"; exit 1; }
export HAPPYFOX_BASE_URL="$(cat "$work/addr")"
export HAPPYFOX_STAFF_ID=1
echo "HappyFox simulator listening at $HAPPYFOX_BASE_URL"

cat >"$work/cli.tfrc" <<CFG
provider_installation {
  dev_overrides {
    "registry.terraform.io/happyfox-iac/happyfox" = "$root/bin"
    "registry.opentofu.org/happyfox-iac/happyfox" = "$root/bin"
  }
  direct {}
}
CFG
export TF_CLI_CONFIG_FILE="$work/cli.tfrc" CHECKPOINT_DISABLE=1 TF_IN_AUTOMATION=1

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
