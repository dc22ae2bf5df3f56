#!/usr/bin/env bash
# Generates the Registry docs under docs/ with tfplugindocs v0.25.0, from the provider's schema as the newest
# Terraform reads it (scripts/build-terraform.sh, cached after the first build). Only Terraform 1.12 and later put
# resource identities in `providers schema -json`, and only 1.14 and later list resources, so with an older CLI the
# identity sections and the list-resource pages (docs/list-resources/) would silently go missing. The schema is read
# through a dev_overrides config (no init) and handed to tfplugindocs, which then runs no CLI of its own.
set -euo pipefail
root="$(cd "$(dirname "$0")/.." && pwd)"
cd "$root"
tfplugindocs=(go run github.com/hashicorp/terraform-plugin-docs/cmd/tfplugindocs@v0.25.0)
work="$(mktemp -d)"
trap 'rm -rf "$work"' EXIT
TF_BIN="$("$root/scripts/build-terraform.sh")"
make -s build
. "$root/scripts/simenv.sh"
mkdir "$work/schema"
printf 'terraform {\n  required_providers {\n    happyfox = { source = "happyfox-iac/happyfox" }\n  }\n}\n' >"$work/schema/main.tf"
"$tf" -chdir="$work/schema" providers schema -json >"$work/schema.json"
for kind in resource_identity_schemas list_resource_schemas; do
  grep -q "\"$kind\"" "$work/schema.json" || { echo "docs.sh: $("$tf" version | head -n1) left $kind out of the schema" >&2; exit 1; }
done
# tfplugindocs v0.25.0 looks the schema up under "happyfox" or registry.terraform.io/hashicorp/happyfox only.
sed -i -e "s#registry.terraform.io/happyfox-iac/happyfox#registry.terraform.io/hashicorp/happyfox#g" "$work/schema.json"
"${tfplugindocs[@]}" generate --provider-name happyfox --providers-schema "$work/schema.json"
# With the schema, validate also checks that every resource, data source and list resource has its page, and no page
# is left over.
if ! out="$("${tfplugindocs[@]}" validate --provider-name happyfox --providers-schema "$work/schema.json" 2>&1)"; then
  grep -v '\[DEBUG\]' <<<"$out" >&2
  exit 1
fi
