#!/usr/bin/env bash
# make demo: what a first-time user should see. Builds the provider and the HappyFox simulator, starts the
# simulator on loopback, runs `terraform apply` on examples/demo with the provider just built (through a
# dev_overrides CLI config in a temporary folder), then a second plan that must be empty, and stops the simulator.
set -euo pipefail
root="$(cd "$(dirname "$0")/.." && pwd)"
work="$(mktemp -d)"
trap 'stop_sim; rm -rf "$work"' EXIT
cd "$root"

say() { printf '\n== %s\n' "$*"; }
color=()
[ -t 1 ] || color=(-no-color)

# build TARGET WHAT: `make TARGET`, reporting progress (go build -v names each package it compiles; nothing when
# everything is cached) so that a first, cold build is not minutes of silence.
build() {
  local target="$1" what="$2" start=$SECONDS
  echo "building $what (make $target)..."
  GOFLAGS="${GOFLAGS:-} -v" make -s "$target" 2>&1 |
    awk '/^#|\.go:[0-9]+|error|cannot/ { print; next } { n++; if (n % 40 == 0) printf "  ... %d packages compiled\n", n; fflush() }'
  echo "  done in $((SECONDS - start)) s"
}

say "1/4 building (the first build compiles the plugin framework and gRPC: a few minutes; then seconds)"
build build "the provider, bin/terraform-provider-happyfox"
build sim "the HappyFox simulator, bin/happyfoxsim"

. "$root/scripts/simenv.sh"
say "2/4 starting the HappyFox simulator"
start_sim
echo "simulator listening at $HAPPYFOX_BASE_URL (seeded with a small account: agents, statuses, a \"VIP\" group, ...)"
echo "The provider reads HAPPYFOX_BASE_URL, HAPPYFOX_API_KEY, HAPPYFOX_AUTH_CODE and HAPPYFOX_STAFF_ID from the environment."

mkdir "$work/demo"
cp "$root"/examples/demo/*.tf "$work/demo/"
say "3/4 terraform apply of examples/demo ($("$tf" version | sed -n 1p))"
cat <<'TXT'
It looks things up by name (data sources), creates two contacts, a group with members, a membership, an asset and
ticket dropdown options, and imports the existing "VIP" group (an import block). Terraform first warns that
"Provider development overrides are in effect": expected, the demo uses the provider just built in bin/ instead
of a download from the Registry, and needs no `terraform init`.
TXT
"$tf" -chdir="$work/demo" apply -auto-approve -input=false "${color[@]}"

say "4/4 second plan: must be empty"
"$tf" -chdir="$work/demo" plan -detailed-exitcode -input=false "${color[@]}" >"$work/plan2.log" || {
  cat "$work/plan2.log"
  echo "the second plan is not empty: that is a bug, please report it"
  exit 1
}
echo "No changes: the configuration matches HappyFox."
echo
echo "Stopping the simulator; its data lives in memory only. To try your own configuration against it, see CONTRIBUTING.md."
