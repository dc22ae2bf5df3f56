#!/usr/bin/env bash
# End-to-end check of the "Adopting an existing HappyFox account" guide against the simulator: import blocks,
# terraform plan -generate-config-out, apply, and an empty plan afterwards. Needs bin/ built (make build sim).
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
