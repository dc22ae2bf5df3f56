#!/usr/bin/env bash
# Generates the Registry docs under docs/ with tfplugindocs v0.25.0. tfplugindocs needs terraform to read the
# provider schema; on a machine with only OpenTofu, the schema is read with `tofu providers schema -json` through a
# dev_overrides config (no init) and handed to tfplugindocs.
set -euo pipefail
root="$(cd "$(dirname "$0")/.." && pwd)"
cd "$root"
tfplugindocs=(go run github.com/hashicorp/terraform-plugin-docs/cmd/tfplugindocs@v0.25.0)
if command -v terraform >/dev/null 2>&1; then
  exec "${tfplugindocs[@]}" generate --provider-name happyfox
fi
work="$(mktemp -d)"
trap 'rm -rf "$work"' EXIT
make -s build
. "$root/scripts/simenv.sh"
mkdir "$work/schema"
printf 'terraform {\n  required_providers {\n    happyfox = { source = "happyfox-iac/happyfox" }\n  }\n}\n' >"$work/schema/main.tf"
"$tf" -chdir="$work/schema" providers schema -json >"$work/schema.json"
# tfplugindocs v0.25.0 looks the schema up under "happyfox" or registry.terraform.io/hashicorp/happyfox only.
sed -i -e "s#registry.opentofu.org/happyfox-iac/happyfox#registry.terraform.io/hashicorp/happyfox#g" -e "s#registry.terraform.io/happyfox-iac/happyfox#registry.terraform.io/hashicorp/happyfox#g" "$work/schema.json"
"${tfplugindocs[@]}" generate --provider-name happyfox --providers-schema "$work/schema.json"
