package provider

import (
	"github.com/hashicorp/terraform-plugin-framework/diag"
	"github.com/hashicorp/terraform-plugin-framework/path"
)

// A refusal is an error in which HappyFox refused part of the configuration: a value it rejected, a member it
// refused, a change it accepted but did not store. It differs from a request that could not be carried out (a
// lockout, a 5xx, a lost connection, an interrupt), which the next apply simply finishes. After a create the two
// are treated differently (settleCreate): a refusal stays an error, the rest become warnings on a tracked object.
// The type of the diagnostic says which it is, never its wording.

// notAppliedSummary is the summary of the refusals that say HappyFox accepted a change but did not store it.
const notAppliedSummary = "HappyFox did not apply the change"

type refusal struct{ diag.Diagnostic }

type attributeRefusal struct{ diag.DiagnosticWithPath }

func (refusal) refusedByHappyFox()          {}
func (attributeRefusal) refusedByHappyFox() {}

// addRefusal adds a refusal that concerns the resource as a whole.
func addRefusal(diags *diag.Diagnostics, summary, detail string) {
	diags.Append(refusal{diag.NewErrorDiagnostic(summary, detail)})
}

// addAttributeRefusal adds a refusal on attribute p.
func addAttributeRefusal(diags *diag.Diagnostics, p path.Path, summary, detail string) {
	diags.Append(attributeRefusal{diag.NewAttributeErrorDiagnostic(p, summary, detail)})
}

// isRefusal reports whether d is a refusal (addRefusal, addAttributeRefusal).
func isRefusal(d diag.Diagnostic) bool {
	_, ok := d.(interface{ refusedByHappyFox() })
	return ok
}
