package provider

import (
	"context"
	"fmt"

	"github.com/hashicorp/terraform-plugin-framework/diag"

	"github.com/happyfox-iac/terraform-provider-happyfox/internal/client"
)

// A create's answer is not trusted blindly: a caching proxy, an answer cut short or a HappyFox bug can hand
// back another object's id, and storing it would put an unmanaged object under Terraform (the next apply
// would change it, and the object really created would be orphaned). So the answer, and the object read back
// by its id (a GET of its own, never the answer itself), must be the one sent before the id is stored. When they
// are not, the natural key decides: the e-mail or the name was free before the create, so the object that
// now has it is the one created. When the lookup cannot tell, nothing is stored and the apply fails.
//
// "The one sent" is the client's rule (client.ContactMismatch, client.GroupMismatch, same_object.go), the same that
// checks the create's answer and the natural-key lookups: texts compared as HappyFox stores and compares them.

// contactIsTheOneSent reports whether ct (a create's answer, or the contact read back by its id) is the
// contact the create sent.
func contactIsTheOneSent(ct *client.Contact, in client.ContactInput) bool {
	return ct != nil && client.ContactMismatch(in, ct) == nil
}

// verifyCreatedContact returns the contact the create made and, when it could be read, that contact as read
// back (got, or getErr when the read-back failed). ct is the create's answer. A nil contact means nothing
// may be stored; the reason is in diags.
func (r *contactResource) verifyCreatedContact(ctx context.Context, ct *client.Contact, in client.ContactInput, diags *diag.Diagnostics) (created, got *client.Contact, getErr error) {
	ctx = client.WithPurpose(ctx, client.ForReadBack)
	c := r.data.Client
	answered := ct
	if contactIsTheOneSent(ct, in) {
		got, getErr = c.GetContact(ctx, ct.ID)
		if getErr != nil || contactIsTheOneSent(got, in) {
			return ct, got, getErr
		}
		answered = got
	}
	// The id answered belongs to another contact.
	if in.Email != "" {
		found, err := c.LookupContactByEmail(ctx, in.Email)
		if err == nil && contactIsTheOneSent(found, in) {
			got, getErr = c.GetContact(ctx, found.ID)
			return found, got, getErr
		}
	}
	diags.AddError("HappyFox answered the create with another contact",
		fmt.Sprintf("The contact %q <%s> was sent, but HappyFox's answer points to contact %d (%q <%s>). That contact is not the one "+
			"created, so nothing was saved to the Terraform state and it was not touched. The contact created could not be found "+
			"by its e-mail. Check the contacts in HappyFox: import the one this configuration describes if it exists "+
			"(terraform import <address> <id>), or apply again if it does not.",
			in.Name, in.Email, answered.ID, answered.Name, answered.Email))
	return nil, nil, nil
}
