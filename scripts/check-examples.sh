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

# Action blocks (examples/actions, the change-records guide) need Terraform 1.14 or later: an older Terraform, and
# OpenTofu, cannot parse them. With such a CLI they are formatted above but not validated; .ci/run validates them
# again under the newest Terraform (TF_BIN=<terraform 1.16>).
actions_cli=0
if ! "$tf" version 2>/dev/null | grep -qi opentofu; then
  v="$("$tf" version 2>/dev/null | sed -n 's/^Terraform v\([0-9]*\)\.\([0-9]*\).*/\1 \2/p')"
  set -- $v
  if [ "${1:-0}" -gt 1 ] || { [ "${1:-0}" -eq 1 ] && [ "${2:-0}" -ge 14 ]; }; then actions_cli=1; fi
fi

failed=0
count=0
skipped=0
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
  if [ "$actions_cli" = 0 ] && grep -qs '^action "' "$dest"/*.tf; then
    skipped=$((skipped + 1))
    continue
  fi
  count=$((count + 1))
  if ! out="$("$tf" -chdir="$dest" validate -no-color 2>&1)"; then
    echo "FAIL $rel"; echo "$out"; failed=1
  fi
done < <(units)

[ "$failed" = 0 ] || exit 1
echo "check-examples: $count example folders formatted and valid"
[ "$skipped" = 0 ] || echo "check-examples: $skipped folders with action blocks formatted only: $("$tf" version | sed -n 1p) has no actions (TF_BIN=<terraform 1.14+> validates them)"
