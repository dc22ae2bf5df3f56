# Sourced by scripts that need the HappyFox simulator and a dev_overrides CLI config.
# Expects $root (repository root) and $work (a temporary folder); sets HAPPYFOX_* variables, TF_CLI_CONFIG_FILE and $tf.
# Call start_sim [extra simulator flags...] after sourcing; the caller's EXIT trap must call stop_sim.
sim_pid=""

tf="${TF_BIN:-$(command -v terraform || true)}"
if [ -z "$tf" ]; then
  [ -x "$root/tools/tofu/bin/tofu" ] || "$root/scripts/build-tofu.sh"
  tf="$root/tools/tofu/bin/tofu"
fi

start_sim() {
  export HAPPYFOX_API_KEY="demo-api-key"
  export HAPPYFOX_AUTH_CODE="demo-auth-code"
  rm -f "$work/addr"
  "$root/bin/happyfoxsim" -listen 127.0.0.1:0 -api-key "$HAPPYFOX_API_KEY" -auth-code "$HAPPYFOX_AUTH_CODE" \
    -addr-file "$work/addr" "$@" >"$work/sim.log" 2>&1 &
  sim_pid=$!
  for _ in $(seq 1 100); do [ -s "$work/addr" ] && break; sleep 0.1; done
  [ -s "$work/addr" ] || { echo "simulator did not start:"; cat "$work/sim.log"; return 1; }
  export HAPPYFOX_BASE_URL="$(cat "$work/addr")"
  export HAPPYFOX_STAFF_ID=1
}

stop_sim() {
  if [ -n "$sim_pid" ]; then kill "$sim_pid" 2>/dev/null; wait "$sim_pid" 2>/dev/null || true; fi
  sim_pid=""
}

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
