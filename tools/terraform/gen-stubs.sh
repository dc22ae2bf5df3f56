#!/usr/bin/env bash
# Writes the stub modules that stand in for the ten folders Terraform's go.mod replaces with local paths that
# its module zip leaves out (nine remote-state backends and internal/legacy). Each backend stub answers every
# use with an error, so a configuration that names one of those backends fails clearly; tests never use them.
set -euo pipefail
cd "$(dirname "$0")"
tf_version="$1"
rm -rf stubs
for b in azure consul cos gcs kubernetes oss pg s3 oci; do
  dir="stubs/backend-$b"
  mkdir -p "$dir"
  cat >"$dir/go.mod" <<MOD
module github.com/hashicorp/terraform/internal/backend/remote-state/$b

go 1.26.8

require github.com/hashicorp/terraform $tf_version
MOD
  cat >"$dir/stub.go" <<GO
// Package $b stands in for Terraform's "$b" remote-state backend, which this test build leaves out.
package $b

import (
	"fmt"

	"github.com/hashicorp/terraform/internal/backend"
	"github.com/hashicorp/terraform/internal/configs/configschema"
	"github.com/hashicorp/terraform/internal/states/statemgr"
	"github.com/hashicorp/terraform/internal/tfdiags"
	"github.com/zclconf/go-cty/cty"
)

type unavailable struct{}

// New returns a backend that refuses to be used.
func New() backend.Backend { return unavailable{} }

func (unavailable) diags() tfdiags.Diagnostics {
	var d tfdiags.Diagnostics
	return d.Append(fmt.Errorf("the %q backend is not part of this test build of Terraform", "$b"))
}

func (unavailable) ConfigSchema() *configschema.Block { return &configschema.Block{} }

func (u unavailable) PrepareConfig(v cty.Value) (cty.Value, tfdiags.Diagnostics) { return v, u.diags() }

func (u unavailable) Configure(cty.Value) tfdiags.Diagnostics { return u.diags() }

func (u unavailable) StateMgr(string) (statemgr.Full, tfdiags.Diagnostics) { return nil, u.diags() }

func (u unavailable) DeleteWorkspace(string, bool) tfdiags.Diagnostics { return u.diags() }

func (u unavailable) Workspaces() ([]string, tfdiags.Diagnostics) { return nil, u.diags() }
GO
done
mkdir -p stubs/legacy
cat >stubs/legacy/go.mod <<MOD
module github.com/hashicorp/terraform/internal/legacy

go 1.26.8
MOD
cat >stubs/legacy/doc.go <<'GO'
// Package legacy is an empty stand-in for Terraform's internal/legacy module, which no CLI code path here uses.
package legacy
GO
