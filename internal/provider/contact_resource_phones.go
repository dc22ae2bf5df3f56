package provider

import (
	"context"
	"fmt"
	"regexp"
	"strings"

	"github.com/hashicorp/terraform-plugin-framework/attr"
	"github.com/hashicorp/terraform-plugin-framework/diag"
	"github.com/hashicorp/terraform-plugin-framework/path"
	"github.com/hashicorp/terraform-plugin-framework/types"

	"github.com/happyfox-iac/terraform-provider-happyfox/internal/client"
	"github.com/happyfox-iac/terraform-provider-happyfox/internal/tfvalidate"
)

// phoneModel is one element of happyfox_contact.phones.
type phoneModel struct {
	ID        types.Int64  `tfsdk:"id"`
	Type      types.String `tfsdk:"type"`
	Number    types.String `tfsdk:"number"`
	IsPrimary types.Bool   `tfsdk:"is_primary"`
}

var phoneAttrTypes = map[string]attr.Type{
	"id":         types.Int64Type,
	"type":       types.StringType,
	"number":     types.StringType,
	"is_primary": types.BoolType,
}

var phoneObjectType = types.ObjectType{AttrTypes: phoneAttrTypes}

// phoneTypeCodes maps every accepted spelling (lower case) to HappyFox's type code (docs/dev/happyfox-api.md §2.4:
// mo mobile, w work, m main, h home, o other). The readable words are accepted for convenience; HappyFox
// always stores and returns the code, and the provider keeps the configured spelling in state.
var phoneTypeCodes = map[string]string{
	"mo": "mo", "mobile": "mo",
	"w": "w", "work": "w",
	"m": "m", "main": "m",
	"h": "h", "home": "h",
	"o": "o", "other": "o",
}

const phoneTypeHelp = "mo (mobile), w (work), m (main), h (home) or o (other); the words mobile, work, main, home and other are accepted too"

// phoneTypeCode returns the HappyFox code for a configured phone type.
func phoneTypeCode(s string) (string, bool) {
	c, ok := phoneTypeCodes[strings.ToLower(strings.TrimSpace(s))]
	return c, ok
}

// phoneNumberPattern: digits, spaces, "+", "-" and parentheses, with at least one digit, no surrounding blanks.
var phoneNumberPattern = regexp.MustCompile(`^[0-9+() -]*[0-9][0-9+() -]*$`)

func validPhoneNumber(s string) bool {
	return len(s) <= 50 && s == strings.TrimSpace(s) && phoneNumberPattern.MatchString(s)
}

// phoneDigits reduces a number to its digits, to recognise the same number written differently.
func phoneDigits(s string) string {
	return strings.Map(func(r rune) rune {
		if r >= '0' && r <= '9' {
			return r
		}
		return -1
	}, s)
}

// phoneType and phoneNumber check a phone's type and number: first the text rule, then the shape.
var phoneType = tfvalidate.ShapedText{
	Describe: "must be " + phoneTypeHelp,
	Check: func(attr path.Path, s string) (string, string) {
		if _, ok := phoneTypeCode(s); ok {
			return "", ""
		}
		return "Invalid phone type", fmt.Sprintf("%s: %q is not a HappyFox phone type: use %s.", attr, s, phoneTypeHelp)
	},
}

var phoneNumber = tfvalidate.ShapedText{
	Describe: "must contain digits, optionally with spaces, +, - and parentheses",
	Check: func(attr path.Path, s string) (string, string) {
		if validPhoneNumber(s) {
			return "", ""
		}
		return "Invalid phone number", fmt.Sprintf("%s: %q is not a phone number: use digits, optionally with spaces, "+
			"\"+\", \"-\" and parentheses (at most 50 characters, no leading or trailing spaces), e.g. \"+1 (555) 010-0100\".", attr, s)
	},
}

// validatePrimaryPhones reports more than one phone with is_primary = true (plan time, no API call), on the
// is_primary of the second one.
func validatePrimaryPhones(phones []phoneModel, diags *diag.Diagnostics) {
	var primaries []string
	second := -1
	for i, p := range phones {
		if !p.IsPrimary.IsUnknown() && p.IsPrimary.ValueBool() {
			primaries = append(primaries, fmt.Sprintf("phones[%d]", i))
			if len(primaries) == 2 {
				second = i
			}
		}
	}
	if len(primaries) > 1 {
		diags.AddAttributeError(path.Root("phones").AtListIndex(second).AtName("is_primary"), "More than one primary phone",
			fmt.Sprintf("A HappyFox contact has at most one primary phone, but %s all set is_primary = true. "+
				"Keep is_primary = true on one phone and remove it from the others.", strings.Join(primaries, ", ")))
	}
}

// phoneLabel renders a phone for messages.
func phoneLabel(p phoneModel) string {
	if p.ID.IsNull() || p.ID.IsUnknown() {
		return fmt.Sprintf("%q", p.Number.ValueString())
	}
	return fmt.Sprintf("%q (phone id %d)", p.Number.ValueString(), p.ID.ValueInt64())
}

// assignPhoneIDs gives each planned phone the id of the phone it updates, so that editing a number changes
// that phone in place (HappyFox edits a phone when its id is sent, §2.4). A planned phone takes over the
// current phone with the same digits; the remaining planned phones take the remaining current phones in
// order (an edited number); what is left of the plan is new. Current phones that no planned phone takes are
// returned: the API cannot delete them.
func assignPhoneIDs(current, planned []phoneModel) (removed []phoneModel) {
	// One explicit primary makes every other phone non-primary (HappyFox keeps one primary); otherwise a phone
	// whose is_primary is not configured keeps its current flag, and a new one is known after apply.
	explicit := false
	for _, p := range planned {
		explicit = explicit || (!p.IsPrimary.IsUnknown() && !p.IsPrimary.IsNull() && p.IsPrimary.ValueBool())
	}
	used := make([]bool, len(current))
	taken := make([]bool, len(planned))
	take := func(i, j int) {
		used[j], taken[i] = true, true
		planned[i].ID = current[j].ID
		if !explicit && (planned[i].IsPrimary.IsUnknown() || planned[i].IsPrimary.IsNull()) {
			planned[i].IsPrimary = current[j].IsPrimary
		}
	}
	for i, p := range planned {
		if p.Number.IsUnknown() {
			continue
		}
		d := phoneDigits(p.Number.ValueString())
		for j, c := range current {
			if !used[j] && d != "" && phoneDigits(c.Number.ValueString()) == d {
				take(i, j)
				break
			}
		}
	}
	j := 0
	for i := range planned {
		if taken[i] {
			continue
		}
		for j < len(current) && used[j] {
			j++
		}
		if j == len(current) {
			planned[i].ID = types.Int64Unknown()
			if !explicit && planned[i].IsPrimary.IsNull() {
				planned[i].IsPrimary = types.BoolUnknown()
			}
			continue
		}
		take(i, j)
	}
	for i := range planned {
		if explicit && (planned[i].IsPrimary.IsUnknown() || planned[i].IsPrimary.IsNull()) {
			planned[i].IsPrimary = types.BoolValue(false)
		}
	}
	for j, c := range current {
		if !used[j] {
			removed = append(removed, c)
		}
	}
	return removed
}

// matchPhonesByNumber gives each planned phone the id of a current phone with the same number, so that it is not
// added again; unlike assignPhoneIDs it never edits a current phone into another number. It is for a contact this
// run has just created, whose current phones (if any) another writer added.
func matchPhonesByNumber(current, planned []phoneModel) {
	used := make([]bool, len(current))
	for i, p := range planned {
		if p.Number.IsUnknown() {
			continue
		}
		d := phoneDigits(p.Number.ValueString())
		for j, c := range current {
			if !used[j] && d != "" && phoneDigits(c.Number.ValueString()) == d {
				used[j] = true
				planned[i].ID = c.ID
				break
			}
		}
	}
}

// addPhonesNotRemovableError explains why phones cannot be removed through Terraform.
func addPhonesNotRemovableError(diags *diag.Diagnostics, removed []phoneModel) {
	labels := make([]string, 0, len(removed))
	for _, p := range removed {
		labels = append(labels, phoneLabel(p))
	}
	diags.AddAttributeError(path.Root("phones"), "Phone cannot be removed through the HappyFox API",
		fmt.Sprintf("The configuration no longer lists %s, but the HappyFox API has no way to delete a contact's phone "+
			"number (it keeps every phone a request leaves out). Nothing was changed. Either keep the phone in `phones`, or "+
			"delete it in the HappyFox web interface (the contact's profile) and run terraform apply again: the refresh will "+
			"then see that it is gone. To stop managing phones altogether, remove the `phones` argument.", strings.Join(labels, ", ")))
}

// phonesInput converts planned phones into the API payload: a known id edits that phone, no id adds one.
func phonesInput(planned []phoneModel) []client.Phone {
	out := make([]client.Phone, 0, len(planned))
	for _, p := range planned {
		code, _ := phoneTypeCode(p.Type.ValueString())
		if code == "" {
			code = "o"
		}
		ph := client.Phone{Type: code, Number: p.Number.ValueString(), IsPrimary: p.IsPrimary.ValueBool()}
		if !p.ID.IsNull() && !p.ID.IsUnknown() {
			ph.ID = p.ID.ValueInt64()
		}
		out = append(out, ph)
	}
	return out
}

// phonesFromRemote lists the contact's phones in the order of want (the plan or the prior state): a wanted
// phone is found by id, else by number; phones HappyFox has but want lacks (added outside Terraform) follow
// in HappyFox's order; wanted phones HappyFox no longer has are dropped. The configured spelling of the
// type and the number is kept when HappyFox stored the same code and digits.
func phonesFromRemote(remote []client.Phone, want []phoneModel) []phoneModel {
	used := make([]bool, len(remote))
	out := make([]phoneModel, 0, len(remote))
	find := func(w phoneModel) int {
		if !w.ID.IsNull() && !w.ID.IsUnknown() {
			for i, r := range remote {
				if !used[i] && r.ID == w.ID.ValueInt64() {
					return i
				}
			}
			return -1
		}
		if w.Number.IsUnknown() {
			return -1
		}
		for i, r := range remote {
			if !used[i] && r.Number == w.Number.ValueString() {
				return i
			}
		}
		d := phoneDigits(w.Number.ValueString())
		for i, r := range remote {
			if !used[i] && d != "" && phoneDigits(r.Number) == d {
				return i
			}
		}
		return -1
	}
	for _, w := range want {
		i := find(w)
		if i < 0 {
			continue
		}
		used[i] = true
		out = append(out, phoneFromRemote(remote[i], &w))
	}
	for i, r := range remote {
		if !used[i] {
			out = append(out, phoneFromRemote(r, nil))
		}
	}
	return out
}

func phoneFromRemote(r client.Phone, w *phoneModel) phoneModel {
	m := phoneModel{
		ID:        types.Int64Value(r.ID),
		Type:      types.StringValue(r.Type),
		Number:    types.StringValue(r.Number),
		IsPrimary: types.BoolValue(r.IsPrimary),
	}
	if w == nil {
		return m
	}
	if code, ok := phoneTypeCode(w.Type.ValueString()); ok && !w.Type.IsUnknown() && code == strings.ToLower(r.Type) {
		m.Type = w.Type
	}
	if !w.Number.IsUnknown() && phoneDigits(w.Number.ValueString()) == phoneDigits(r.Number) {
		m.Number = w.Number
	}
	return m
}

// checkPhonesApplied compares the planned phones with what HappyFox stored (got is phonesFromRemote of the
// plan, so position i holds the phone planned at i when HappyFox kept it).
func checkPhonesApplied(diags *diag.Diagnostics, planned, got []phoneModel) {
	if len(got) > len(planned) {
		// Someone added phones meanwhile (a person, an integration, or another run that creates the same contact at
		// the same moment on another machine, RELIABILITY.md known limits). The API cannot delete a phone.
		extra := make([]string, 0, len(got)-len(planned))
		for _, g := range got[len(planned):] {
			extra = append(extra, phoneLabel(g))
		}
		addAttributeRefusal(diags, path.Root("phones"), notAppliedSummary,
			fmt.Sprintf("HappyFox accepted the change of the contact's phones, but reading it back shows %d phone(s) where the "+
				"configuration has %d: %s also. Something else added them meanwhile (a person, an integration, or another "+
				"Terraform run managing the same contact). The HappyFox API cannot delete a phone: delete the extra ones in the "+
				"HappyFox web interface, or add them to phones, then apply again.", len(got), len(planned), strings.Join(extra, ", ")))
	}
	for i, p := range planned {
		at := path.Root("phones").AtListIndex(i)
		if i >= len(got) || (!p.ID.IsUnknown() && !p.ID.IsNull() && !got[i].ID.Equal(p.ID)) {
			addNotAppliedError(diags, at, "contact", phoneLabel(p), "no such phone")
			continue
		}
		g := got[i]
		if phoneDigits(g.Number.ValueString()) != phoneDigits(p.Number.ValueString()) {
			addNotAppliedError(diags, at.AtName("number"), "contact", p.Number.ValueString(), g.Number.ValueString())
		}
		want, _ := phoneTypeCode(p.Type.ValueString())
		if have, _ := phoneTypeCode(g.Type.ValueString()); want != "" && want != have {
			addNotAppliedError(diags, at.AtName("type"), "contact", want, g.Type.ValueString())
		}
		if !p.IsPrimary.IsUnknown() && !p.IsPrimary.IsNull() && !g.IsPrimary.Equal(p.IsPrimary) {
			addNotAppliedError(diags, at.AtName("is_primary"), "contact", p.IsPrimary.ValueBool(), g.IsPrimary.ValueBool())
		}
	}
}

// samePhones reports whether two phones lists hold the same phones for HappyFox: the same ids, numbers and primary
// flags in the same order, and types with the same code (the words and the codes of phoneTypeCodes are one type).
func samePhones(a, b types.List) bool {
	if a.Equal(b) {
		return true
	}
	if a.IsNull() || a.IsUnknown() || b.IsNull() || b.IsUnknown() {
		return false
	}
	var diags diag.Diagnostics
	pa, pb := phonesOf(context.Background(), a, &diags), phonesOf(context.Background(), b, &diags)
	if diags.HasError() || len(pa) != len(pb) {
		return false
	}
	for i := range pa {
		x, y := pa[i], pb[i]
		cx, okx := phoneTypeCode(x.Type.ValueString())
		cy, oky := phoneTypeCode(y.Type.ValueString())
		if !x.ID.Equal(y.ID) || !x.Number.Equal(y.Number) || !x.IsPrimary.Equal(y.IsPrimary) || x.Type.IsUnknown() ||
			y.Type.IsUnknown() || !okx || !oky || cx != cy {
			return false
		}
	}
	return true
}

func phonesValue(phones []phoneModel) (types.List, diag.Diagnostics) {
	if phones == nil {
		phones = []phoneModel{}
	}
	return types.ListValueFrom(context.Background(), phoneObjectType, phones)
}

// phonesOf returns the elements of a known phones list (nil for null or unknown).
func phonesOf(ctx context.Context, l types.List, diags *diag.Diagnostics) []phoneModel {
	if l.IsNull() || l.IsUnknown() {
		return nil
	}
	var out []phoneModel
	diags.Append(l.ElementsAs(ctx, &out, false)...)
	return out
}
