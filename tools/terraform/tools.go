//go:build tools

// Package terraformbuild pins the newest Terraform CLI that builds from the Go module proxy (see
// scripts/build-terraform.sh), used to run the acceptance tests that need resource identity (Terraform 1.12+)
// and list resources with `terraform query` (Terraform 1.14+).
package terraformbuild

import _ "github.com/hashicorp/terraform"
