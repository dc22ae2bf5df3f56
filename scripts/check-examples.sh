#!/usr/bin/env bash
# Checks every example configuration: `terraform fmt -check`, then `terraform validate` of each example folder
# against the provider just built (bin/), through a dev_overrides CLI config and without init (init would try to
# reach the registry). Folders without a terraform block get one declaring happyfox-iac/happyfox.
set -euo pipefail
root="$(cd "$(dirname "$0")/.." && pwd)"
work="$(mktemp -d)"
trap 'stop_sim; rm -rf "$work"' EXIT
. "$root/scripts/simenv.sh"

"$tf" fmt -check -recursive -diff "$root/examples/"

failed=0
count=0
# Each folder is one configuration, except examples/provider, whose files are alternative provider blocks.
units() {
  find "$root/examples" -name '*.tf' -not -path "$root/examples/provider/*" -printf '%h\n' | sort -u
  find "$root/examples/provider" -name '*.tf' | sort
}
while IFS= read -r unit; do
  rel="${unit#"$root"/}"
  dest="$work/validate/$rel"
  mkdir -p "$dest"
  if [ -d "$unit" ]; then cp "$unit"/*.tf "$dest/"; else cp "$unit" "$dest/"; fi
  if ! grep -qs 'required_providers' "$dest"/*.tf; then
    cat >"$dest/zz_providers.tf" <<'TF'
terraform {
  required_providers {
    happyfox = { source = "happyfox-iac/happyfox" }
  }
}
TF
  fi
  count=$((count + 1))
  if ! out="$("$tf" -chdir="$dest" validate -no-color 2>&1)"; then
    echo "FAIL $rel"; echo "$out"; failed=1
  fi
done < <(units)

[ "$failed" = 0 ] || exit 1
echo "check-examples: $count example folders formatted and valid"
