package provider

import (
	"context"
	"fmt"

	"github.com/happyfox-iac/terraform-provider-happyfox/internal/client"
	"github.com/hashicorp/terraform-plugin-framework/diag"
)

// The create answer check of the contact group: see contact_resource_verify.go, whose rule it follows.

// verifyCreatedGroup is verifyCreatedContact for a contact group, whose key is its name.
func (r *contactGroupResource) verifyCreatedGroup(ctx context.Context, g *client.ContactGroup, name string, diags *diag.Diagnostics) (created, got *client.ContactGroup, getErr error) {
	ctx = client.WithPurpose(ctx, client.ForReadBack)
	c := r.data.Client
	answered := g
	if client.GroupMismatch(name, g) == nil {
		got, getErr = c.GetContactGroup(ctx, g.ID)
		if getErr != nil || client.GroupMismatch(name, got) == nil {
			return g, got, getErr
		}
		answered = got
	}
	found, err := r.findByName(ctx, name)
	if err == nil && found != nil {
		got, getErr = c.GetContactGroup(ctx, found.ID)
		return found, got, getErr
	}
	diags.AddError("HappyFox answered the create with another contact group",
		fmt.Sprintf("The contact group %q was sent, but HappyFox's answer points to group %d (%q). That group is not the one created, "+
			"so nothing was saved to the Terraform state and it was not touched. The group created could not be found by its name. "+
			"Check the contact groups in HappyFox: import the one this configuration describes if it exists "+
			"(terraform import <address> <id>), or apply again if it does not.", name, answered.ID, answered.Name))
	return nil, nil, nil
}
