package provider

import (
	"fmt"
	"strings"

	"github.com/hashicorp/terraform-plugin-framework/datasource/schema"
	"github.com/hashicorp/terraform-plugin-framework/types"

	"github.com/happyfox-iac/terraform-provider-happyfox/internal/client"
)

// Ticket custom field types whose options can be set through PUT ticket_custom_field/<id>/ (docs/dev/happyfox-api.md
// §4.3: "dropdown and multiple-choice fields"). Only "choice" is seen on the wire (§4.1, H); the names of the
// other types are not documented (§7), so common spellings are accepted.
var ticketChoiceFieldTypes = map[string]bool{
	"choice": true, "dropdown": true, "multiple_choice": true, "multi_choice": true, "multichoice": true,
	"multiple_option": true, "multi_option": true, "multiselect": true, "multi_select": true,
}

// Types known to have no choices.
var ticketPlainFieldTypes = map[string]bool{
	"text": true, "textarea": true, "number": true, "decimal": true, "date": true, "datetime": true,
	"checkbox": true, "boolean": true, "email": true, "url": true,
}

// isChoiceField reports whether a ticket custom field has a list of choices. For a type name not listed above,
// HappyFox's "choices" decides: it is null for fields without choices (§4.1, H).
func isChoiceField(f client.TicketCustomField) bool {
	t := strings.ToLower(strings.TrimSpace(f.Type))
	switch {
	case ticketChoiceFieldTypes[t]:
		return true
	case ticketPlainFieldTypes[t]:
		return false
	}
	return f.Choices != nil
}

// ticketFieldLabel renders a field for error messages: "Product" (id 62, dropdown).
func ticketFieldLabel(f client.TicketCustomField) string {
	return fmt.Sprintf("%q (id %d, %s)", f.Name, f.ID, f.Type)
}

type ticketFieldChoiceModel struct {
	ID   types.Int64  `tfsdk:"id"`
	Text types.String `tfsdk:"text"`
}

type ticketFieldCategoryModel struct {
	CategoryID types.Int64 `tfsdk:"category_id"`
	Order      types.Int64 `tfsdk:"order"`
}

// ticketCustomFieldModel is one ticket custom field in the happyfox_ticket_custom_field(s) data sources.
type ticketCustomFieldModel struct {
	ID                    types.Int64                `tfsdk:"id"`
	Name                  types.String               `tfsdk:"name"`
	Type                  types.String               `tfsdk:"type"`
	Required              types.Bool                 `tfsdk:"required"`
	CompulsoryOnCompleted types.Bool                 `tfsdk:"compulsory_on_completed"`
	CompulsoryOnMove      types.Bool                 `tfsdk:"compulsory_on_move"`
	VisibleToStaffOnly    types.Bool                 `tfsdk:"visible_to_staff_only"`
	DependsOnChoice       types.Int64                `tfsdk:"depends_on_choice"`
	Choices               []ticketFieldChoiceModel   `tfsdk:"choices"`
	Categories            []ticketFieldCategoryModel `tfsdk:"categories"`
}

// ticketCustomFieldAttributes describes one ticket custom field; shared by both data sources (the single
// lookup makes id and name optional selectors).
func ticketCustomFieldAttributes() map[string]schema.Attribute {
	return map[string]schema.Attribute{
		"id":   schema.Int64Attribute{Computed: true, MarkdownDescription: "Numeric id of the ticket custom field."},
		"name": schema.StringAttribute{Computed: true, MarkdownDescription: "Name of the field as agents see it."},
		"type": schema.StringAttribute{Computed: true, MarkdownDescription: "Field type as HappyFox reports it, e.g. `text` " +
			"or `choice` (a dropdown). Only fields with choices can be managed with `happyfox_ticket_custom_field_choices`."},
		"required": schema.BoolAttribute{Computed: true, MarkdownDescription: "Whether the field must be filled when a ticket is created."},
		"compulsory_on_completed": schema.BoolAttribute{Computed: true,
			MarkdownDescription: "Whether the field must be filled before a ticket can be moved to a completed status."},
		"compulsory_on_move": schema.BoolAttribute{Computed: true,
			MarkdownDescription: "Whether the field must be filled before a ticket can be moved to another category."},
		"visible_to_staff_only": schema.BoolAttribute{Computed: true,
			MarkdownDescription: "Whether only agents see the field (contacts do not)."},
		"depends_on_choice": schema.Int64Attribute{Computed: true,
			MarkdownDescription: "Id of the choice (of another field) that makes this field appear; null when the field is always shown."},
		"choices": schema.ListNestedAttribute{
			Computed: true,
			MarkdownDescription: "The choices in HappyFox's order; empty for fields without choices (such as text fields). " +
				"Choice ids are not sorted.",
			NestedObject: schema.NestedAttributeObject{Attributes: map[string]schema.Attribute{
				"id":   schema.Int64Attribute{Computed: true, MarkdownDescription: "Numeric id of the choice (what tickets store)."},
				"text": schema.StringAttribute{Computed: true, MarkdownDescription: "Text of the choice."},
			}},
		},
		"categories": schema.ListNestedAttribute{
			Computed:            true,
			MarkdownDescription: "The ticket categories the field appears in, with its position in each.",
			NestedObject: schema.NestedAttributeObject{Attributes: map[string]schema.Attribute{
				"category_id": schema.Int64Attribute{Computed: true, MarkdownDescription: "Numeric id of the category."},
				"order":       schema.Int64Attribute{Computed: true, MarkdownDescription: "Position of the field in that category's form."},
			}},
		},
	}
}

func toTicketCustomFieldModel(f client.TicketCustomField) ticketCustomFieldModel {
	m := ticketCustomFieldModel{
		ID:                    types.Int64Value(f.ID),
		Name:                  types.StringValue(f.Name),
		Type:                  types.StringValue(f.Type),
		Required:              types.BoolValue(f.Required),
		CompulsoryOnCompleted: types.BoolValue(f.CompulsoryOnCompleted),
		CompulsoryOnMove:      types.BoolValue(f.CompulsoryOnMove),
		VisibleToStaffOnly:    types.BoolValue(f.VisibleToStaffOnly),
		DependsOnChoice:       types.Int64PointerValue(f.DependsOnChoice),
		Choices:               make([]ticketFieldChoiceModel, 0, len(f.Choices)),
		Categories:            make([]ticketFieldCategoryModel, 0, len(f.Categories)),
	}
	for _, c := range f.Choices {
		m.Choices = append(m.Choices, ticketFieldChoiceModel{ID: types.Int64Value(c.ID), Text: types.StringValue(c.Text)})
	}
	for _, c := range f.Categories {
		m.Categories = append(m.Categories, ticketFieldCategoryModel{CategoryID: types.Int64Value(c.CategoryID), Order: types.Int64Value(c.Order)})
	}
	return m
}
