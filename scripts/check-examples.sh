#!/usr/bin/env bash
# Checks every example configuration: `terraform fmt -check`, then `terraform validate` of each example folder
# against the provider just built (bin/), through a dev_overrides CLI config and without init (init would try to
# reach the registry). Folders without a terraform block get one declaring happyfox-iac/happyfox.
# Identity imports (import-by-identity.tf, Terraform 1.12 and later) and list blocks (*.tfquery.hcl, Terraform 1.14
# and later) are checked under the newest Terraform (scripts/build-terraform.sh, cached after the first build); the
# rest also under the CLI on PATH, which is what most users run.
set -euo pipefail
root="$(cd "$(dirname "$0")/.." && pwd)"
work="$(mktemp -d)"
trap 'stop_sim; rm -rf "$work"' EXIT
. "$root/scripts/simenv.sh"

newest="$("$root/scripts/build-terraform.sh")"
"$tf" fmt -check -recursive -diff "$root/examples/"
"$newest" fmt -check -recursive -diff "$root/examples/"

failed=0
count=0
# validate <cli> <unit> <files...>: copies the files into a folder of their own and validates it (with -query when
# it holds list blocks).
validate() {
  local cli="$1" unit="$2"
  shift 2
  local rel="${unit#"$root"/}" dest flags=()
  dest="$work/validate/$count"
  mkdir -p "$dest"
  cp "$@" "$dest/"
  if ! grep -qs 'required_providers' "$dest"/*.tf; then
    cat >"$dest/zz_providers.tf" <<'TF'
terraform {
  required_providers {
    happyfox = { source = "happyfox-iac/happyfox" }
  }
}
TF
  fi
  if compgen -G "$dest/*.tfquery.hcl" >/dev/null; then flags=(-query); fi
  count=$((count + 1))
  if ! out="$("$cli" -chdir="$dest" validate -no-color "${flags[@]}" 2>&1)"; then
    echo "FAIL $rel ($("$cli" version | head -n1))"; echo "$out"; failed=1
  fi
}
# Each folder is one configuration, except examples/provider, whose files are alternative provider blocks.
units() {
  find "$root/examples" -name '*.tf' -not -path "$root/examples/provider/*" -printf '%h\n' | sort -u
  find "$root/examples/provider" -name '*.tf' | sort
}
while IFS= read -r unit; do
  if [ -f "$unit" ]; then validate "$tf" "$unit" "$unit"; continue; fi
  files=()
  for f in "$unit"/*.tf; do [ "$(basename "$f")" = import-by-identity.tf ] || files+=("$f"); done
  # Action blocks (examples/actions, the change-records guide) need Terraform 1.14 or later: older CLIs and OpenTofu
  # cannot parse them, so those folders are validated under the newest Terraform only.
  cli="$tf"
  if grep -qs '^action "' "${files[@]}"; then cli="$newest"; fi
  [ "${#files[@]}" = 0 ] || validate "$cli" "$unit" "${files[@]}"
  if [ -f "$unit/import-by-identity.tf" ]; then validate "$newest" "$unit" "$unit/import-by-identity.tf"; fi
done < <(units)
while IFS= read -r unit; do
  validate "$newest" "$unit" "$unit"/*.tfquery.hcl
done < <(find "$root/examples" -name '*.tfquery.hcl' -printf '%h\n' | sort -u)

[ "$failed" = 0 ] || exit 1
echo "check-examples: $count example configurations formatted and valid"
