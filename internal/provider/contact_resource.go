package provider

import (
	"context"
	"errors"
	"fmt"
	"slices"
	"strconv"
	"strings"

	"github.com/hashicorp/terraform-plugin-framework-validators/listvalidator"
	"github.com/hashicorp/terraform-plugin-framework-validators/mapvalidator"
	"github.com/hashicorp/terraform-plugin-framework-validators/stringvalidator"
	"github.com/hashicorp/terraform-plugin-framework/diag"
	"github.com/hashicorp/terraform-plugin-framework/path"
	"github.com/hashicorp/terraform-plugin-framework/resource"
	"github.com/hashicorp/terraform-plugin-framework/resource/schema"
	"github.com/hashicorp/terraform-plugin-framework/resource/schema/boolplanmodifier"
	"github.com/hashicorp/terraform-plugin-framework/resource/schema/int64planmodifier"
	"github.com/hashicorp/terraform-plugin-framework/resource/schema/mapplanmodifier"
	"github.com/hashicorp/terraform-plugin-framework/resource/schema/planmodifier"
	"github.com/hashicorp/terraform-plugin-framework/resource/schema/stringdefault"
	"github.com/hashicorp/terraform-plugin-framework/resource/schema/stringplanmodifier"
	"github.com/hashicorp/terraform-plugin-framework/schema/validator"
	"github.com/hashicorp/terraform-plugin-framework/tfsdk"
	"github.com/hashicorp/terraform-plugin-framework/types"

	"github.com/happyfox-iac/terraform-provider-happyfox/internal/client"
	"github.com/happyfox-iac/terraform-provider-happyfox/internal/tfidentity"
	"github.com/happyfox-iac/terraform-provider-happyfox/internal/tfvalidate"
	"github.com/happyfox-iac/terraform-provider-happyfox/internal/tfvalue"
)

var (
	_ resource.ResourceWithConfigure      = &contactResource{}
	_ resource.ResourceWithImportState    = &contactResource{}
	_ resource.ResourceWithModifyPlan     = &contactResource{}
	_ resource.ResourceWithValidateConfig = &contactResource{}
)

// NewContactResource is the constructor of happyfox_contact.
func NewContactResource() resource.Resource { return &contactResource{} }

type contactResource struct{ data *providerData }

type contactModel struct {
	ID             types.Int64        `tfsdk:"id"`
	Name           types.String       `tfsdk:"name"`
	Email          tfvalue.EmailValue `tfsdk:"email"`
	Phones         types.List         `tfsdk:"phones"`
	IsLoginEnabled types.Bool         `tfsdk:"is_login_enabled"`
	CustomFields   types.Map          `tfsdk:"custom_fields"`
	CreatedAt      types.String       `tfsdk:"created_at"`
	UpdatedAt      types.String       `tfsdk:"updated_at"`
}

const contactNotDeletable = "HappyFox has no API to delete contacts, so destroying this resource only removes it from the " +
	"Terraform state: the contact, its phones, custom field values and group memberships stay in HappyFox. Delete it in " +
	"the HappyFox web interface if it is no longer needed."

// privateImported marks state created by terraform import, so that the first read fills custom_fields with
// every value the contact has (afterwards only the configured keys are tracked).
const privateImported = "imported"

func (r *contactResource) Metadata(_ context.Context, req resource.MetadataRequest, resp *resource.MetadataResponse) {
	resp.TypeName = req.ProviderTypeName + "_contact"
}

func (r *contactResource) Schema(_ context.Context, _ resource.SchemaRequest, resp *resource.SchemaResponse) {
	resp.Schema = schema.Schema{
		MarkdownDescription: "A HappyFox contact (a customer who raises tickets): name, e-mail, phones, portal login and contact " +
			"custom field values.\n\n~> **Destroy does not delete.** " + contactNotDeletable,
		Attributes: map[string]schema.Attribute{
			"id": schema.Int64Attribute{
				Computed:            true,
				MarkdownDescription: "Numeric HappyFox id of the contact.",
				PlanModifiers:       []planmodifier.Int64{int64planmodifier.UseStateForUnknown()},
			},
			"name": schema.StringAttribute{
				Required: true,
				MarkdownDescription: "Full name of the contact: 1 to 255 characters on one line, with no white space at either end " +
					"and single spaces between words (HappyFox would store it cleaned, and the next plan would show a change).",
				Validators: []validator.String{
					stringvalidator.UTF8LengthBetween(1, 255), // characters, not bytes
					tfvalidate.Text{Lines: tfvalidate.SingleLine, NotBlank: true},
				},
			},
			"email": schema.StringAttribute{
				CustomType: tfvalue.EmailType{},
				Optional:   true,
				MarkdownDescription: "E-mail address of the contact, unique in HappyFox. Compared case-insensitively: `Bob@Example.com` " +
					"and `bob@example.com` are the same address and give no diff. Creating a contact whose e-mail already belongs " +
					"to a HappyFox contact fails at plan time (import that contact instead), and so do a change to another contact's " +
					"e-mail and two contacts of the plan whose e-mails differ only in case. Either `email` or at least one phone " +
					"is required.",
				Validators: []validator.String{tfvalidate.Email{Stored: true}},
			},
			"phones": schema.ListNestedAttribute{
				Optional: true,
				Computed: true,
				MarkdownDescription: "Phone numbers of the contact. When set, the list is managed: a phone whose number changes is " +
					"edited in place (the provider keeps each phone's HappyFox `id`). **The HappyFox API cannot delete a phone**: " +
					"removing a phone from this list fails at plan time with an explanation; delete the phone in the HappyFox web " +
					"interface, then apply again. When `phones` is not set, the contact's phones are not managed and are shown here " +
					"as read from HappyFox.",
				Validators: []validator.List{listvalidator.SizeAtMost(50)},
				NestedObject: schema.NestedAttributeObject{Attributes: map[string]schema.Attribute{
					"id": schema.Int64Attribute{
						Computed:            true,
						MarkdownDescription: "HappyFox id of the phone, kept in state so that a changed number updates this phone.",
					},
					"type": schema.StringAttribute{
						Optional: true,
						Computed: true,
						Default:  stringdefault.StaticString("o"),
						MarkdownDescription: "Kind of number: `mo` (mobile), `w` (work), `m` (main), `h` (home) or `o` (other, the " +
							"default). The words `mobile`, `work`, `main`, `home` and `other` are accepted too; HappyFox stores the code, " +
							"and the configured spelling is kept in state.",
						Validators: []validator.String{phoneType},
					},
					"number": schema.StringAttribute{
						Required: true,
						MarkdownDescription: "The number: digits, optionally with single spaces, `+`, `-` and parentheses, " +
							"e.g. `+1 (555) 010-0100`, with no white space at either end.",
						Validators: []validator.String{phoneNumber},
					},
					"is_primary": schema.BoolAttribute{
						Optional: true,
						Computed: true,
						MarkdownDescription: "Whether this is the contact's primary phone. At most one phone may set `true`; the others " +
							"then become non-primary. When no phone sets it, HappyFox decides.",
					},
				}},
			},
			"is_login_enabled": schema.BoolAttribute{
				Optional: true,
				Computed: true,
				MarkdownDescription: "Whether the contact may log in to the HappyFox support portal. HappyFox enables it for new " +
					"contacts; when not set, the current value is kept.",
				PlanModifiers: []planmodifier.Bool{boolplanmodifier.UseStateForUnknown()},
			},
			"custom_fields": schema.MapAttribute{
				ElementType:   types.StringType,
				Optional:      true,
				Computed:      true,
				PlanModifiers: []planmodifier.Map{mapplanmodifier.UseStateForUnknown()},
				MarkdownDescription: "Contact custom field values, keyed by custom field id (see the `happyfox_contact_custom_fields` " +
					"data source). Values are strings: text; a number with at most two decimals; a date as `YYYY-MM-DD`; a choice " +
					"id for a choice field; choice ids joined with commas (`\"10,12\"`) for a multiple-choice field; `\"\"` clears " +
					"the field. Values are checked against the field definitions at plan time. Only the listed fields are managed: " +
					"values set outside Terraform in other fields are preserved (the provider reads the contact and sends them back, " +
					"because HappyFox resets every field a write leaves out) and never show a diff. Removing a key from a configured " +
					"map clears that field in HappyFox. When `custom_fields` is not set at all, no field is managed and none is ever " +
					"cleared: the attribute shows the values last read. After an import, every field that has a value is listed.",
				Validators: []validator.Map{
					mapvalidator.KeysAre(stringvalidator.RegexMatches(fieldIDPattern, "must be a custom field id such as \"4\"")),
				},
			},
			"created_at": schema.StringAttribute{
				Computed:            true,
				MarkdownDescription: "When the contact was created, `YYYY-MM-DD HH:MM:SS` in UTC.",
				PlanModifiers:       []planmodifier.String{stringplanmodifier.UseStateForUnknown()},
			},
			"updated_at": schema.StringAttribute{
				Computed:            true,
				MarkdownDescription: "When the contact was last changed, `YYYY-MM-DD HH:MM:SS` in UTC; null if never.",
			},
		},
	}
}

func (r *contactResource) Configure(_ context.Context, req resource.ConfigureRequest, resp *resource.ConfigureResponse) {
	r.data = configuredData(req.ProviderData, &resp.Diagnostics)
}

func (r *contactResource) ValidateConfig(ctx context.Context, req resource.ValidateConfigRequest, resp *resource.ValidateConfigResponse) {
	var cfg contactModel
	resp.Diagnostics.Append(req.Config.Get(ctx, &cfg)...)
	if resp.Diagnostics.HasError() {
		return
	}
	phones := phonesOf(ctx, cfg.Phones, &resp.Diagnostics)
	validatePrimaryPhones(phones, &resp.Diagnostics)
	validateDistinctPhones(phones, &resp.Diagnostics)
	if cfg.Email.IsNull() && !cfg.Phones.IsUnknown() && len(phones) == 0 {
		resp.Diagnostics.AddAttributeError(path.Root("email"), "E-mail or phone required",
			"HappyFox needs an e-mail address or at least one phone number for a contact: set email, or list a phone in phones.")
	}
}

func (r *contactResource) ModifyPlan(ctx context.Context, req resource.ModifyPlanRequest, resp *resource.ModifyPlanResponse) {
	if req.Plan.Raw.IsNull() {
		if !req.State.Raw.IsNull() {
			resp.Diagnostics.AddWarning("Contact will only be removed from Terraform state", contactNotDeletable)
			r.planDestroyClaims(ctx, req, resp)
		}
		return
	}
	var plan contactModel
	resp.Diagnostics.Append(req.Plan.Get(ctx, &plan)...)
	var cfgPhones types.List
	resp.Diagnostics.Append(req.Config.GetAttribute(ctx, path.Root("phones"), &cfgPhones)...)
	var state *contactModel
	if !req.State.Raw.IsNull() {
		state = &contactModel{}
		resp.Diagnostics.Append(req.State.Get(ctx, state)...)
	}
	if resp.Diagnostics.HasError() {
		return
	}
	if r.data != nil {
		checks := &r.data.planChecks
		stateID := ""
		if state != nil {
			checks.markSeen("contact", state.ID.ValueInt64())
			checks.noteContact(state.ID.ValueInt64())
			stateID = fmt.Sprint(state.ID.ValueInt64())
		}
		// The e-mail this contact has after the apply, and the one it gives up, against the other contacts of the
		// plan (plan_claims.go).
		owner := checks.claims.owner(ctx, "contact", stateID, req, resp)
		if plan.Email.IsSet() {
			checks.claims.claimValue(claimEmail, client.EmailKey(plan.Email.ValueString()), plan.Email.ValueString(), owner,
				path.Root("email"), fmt.Sprintf("the e-mail %q", plan.Email.ValueString()), &resp.Diagnostics)
		}
		emailChanges := state != nil && !plan.Email.IsUnknown() && !client.SameEmail(plan.Email.ValueString(), state.Email.ValueString())
		if emailChanges && state.Email.IsSet() {
			how := fmt.Sprintf("changes the e-mail of contact %s to %q", stateID, plan.Email.ValueString())
			if !plan.Email.IsSet() {
				how = "removes the e-mail of contact " + stateID
			}
			checks.claims.leaveValue(claimEmail, client.EmailKey(state.Email.ValueString()), state.Email.ValueString(), owner, how,
				path.Root("email"), fmt.Sprintf("the e-mail %q", state.Email.ValueString()), &resp.Diagnostics)
		}
		if resp.Diagnostics.HasError() {
			return
		}
		switch {
		case state == nil:
			// A create: check the credentials and that the e-mail is free now, not at apply (plan_checks.go).
			checks.planContactCreate(ctx, r.data.Client, &r.data.forgotten, plan, &resp.Diagnostics)
		case emailChanges && plan.Email.IsSet():
			checks.planContactEmailChange(ctx, r.data.Client, state.ID.ValueInt64(), plan.Email.ValueString(), &resp.Diagnostics)
		}
		if resp.Diagnostics.HasError() {
			return
		}
	}

	switch {
	case cfgPhones.IsNull() && state != nil:
		// Phones are not managed: keep what HappyFox has.
		resp.Diagnostics.Append(resp.Plan.SetAttribute(ctx, path.Root("phones"), state.Phones)...)
	case !cfgPhones.IsNull() && !plan.Phones.IsUnknown():
		planned := phonesOf(ctx, plan.Phones, &resp.Diagnostics)
		var current []phoneModel
		if state != nil {
			current = phonesOf(ctx, state.Phones, &resp.Diagnostics)
		}
		if removed := assignPhoneIDs(current, planned); len(removed) > 0 {
			addPhonesNotRemovableError(&resp.Diagnostics, removed)
			return
		}
		v, d := phonesValue(planned)
		resp.Diagnostics.Append(d...)
		resp.Diagnostics.Append(resp.Plan.SetAttribute(ctx, path.Root("phones"), v)...)
	}

	if r.data != nil {
		fields := plan.CustomFields
		if state == nil && fields.IsUnknown() {
			// custom_fields is not set (Computed makes it unknown on create): check the required fields against
			// none, as the create sends none.
			var cfgFields types.Map
			resp.Diagnostics.Append(req.Config.GetAttribute(ctx, path.Root("custom_fields"), &cfgFields)...)
			if cfgFields.IsNull() {
				fields = types.MapNull(types.StringType)
			}
		}
		r.validateCustomFields(ctx, fields, state == nil, &resp.Diagnostics)
	}
	if state != nil && !resp.Diagnostics.HasError() {
		// Terraform proposes a null for an unset phones list, which makes the framework mark updated_at unknown
		// although phones were put back above: when nothing else changes (or only the spelling of a phone type),
		// nothing is written, so keep it.
		var final contactModel
		resp.Diagnostics.Append(resp.Plan.Get(ctx, &final)...)
		final.UpdatedAt = state.UpdatedAt
		if contactModelsEqual(final, *state) {
			resp.Diagnostics.Append(resp.Plan.SetAttribute(ctx, path.Root("updated_at"), state.UpdatedAt)...)
		}
	}
}

// planDestroyClaims records that destroying the contact gives its e-mail up (plan_claims.go): HappyFox keeps the
// contact, so a resource of the same plan that takes the e-mail depends on the order of the two.
func (r *contactResource) planDestroyClaims(ctx context.Context, req resource.ModifyPlanRequest, resp *resource.ModifyPlanResponse) {
	var state contactModel
	resp.Diagnostics.Append(req.State.Get(ctx, &state)...)
	if r.data == nil || resp.Diagnostics.HasError() || !state.Email.IsSet() {
		return
	}
	id := fmt.Sprint(state.ID.ValueInt64())
	r.data.planChecks.claims.leaveValue(claimEmail, client.EmailKey(state.Email.ValueString()), state.Email.ValueString(), "contact "+id,
		"destroys contact "+id+", which HappyFox keeps (only Terraform forgets it)", path.Root("email"),
		fmt.Sprintf("the e-mail %q", state.Email.ValueString()), &resp.Diagnostics)
}

// emailClaimKey is an e-mail as HappyFox compares it: ignoring case and surrounding white space (§2.3).

// contactModelsEqual reports whether a and b hold the same contact for HappyFox: equal, except that a phone type
// may be spelled as the word in one and as the code in the other ("mobile", "mo": samePhones). An import reads
// the codes HappyFox stores; a configuration may say the words. So when only the spelling differs, the plan keeps
// updated_at and the apply writes nothing (contactResource.Update).
func contactModelsEqual(a, b contactModel) bool {
	return a.ID.Equal(b.ID) && a.Name.Equal(b.Name) && a.Email.Equal(b.Email) && samePhones(a.Phones, b.Phones) &&
		a.IsLoginEnabled.Equal(b.IsLoginEnabled) && a.CustomFields.Equal(b.CustomFields) && a.CreatedAt.Equal(b.CreatedAt) &&
		a.UpdatedAt.Equal(b.UpdatedAt)
}

// validateCustomFields checks configured values against the field definitions (one memoized GET
// user_custom_fields/). On create it also reports required fields that are missing.
func (r *contactResource) validateCustomFields(ctx context.Context, m types.Map, creating bool, diags *diag.Diagnostics) {
	if m.IsUnknown() || (len(m.Elements()) == 0 && !creating) {
		return
	}
	values := tfvalue.StringMap(ctx, m, diags)
	defs := fieldDefs{c: r.data.Client}
	if err := defs.load(ctx); err != nil {
		addAPIError(diags, "read the contact custom field definitions to check custom_fields", err, nil)
		return
	}
	for key, v := range values {
		at := path.Root("custom_fields").AtMapKey(key)
		id, _ := strconv.ParseInt(key, 10, 64)
		def, ok := defs.byID[id]
		if !ok {
			diags.AddAttributeError(at, "Unknown contact custom field",
				fmt.Sprintf("custom_fields[%q]: HappyFox has no contact custom field with id %s. Available: %s.", key, key, fieldDefLabels(defs.list)))
			continue
		}
		if v.IsUnknown() {
			continue
		}
		if problem := checkFieldValue(def, v.ValueString()); problem != "" {
			diags.AddAttributeError(at, "Invalid contact custom field value",
				fmt.Sprintf("custom_fields[%q] = %q %s.", key, v.ValueString(), problem))
		} else if problem := tfvalidate.FieldTextProblem(at, def.Type, v.ValueString()); problem != "" {
			diags.AddAttributeError(at, tfvalidate.TextCleaningSummary, problem)
		}
	}
	if !creating {
		return
	}
	for _, def := range defs.list {
		if _, ok := values[strconv.FormatInt(def.ID, 10)]; def.Required && !ok {
			diags.AddAttributeError(path.Root("custom_fields"), "Required contact custom field missing",
				fmt.Sprintf("HappyFox requires a value for contact custom field %d (%q) on every contact: add \"%d\" = \"…\" to custom_fields.",
					def.ID, def.Name, def.ID))
		}
	}
}

func fieldDefLabels(defs []client.CustomFieldDef) string {
	return listLabels(defs, func(f client.CustomFieldDef) string { return fmt.Sprintf("%d (%q, %s)", f.ID, f.Name, f.Type) })
}

func contactFields(custom map[string]types.String) fieldPaths {
	f := fieldPaths{
		"name":             path.Root("name"),
		"email":            path.Root("email"),
		"phones":           path.Root("phones"),
		"is_login_enabled": path.Root("is_login_enabled"),
	}
	for k := range custom {
		f[client.ContactCustomFieldName(k)] = path.Root("custom_fields").AtMapKey(k)
	}
	return f
}

func (r *contactResource) Create(ctx context.Context, req resource.CreateRequest, resp *resource.CreateResponse) {
	defer tfidentity.Set(ctx, resp.Identity, &resp.Diagnostics, &resp.State)
	forgetPlannedFor(ctx, resp.Private, &resp.Diagnostics) // plan_claims.go
	var plan contactModel
	resp.Diagnostics.Append(req.Plan.Get(ctx, &plan)...)
	if resp.Diagnostics.HasError() {
		return
	}
	c := r.data.Client
	email := strings.TrimSpace(plan.Email.ValueString())
	if plan.Email.IsSet() {
		existing, err := c.FindContactByEmail(ctx, email) // from the paged contact list when many contacts are created
		if err != nil {
			addAPIError(&resp.Diagnostics, "check whether the contact's e-mail is already in use", err, nil)
			return
		}
		if existing != nil && r.data.forgotten.take("contact", existing.ID) {
			// This run destroyed (forgot) this very contact: it is being replaced. HappyFox cannot delete it, so
			// adopt it and make it match the configuration instead of refusing because the e-mail is taken.
			resp.Diagnostics.AddWarning("Existing contact adopted",
				fmt.Sprintf("Contact %d (%q) was replaced, but HappyFox cannot delete contacts: the replacement adopts the same "+
					"contact and updates it to the configuration.", existing.ID, existing.Email))
			r.data.planChecks.noteContact(existing.ID)
			saveCreated(ctx, req, resp, createdObject{kind: "contact", id: fmt.Sprint(existing.ID)},
				r.toModel(ctx, existing, plan, false, &fieldDefs{c: c}, &diag.Diagnostics{}),
				func(st tfvalue.StateSetter, follow *diag.Diagnostics) {
					if planned := phonesOf(ctx, plan.Phones, follow); len(planned) > 0 {
						// Phones matching the contact's keep their ids, so that they are not added a second time.
						assignPhoneIDs(phonesFromRemote(existing.Phones, nil), planned)
						v, d := phonesValue(planned)
						follow.Append(d...)
						plan.Phones = v
					}
					r.update(ctx, existing.ID, plan, contactModel{ID: types.Int64Value(existing.ID), CustomFields: types.MapNull(types.StringType)},
						req.Config, st, follow)
				})
			return
		}
		if existing != nil {
			// POST users/ with an existing e-mail would silently edit that contact (docs/dev/happyfox-api.md §2.4).
			resp.Diagnostics.AddAttributeError(path.Root("email"), "Contact already exists",
				fmt.Sprintf("HappyFox already has contact %d (%q) with the e-mail %q. Creating it would take over that contact, so "+
					"nothing was changed. To manage it with Terraform, import it: terraform import <address> %d (or an import block "+
					"with id = \"%d\" or id = %q).", existing.ID, existing.Name, existing.Email, existing.ID, existing.ID, email))
			return
		}
	}
	custom := tfvalue.StringMap(ctx, plan.CustomFields, &resp.Diagnostics)
	defs := &fieldDefs{c: c}
	in, ok := r.toInput(ctx, plan, req.Config, custom, defs, &resp.Diagnostics)
	if !ok {
		return
	}

	create := func(ctx context.Context) (*client.Contact, error) { return c.CreateContact(ctx, in) }
	var ct *client.Contact
	var err error
	if email != "" {
		// When the outcome is unknown (a lost answer, a 5xx), the contact is looked up by e-mail: the e-mail was
		// free before the POST, so a contact with it now is the one this request created, and no contact means
		// HappyFox did not carry the request out, so it is sent again (client.CreateVerified).
		// Concurrent creates share bulk POST users/ requests, settled the same way item by item (client.CreateContactBatched).
		ct, err = c.CreateContactBatched(ctx, in)
	} else {
		// A contact with phones only has no natural key to look it up by: an unknown outcome is reported as is.
		ct, err = create(ctx)
	}
	if err != nil {
		if claimed := (*client.ContactClaimedError)(nil); errors.As(err, &claimed) {
			addContactClaimedError(&resp.Diagnostics, claimed)
			return
		}
		addAPIError(&resp.Diagnostics, "create the contact", err, contactFields(custom))
		return
	}
	// The id and the planned values are saved at once: whatever fails below, the contact is tracked, never tainted
	// and never orphaned (saveCreated). POST users/ answers with the full contact (docs/dev/happyfox-api.md §2.4), so
	// the values the plan left unknown come from that answer.
	// First make sure the answer is the contact sent, not another one (create_identity.go).
	ct, got, getErr := r.verifyCreatedContact(ctx, ct, in, &resp.Diagnostics)
	if ct == nil {
		return
	}
	r.data.planChecks.noteContact(ct.ID) // for the plan checks of the ids that refer to it, later in this apply
	saveCreated(ctx, req, resp, createdObject{kind: "contact", id: fmt.Sprint(ct.ID)},
		r.toModel(ctx, ct, plan, false, defs, &diag.Diagnostics{}),
		func(st tfvalue.StateSetter, follow *diag.Diagnostics) {
			if email == "" || len(in.Phones) == 0 {
				r.readBackFrom(ctx, got, getErr, plan, nil, defs, "creating", st, follow)
				return
			}
			// A create with an e-mail sends no phones (client.CreateContactBatched): they are added now that the
			// contact is known to be the one this run created, and only those it does not hold yet (matched by
			// number, as read back), so that a contact never gets a phone twice.
			if got != nil {
				planned := phonesOf(ctx, plan.Phones, follow)
				matchPhonesByNumber(phonesFromRemote(got.Phones, nil), planned)
				v, d := phonesValue(planned)
				follow.Append(d...)
				plan.Phones = v
			}
			r.update(ctx, ct.ID, plan, contactModel{ID: types.Int64Value(ct.ID), CustomFields: plan.CustomFields}, req.Config, st, follow)
		})
}

// addContactClaimedError reports a create whose e-mail another run or integration claimed first: HappyFox holds
// that contact (or soon will), this run does not track it, and the user decides which workspace manages it.
func addContactClaimedError(diags *diag.Diagnostics, e *client.ContactClaimedError) {
	if e.ID == 0 {
		diags.AddAttributeError(path.Root("email"), "Contact being created by another run",
			e.Error()+".\n\nNothing was sent for it. Let the other run finish, then run terraform plan here: the e-mail then "+
				"belongs to the contact the other run created. If this workspace should manage it, import it here and remove it "+
				"from the other workspace's state (terraform state rm); otherwise remove this resource from this configuration.")
		return
	}
	diags.AddAttributeError(path.Root("email"), "Contact created by another run",
		fmt.Sprintf("%s.\n\nThis workspace does not manage contact %d, and did not save it to its state. If this workspace "+
			"should manage it, import it here (terraform import <address> %d, or an import block with id = \"%d\") and remove it "+
			"from the state of the workspace that created it (terraform state rm <address> there); otherwise remove this "+
			"resource from this configuration.%s", e.Error(), e.ID, e.ID, e.ID, edited(e)))
}

func edited(e *client.ContactClaimedError) string {
	if !e.Edited {
		return " Nothing was sent for it."
	}
	return fmt.Sprintf(" HappyFox applied this run's name and custom fields to contact %d when it received the create (no "+
		"phone was sent): the other workspace's next plan shows any difference.", e.ID)
}

// toInput is what a write sends for plan: the name and e-mail, the configured phones and login flag (unset ones are
// left out, so HappyFox keeps its values) and the configured custom field values (custom, encoded per defs). An
// update adds the values of the fields the configuration does not manage, since HappyFox resets every field a write
// leaves out (§2.4). It reports false, with the reason in diags, when a value cannot be encoded.
func (r *contactResource) toInput(ctx context.Context, plan contactModel, cfg tfsdk.Config, custom map[string]types.String, defs *fieldDefs, diags *diag.Diagnostics) (in client.ContactInput, ok bool) {
	in = client.ContactInput{Name: plan.Name.ValueString(), Email: strings.TrimSpace(plan.Email.ValueString()), CustomFields: map[int64]any{}}
	var cfgPhones types.List
	var cfgLogin types.Bool
	diags.Append(cfg.GetAttribute(ctx, path.Root("phones"), &cfgPhones)...)
	diags.Append(cfg.GetAttribute(ctx, path.Root("is_login_enabled"), &cfgLogin)...)
	if !cfgPhones.IsNull() && !plan.Phones.IsNull() && !plan.Phones.IsUnknown() {
		in.Phones = phonesInput(phonesOf(ctx, plan.Phones, diags))
	}
	if !cfgLogin.IsNull() && !plan.IsLoginEnabled.IsNull() && !plan.IsLoginEnabled.IsUnknown() {
		v := plan.IsLoginEnabled.ValueBool()
		in.IsLoginEnabled = &v
	}
	for key, v := range custom {
		id, _ := strconv.ParseInt(key, 10, 64)
		def, known, err := defs.get(ctx, id)
		if err != nil {
			addAPIError(diags, "read the contact custom field definitions", err, nil)
			return in, false
		}
		kind := kindOther
		if known {
			kind = fieldKindOf(def.Type)
			// Checked at plan, unless the value was unknown then.
			if problem := checkFieldValue(def, v.ValueString()); problem != "" {
				diags.AddAttributeError(path.Root("custom_fields").AtMapKey(key), "Invalid contact custom field value",
					fmt.Sprintf("custom_fields[%q] = %q %s.", key, v.ValueString(), problem))
				return in, false
			}
		}
		val, err := encodeFieldValue(kind, v.ValueString())
		if err != nil {
			diags.AddAttributeError(path.Root("custom_fields").AtMapKey(key), "Invalid contact custom field value", err.Error())
			return in, false
		}
		in.CustomFields[id] = val
	}
	return in, !diags.HasError()
}

// readBack reads the contact after a write, compares it with the plan and saves it to state.
// cleared lists custom field keys removed from the configuration, which must now be empty.
func (r *contactResource) readBack(ctx context.Context, id int64, plan contactModel, cleared map[string]bool, defs *fieldDefs, verb string, st tfvalue.StateSetter, diags *diag.Diagnostics) {
	got, err := r.data.Client.GetContact(client.WithPurpose(ctx, client.ForReadBack), id)
	r.readBackFrom(ctx, got, err, plan, cleared, defs, verb, st, diags)
}

// readBackFrom is readBack with the contact already read (got, or err when reading it failed).
func (r *contactResource) readBackFrom(ctx context.Context, got *client.Contact, err error, plan contactModel, cleared map[string]bool, defs *fieldDefs, verb string, st tfvalue.StateSetter, diags *diag.Diagnostics) {
	if err != nil {
		addAPIError(diags, "read the contact back after "+verb+" it", err, nil)
		return
	}
	model := r.toModel(ctx, got, plan, false, defs, diags)
	if diags.HasError() {
		return
	}
	r.checkApplied(ctx, diags, plan, model, got)
	for _, v := range got.CustomFields {
		key := strconv.FormatInt(v.ID, 10)
		if s, err := defs.remoteFieldString(ctx, v); cleared[key] && err == nil && s != "" {
			addNotAppliedError(diags, path.Root("custom_fields").AtMapKey(key), "contact", `(cleared)`, fmt.Sprintf("%q", s))
		}
	}
	diags.Append(st.Set(ctx, &model)...)
}

func (r *contactResource) Read(ctx context.Context, req resource.ReadRequest, resp *resource.ReadResponse) {
	defer tfidentity.Set(ctx, resp.Identity, &resp.Diagnostics, &resp.State, &req.State)
	var state contactModel
	resp.Diagnostics.Append(req.State.Get(ctx, &state)...)
	if resp.Diagnostics.HasError() {
		return
	}
	// RefreshContact serves the refresh of many contacts from the paged contact list.
	got, err := r.data.Client.RefreshContact(ctx, state.ID.ValueInt64())
	if client.IsNotFound(err) {
		resp.Diagnostics.AddWarning("Contact no longer exists",
			fmt.Sprintf("Contact %d was not found in HappyFox (deleted outside Terraform); Terraform will plan to create it again.", state.ID.ValueInt64()))
		resp.State.RemoveResource(ctx)
		return
	}
	if err != nil {
		addAPIError(&resp.Diagnostics, "read the contact", err, nil)
		return
	}
	// A tainted contact is refreshed, but its replacement is planned without its state: remember it, so that
	// the plan-time e-mail check lets the replacement adopt it (plan_checks.go).
	r.data.planChecks.markSeen("contact", got.ID)
	r.data.planChecks.noteContact(got.ID)
	imported, d := req.Private.GetKey(ctx, privateImported)
	resp.Diagnostics.Append(d...)
	model := r.toModel(ctx, got, state, len(imported) > 0, &fieldDefs{c: r.data.Client}, &resp.Diagnostics)
	if resp.Diagnostics.HasError() {
		return
	}
	if len(imported) > 0 {
		resp.Diagnostics.Append(resp.Private.SetKey(ctx, privateImported, nil)...)
	}
	resp.Diagnostics.Append(resp.State.Set(ctx, &model)...)
}

func (r *contactResource) Update(ctx context.Context, req resource.UpdateRequest, resp *resource.UpdateResponse) {
	defer tfidentity.Set(ctx, resp.Identity, &resp.Diagnostics, &resp.State)
	forgetPlannedFor(ctx, resp.Private, &resp.Diagnostics) // plan_claims.go
	var plan, state contactModel
	resp.Diagnostics.Append(req.Plan.Get(ctx, &plan)...)
	resp.Diagnostics.Append(req.State.Get(ctx, &state)...)
	if resp.Diagnostics.HasError() {
		return
	}
	if contactModelsEqual(plan, state) {
		// Only the spelling of a phone type changed (an import read the code, the configuration says the word): HappyFox
		// already holds this contact, so nothing is sent, and the state takes the configured spelling.
		resp.Diagnostics.Append(resp.State.Set(ctx, &plan)...)
		return
	}
	r.update(ctx, state.ID.ValueInt64(), plan, state, req.Config, &resp.State, &resp.Diagnostics)
}

// update makes contact id match plan (state is its prior state: which custom fields were managed) and saves what
// HappyFox then holds to st. Update uses it, and so does a Create that adopts the contact it replaces.
func (r *contactResource) update(ctx context.Context, id int64, plan, state contactModel, cfg tfsdk.Config, st tfvalue.StateSetter, diags *diag.Diagnostics) {
	c := r.data.Client
	// HappyFox resets every custom field a write leaves out (docs/dev/happyfox-api.md §2.4), so read the current values
	// and send back those the configuration does not manage.
	cur, err := c.GetContact(ctx, id)
	if err != nil {
		addAPIError(diags, "read the contact before updating it", err, nil)
		return
	}
	custom := tfvalue.StringMap(ctx, plan.CustomFields, diags)
	dropped := tfvalue.StringMap(ctx, state.CustomFields, diags)
	defs := &fieldDefs{c: c}
	in, ok := r.toInput(ctx, plan, cfg, custom, defs, diags)
	if !ok {
		return
	}
	for _, v := range cur.CustomFields {
		key := strconv.FormatInt(v.ID, 10)
		if _, managed := custom[key]; managed {
			continue
		}
		if _, wasManaged := dropped[key]; wasManaged {
			in.CustomFields[v.ID] = nil // removed from custom_fields: the plan shows it removed, so clear it
			continue
		}
		val, set, err := defs.remoteFieldPayload(ctx, v)
		if err != nil {
			diags.AddError("Could not preserve a contact custom field",
				fmt.Sprintf("%s. Nothing was sent: HappyFox resets every custom field that an update leaves out, and the provider "+
					"will not risk erasing the value of custom field %d (%q). Manage that field in custom_fields, or fix its value in "+
					"HappyFox.", err, v.ID, v.Name))
			return
		}
		if set {
			in.CustomFields[v.ID] = val
		}
	}
	if _, err := c.UpdateContact(ctx, id, in); err != nil {
		addAPIError(diags, "update the contact", err, contactFields(custom))
		return
	}
	cleared := map[string]bool{}
	for key := range dropped {
		if _, kept := custom[key]; !kept {
			cleared[key] = true
		}
	}
	r.readBack(ctx, id, plan, cleared, defs, "updating", st, diags)
}

func (r *contactResource) Delete(ctx context.Context, req resource.DeleteRequest, resp *resource.DeleteResponse) {
	var state contactModel
	resp.Diagnostics.Append(req.State.Get(ctx, &state)...)
	if resp.Diagnostics.HasError() {
		return
	}
	// Only forgotten: the plan already warned that the contact stays in HappyFox (ModifyPlan), and Terraform
	// groups those plan warnings into one; a second warning per contact here would not be grouped.
	r.data.forgotten.add("contact", state.ID.ValueInt64())
}

// ImportState accepts the numeric contact id or the contact's e-mail address.
func (r *contactResource) ImportState(ctx context.Context, req resource.ImportStateRequest, resp *resource.ImportStateResponse) {
	defer tfidentity.Set(ctx, resp.Identity, &resp.Diagnostics, &resp.State)
	raw := strings.TrimSpace(tfidentity.ImportID(ctx, req, &resp.Diagnostics, "id"))
	var id int64
	if strings.Contains(raw, "@") {
		ct, err := r.data.Client.LookupContactByEmail(ctx, raw)
		if err != nil {
			addAPIError(&resp.Diagnostics, "look up the contact to import by e-mail", err, nil)
			return
		}
		if ct == nil {
			resp.Diagnostics.AddError("Contact not found", fmt.Sprintf("No HappyFox contact has the e-mail %q. Check the address, or import by numeric id.", raw))
			return
		}
		id = ct.ID
	} else {
		var err error
		if id, err = tfvalue.ParseID(raw, "contact"); err != nil {
			resp.Diagnostics.AddError("Invalid import id", err.Error()+", or the contact's e-mail address")
			return
		}
	}
	resp.Diagnostics.Append(resp.State.SetAttribute(ctx, path.Root("id"), id)...)
	resp.Diagnostics.Append(resp.Private.SetKey(ctx, privateImported, []byte("true"))...)
}

// toModel converts a contact read from HappyFox. want is the plan (after a write) or the prior state (on
// refresh): it decides the order of phones, which custom fields are tracked, and keeps the configured
// spelling of values HappyFox stores differently but equivalently. allFields tracks every custom field that
// has a value (first read after import).
func (r *contactResource) toModel(ctx context.Context, got *client.Contact, want contactModel, allFields bool, defs *fieldDefs, diags *diag.Diagnostics) contactModel {
	m := contactModel{
		ID:        types.Int64Value(got.ID),
		Name:      tfvalue.KeptText(want.Name, got.Name),
		Email:     tfvalue.EmailOrNull(got.Email),
		CreatedAt: types.StringValue(got.CreatedAt),
		UpdatedAt: types.StringValue(got.UpdatedAt),
	}
	if got.CreatedAt == "" {
		m.CreatedAt = types.StringNull()
	}
	if got.UpdatedAt == "" {
		m.UpdatedAt = types.StringNull()
	}
	if want.Email.IsSet() && client.SameEmail(want.Email.ValueString(), got.Email) {
		m.Email = want.Email
	}
	phones, d := phonesValue(phonesFromRemote(got.Phones, phonesOf(ctx, want.Phones, diags)))
	diags.Append(d...)
	m.Phones = phones
	switch {
	case got.IsLoginEnabled != nil:
		m.IsLoginEnabled = types.BoolValue(*got.IsLoginEnabled)
	case !want.IsLoginEnabled.IsNull() && !want.IsLoginEnabled.IsUnknown():
		m.IsLoginEnabled = want.IsLoginEnabled // not in the response (§2.1 M/L): trust what was sent
	default:
		m.IsLoginEnabled = types.BoolValue(true) // HappyFox's default for new contacts (§2.4)
	}
	m.CustomFields = r.customFieldsModel(ctx, got, want.CustomFields, allFields, defs, diags)
	return m
}

// customFieldsModel renders the tracked custom fields: the keys of want (prior state or plan), or with
// allFields every field that has a value. A tracked field's value is kept in the spelling of want when it
// means the same ("12.50" for 12.5, "12,10" for choices 10 and 12).
func (r *contactResource) customFieldsModel(ctx context.Context, got *client.Contact, want types.Map, allFields bool, defs *fieldDefs, diags *diag.Diagnostics) types.Map {
	if !allFields && want.IsNull() {
		return types.MapNull(types.StringType)
	}
	prior := tfvalue.StringMap(ctx, want, diags)
	out := map[string]string{}
	for _, v := range got.CustomFields {
		key := strconv.FormatInt(v.ID, 10)
		p, tracked := prior[key]
		if !tracked && !allFields {
			continue
		}
		s, err := defs.remoteFieldString(ctx, v)
		if err != nil {
			diags.AddAttributeError(path.Root("custom_fields").AtMapKey(key), "Could not read a contact custom field", err.Error())
			continue
		}
		if !tracked && s == "" {
			continue
		}
		kind, _ := defs.kind(ctx, v)
		if tracked && !p.IsUnknown() && sameFieldValue(kind, p.ValueString(), s) {
			s = p.ValueString()
		}
		out[key] = s
	}
	return types.MapValueMust(types.StringType, tfvalue.StringValues(out))
}

// checkApplied compares the plan with what HappyFox stored after a write.
func (r *contactResource) checkApplied(ctx context.Context, diags *diag.Diagnostics, plan, got contactModel, raw *client.Contact) {
	if got.Name.ValueString() != plan.Name.ValueString() {
		addNotAppliedError(diags, path.Root("name"), "contact", plan.Name.ValueString(), got.Name.ValueString())
	}
	if want := strings.TrimSpace(plan.Email.ValueString()); !client.SameEmail(want, raw.Email) {
		addNotAppliedError(diags, path.Root("email"), "contact", want, raw.Email)
	}
	if !plan.IsLoginEnabled.IsUnknown() && !plan.IsLoginEnabled.IsNull() && raw.IsLoginEnabled != nil &&
		*raw.IsLoginEnabled != plan.IsLoginEnabled.ValueBool() {
		addNotAppliedError(diags, path.Root("is_login_enabled"), "contact", plan.IsLoginEnabled.ValueBool(), *raw.IsLoginEnabled)
	}
	if !plan.Phones.IsUnknown() && !plan.Phones.IsNull() {
		checkPhonesApplied(diags, phonesOf(ctx, plan.Phones, diags), phonesOf(ctx, got.Phones, diags))
	}
	want := tfvalue.StringMap(ctx, plan.CustomFields, diags)
	have := tfvalue.StringMap(ctx, got.CustomFields, diags)
	keys := make([]string, 0, len(want))
	for k := range want {
		keys = append(keys, k)
	}
	slices.Sort(keys)
	for _, k := range keys {
		w, h := want[k].ValueString(), have[k].ValueString()
		if _, ok := have[k]; !ok && w == "" {
			continue
		}
		if w != h {
			addNotAppliedError(diags, path.Root("custom_fields").AtMapKey(k), "contact", fmt.Sprintf("%q", w), fmt.Sprintf("%q", h))
		}
	}
}

var _ resource.ResourceWithIdentity = &contactResource{}

func (r *contactResource) IdentitySchema(_ context.Context, _ resource.IdentitySchemaRequest, resp *resource.IdentitySchemaResponse) {
	resp.IdentitySchema = tfidentity.IDSchema("contact")
}
