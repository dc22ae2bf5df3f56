//go:build tools

// Package tofubuild pins the OpenTofu CLI that CI uses as the second Terraform-compatible CLI (and as the
// fallback where no terraform is installed). It is a separate module because OpenTofu's go.mod has a replace
// directive that `go install pkg@version` refuses.
package tofubuild

import _ "github.com/opentofu/opentofu/cmd/tofu"
