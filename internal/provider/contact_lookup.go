package provider

import (
	"context"
	"fmt"
	"strings"

	"github.com/happyfox-iac/terraform-provider-happyfox/internal/client"
)

// findContactByEmail returns the contact whose e-mail equals email ignoring case, or nil when there is none.
// It asks GET user/<email>/ first (docs/dev/happyfox-api.md §2.3, H); because how HappyFox compares case there is
// unknown, a miss is confirmed with the documented search (§2.2, "email:" term) filtered case-insensitively.
func findContactByEmail(ctx context.Context, c *client.Client, email string) (*client.Contact, error) {
	email = strings.TrimSpace(email)
	ct, err := c.GetContactByEmail(ctx, email)
	switch {
	case err == nil && sameEmail(ct.Email, email):
		return ct, nil
	case err != nil && !client.IsNotFound(err):
		return nil, err
	}
	found, err := c.SearchContacts(ctx, map[string]string{"email": email})
	if err != nil {
		return nil, err
	}
	var matches []client.Contact
	for _, f := range found {
		if sameEmail(f.Email, email) {
			matches = append(matches, f)
		}
	}
	switch len(matches) {
	case 0:
		return nil, nil
	case 1:
		return &matches[0], nil
	}
	ids := make([]string, len(matches))
	for i, m := range matches {
		ids[i] = fmt.Sprint(m.ID)
	}
	return nil, fmt.Errorf("several HappyFox contacts have the e-mail %q (ids %s); select one by id", email, strings.Join(ids, ", "))
}
