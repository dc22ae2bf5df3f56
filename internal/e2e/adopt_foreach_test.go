package e2e

import (
	"fmt"
	"regexp"
	"strings"
	"testing"

	"github.com/happyfox-iac/terraform-provider-happyfox/internal/happyfoxsim"
)

// adoptForEachConfig is the for_each adoption path of the guide (Terraform >= 1.7, OpenTofu >= 1.7): plural
// data sources, one for_each import block and one for_each resource per kind.
func adoptForEachConfig(assetTypeID int64) string {
	return fmt.Sprintf(`
provider "happyfox" {}

data "happyfox_contact_groups" "all" {}

import {
  for_each = data.happyfox_contact_groups.all.groups
  to       = happyfox_contact_group.adopted[each.key]
  id       = each.key
}

resource "happyfox_contact_group" "adopted" {
  for_each       = data.happyfox_contact_groups.all.groups
  name           = each.value.name
  description    = each.value.description
  tagged_domains = each.value.tagged_domains
}

data "happyfox_contacts" "beta" {
  email_domain = "beta.example"
}

import {
  for_each = data.happyfox_contacts.beta.contacts
  to       = happyfox_contact.adopted[each.key]
  id       = each.key
}

resource "happyfox_contact" "adopted" {
  for_each         = data.happyfox_contacts.beta.contacts
  name             = each.value.name
  email            = each.value.email
  is_login_enabled = each.value.is_login_enabled
  phones           = each.value.phones
  custom_fields    = each.value.custom_fields
}

data "happyfox_assets" "adopted" {
  asset_type_id = %d
}

import {
  for_each = data.happyfox_assets.adopted.assets
  to       = happyfox_asset.adopted[each.key]
  id       = each.key
}

resource "happyfox_asset" "adopted" {
  for_each          = data.happyfox_assets.adopted.assets
  asset_type_id     = each.value.asset_type_id
  name              = each.value.name
  display_id        = each.value.display_id
  contact_ids       = each.value.contact_ids
  contact_group_ids = each.value.contact_group_ids
  custom_fields     = each.value.custom_fields
}
`, assetTypeID)
}

// TestAdoptAccount_forEach adopts 32 groups, the 40 contacts of one e-mail domain (a slice of 120, read in 3
// pages) and 60 assets (2 pages) through the plural data sources with for_each import blocks, on any CLI with
// for_each imports (Terraform >= 1.7, OpenTofu >= 1.7): the apply imports them all with zero write requests and
// the next plan is empty.
func TestAdoptAccount_forEach(t *testing.T) {
	skipUnlessAcc(t)
	sim := happyfoxsim.New(happyfoxsim.Options{APIKey: "e2e-key", AuthCode: "e2e-code"})
	acc := sim.SeedAdoptionAccount(120, 30, 60)
	// Hand-made accounts have custom field values (seed field 4 is a text field).
	sim.SetContactCustomField(acc.ContactIDs[0], 4, "ACME-042")
	w := newWorkspace(t, sim, "e2e-key", "e2e-code", adoptForEachConfig(acc.AssetTypeID))

	sim.ResetCounters()
	out, err := w.run(nil, "apply", "-input=false", "-auto-approve")
	if err != nil {
		t.Fatalf("terraform apply: %v\n%s", err, tail(out, 5000))
	}
	for route, n := range sim.Counters().Routes {
		if !strings.HasPrefix(route, "GET ") {
			t.Errorf("the adopting apply sent %d %s, want no write at all", n, route)
		}
	}
	m := regexp.MustCompile(`(\d+) imported, (\d+) added, (\d+) changed, (\d+) destroyed`).FindStringSubmatch(out)
	if want := []string{"132", "0", "0", "0"}; m == nil || strings.Join(m[1:], " ") != strings.Join(want, " ") {
		t.Fatalf("apply summary %q, want 132 imported (32 groups, 40 contacts, 60 assets), 0 added, 0 changed, 0 destroyed\n%s", m, tail(out, 3000))
	}
	if out, err := w.run(nil, "plan", "-input=false", "-detailed-exitcode"); err != nil {
		t.Fatalf("the plan after adoption is not empty: %v\n%s", err, tail(out, 5000))
	}
}
