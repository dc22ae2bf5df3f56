#!/usr/bin/env bash
# End-to-end check of the "Adopting an existing HappyFox account" guide against the simulator, one section per path
# of the guide: import blocks with terraform plan -generate-config-out (section 3), for_each import blocks over the
# plural data sources (section 2, the guide's example), and terraform query -generate-config-out (section 1, when
# the CLI has it or TF_QUERY_BIN names a Terraform >= 1.14). Each applies, must import without any change, and the
# next plan must be empty. Needs bin/ built (make build sim).
set -euo pipefail
root="$(cd "$(dirname "$0")/.." && pwd)"
work="$(mktemp -d)"
trap 'stop_sim; rm -rf "$work"' EXIT
. "$root/scripts/simenv.sh"
start_sim

mkdir "$work/adopt"
cd "$work/adopt"
cat > main.tf <<'TF'
terraform {
  required_providers {
    happyfox = { source = "happyfox-iac/happyfox" }
  }
}
provider "happyfox" {}

# Seed data of the simulator: group 1 "Existing Customers", contact existing@example.com (imported by e-mail),
# the "Product" ticket dropdown (field 62) and an asset of the "General" type.
import {
  to = happyfox_contact_group.existing_customers
  id = "1"
}

import {
  to = happyfox_contact.existing_person
  id = "existing@example.com"
}

import {
  to = happyfox_ticket_custom_field_choices.product
  id = "62"
}

import {
  to = happyfox_asset.first
  id = "1"
}
TF
"$tf" plan -input=false -generate-config-out=generated.tf >plan.log || { cat plan.log; exit 1; }
echo "--- generated.tf"
cat generated.tf
"$tf" apply -input=false -auto-approve >apply.log || { cat apply.log; exit 1; }
grep -q "4 imported" apply.log || { echo "nothing was imported:"; cat apply.log; exit 1; }
"$tf" plan -input=false -detailed-exitcode >plan2.log || { echo "plan after adoption is not empty:"; cat plan2.log; exit 1; }
echo "adopt-check: imported, generated configuration applies, next plan is empty"

# Section 2: for_each import blocks over the plural data sources (the guide's example, as published).
stop_sim
start_sim
mkdir "$work/foreach"
cd "$work/foreach"
printf 'terraform {\n  required_providers {\n    happyfox = { source = "happyfox-iac/happyfox" }\n  }\n}\nprovider "happyfox" {}\n' >providers.tf
cp "$root/examples/guides/adopt-for-each/main.tf" .
"$tf" apply -input=false -auto-approve >apply.log || { cat apply.log; exit 1; }
grep -Eq "[1-9][0-9]* imported, 0 added, 0 changed, 0 destroyed" apply.log || { echo "for_each adoption did not import without changes:"; cat apply.log; exit 1; }
"$tf" plan -input=false -detailed-exitcode >plan2.log || { echo "plan after for_each adoption is not empty:"; cat plan2.log; exit 1; }
echo "adopt-check: for_each import blocks adopt the guide's example; next plan is empty"

# Section 1: terraform query -generate-config-out (Terraform >= 1.14).
qtf="${TF_QUERY_BIN:-}"
if [ -z "$qtf" ] && "$tf" query -help >/dev/null 2>&1; then qtf="$tf"; fi
if [ -z "$qtf" ]; then
  echo "adopt-check: terraform query skipped ($("$tf" version | head -n1) has none; set TF_QUERY_BIN to a Terraform >= 1.14)"
  exit 0
fi
stop_sim
start_sim
mkdir "$work/query"
cd "$work/query"
printf 'terraform {\n  required_providers {\n    happyfox = { source = "happyfox-iac/happyfox" }\n  }\n}\nprovider "happyfox" {}\n' >main.tf
cat >adopt.tfquery.hcl <<'TF'
list "happyfox_contact_group" "all" {
  provider         = happyfox
  include_resource = true
  limit            = 10000
}
list "happyfox_contact" "all" {
  provider         = happyfox
  include_resource = true
  limit            = 10000
}
list "happyfox_asset" "laptops" {
  provider         = happyfox
  include_resource = true
  limit            = 10000
  config {
    asset_type_id = 2
  }
}
list "happyfox_contact_group_membership" "existing_customers" {
  provider         = happyfox
  include_resource = true
  config {
    group_id = 1
  }
}
list "happyfox_ticket_custom_field_choices" "all" {
  provider         = happyfox
  include_resource = true
}
TF
"$qtf" query -generate-config-out=adopt.tf >query.log || { cat query.log; exit 1; }
echo "--- adopt.tf (first 40 lines)"
head -n 40 adopt.tf
"$qtf" apply -input=false -auto-approve >apply.log || { cat apply.log; exit 1; }
grep -Eq "[1-9][0-9]* imported, 0 added, 0 changed, 0 destroyed" apply.log || { echo "query adoption did not import without changes:"; cat apply.log; exit 1; }
"$qtf" plan -input=false -detailed-exitcode >plan2.log || { echo "plan after query adoption is not empty:"; cat plan2.log; exit 1; }
echo "adopt-check: terraform query -generate-config-out adopted the account; next plan is empty"
