package provider

import (
	"fmt"
	"slices"
	"strings"

	"github.com/hashicorp/terraform-plugin-framework/diag"
	"github.com/hashicorp/terraform-plugin-framework/path"
)

// Plan-time checks of happyfox_ticket_custom_field_choices that add to choice_texts.go: texts that differ only in case,
// and warnings that say what an update does to existing choices (RELIABILITY.md rows "An update drops, renames or
// reorders ticket field choices" and "choices that differ only in case").

// choiceCaseProblems reports configured texts that equal an earlier one except for upper and lower case
// ("Yes" and "yes"). HappyFox's interface shows them as the same option, agents cannot tell them apart, and
// matching by text would depend on the case of a typo. Exact repeats are left to choiceTextProblems.
func choiceCaseProblems(texts []wantedChoice) []choiceTextProblem {
	var out []choiceTextProblem
	first := map[string]int{}
	exact := map[string]bool{}
	for i, t := range texts {
		if !t.Known || strings.TrimSpace(t.Text) == "" {
			continue
		}
		folded := strings.ToLower(t.Text)
		if j, dup := first[folded]; dup && !exact[t.Text] {
			out = append(out, choiceTextProblem{i, "Choice texts differ only in case",
				fmt.Sprintf("choices[%d] is %q and choices[%d] is %q: they differ only in upper and lower case, which agents "+
					"and contacts cannot tell apart in HappyFox. Keep one of them, or make the texts really different.",
					i, t.Text, j, texts[j].Text)})
		}
		if _, seen := first[folded]; !seen {
			first[folded] = i
		}
		exact[t.Text] = true
	}
	return out
}

// choicesUpdateWarnings describes what an update of the choices does to the existing ones, so that the plan
// says it before anything is sent: every choice the PUT deletes (HappyFox then removes that value from every
// ticket that has it), every rename (the id stays, tickets show the new text) and, when the same choices only
// move, that the change is a reorder. existing is the refreshed state, ids what matchChoiceIDs keeps for each
// wanted choice. field names the field for messages.
func choicesUpdateWarnings(existing []choiceRef, wanted []wantedChoice, ids []int64, field string) diag.Diagnostics {
	var diags diag.Diagnostics
	if gone := unkeptChoices(existing, ids); len(gone) > 0 {
		names := make([]string, len(gone))
		for i, c := range gone {
			names[i] = fmt.Sprintf("%q (id %d)", c.Text, c.ID)
		}
		diags.AddAttributeWarning(path.Root("choices"), "Choices will be deleted",
			fmt.Sprintf("The apply deletes %d choice(s) of ticket custom field %s: %s. HappyFox removes a deleted choice "+
				"from every ticket that has it, and that cannot be undone. If a choice was only renamed or moved, keep its "+
				"text as it is, or add it back to choices to keep it.", len(gone), field, strings.Join(names, ", ")))
	}
	textOf := make(map[int64]string, len(existing))
	for _, e := range existing {
		textOf[e.ID] = e.Text
	}
	var renames []string
	for i, id := range ids {
		if old, ok := textOf[id]; ok && id != 0 && old != wanted[i].Text {
			renames = append(renames, fmt.Sprintf("%q to %q (id %d)", old, wanted[i].Text, id))
		}
	}
	if len(renames) > 0 {
		diags.AddAttributeWarning(path.Root("choices"), "Choices will be renamed",
			fmt.Sprintf("The apply renames choice(s) of ticket custom field %s: %s. Tickets that have such a choice keep it "+
				"and show the new text.", field, strings.Join(renames, ", ")))
	}
	if len(renames) == 0 && len(ids) == len(existing) && !slices.Contains(ids, 0) {
		before := make([]int64, len(existing))
		for i, e := range existing {
			before[i] = e.ID
		}
		if !slices.Equal(before, ids) {
			diags.AddAttributeWarning(path.Root("choices"), "Choices will only be reordered",
				fmt.Sprintf("The choices of ticket custom field %s keep their ids and texts: the apply changes only their "+
					"order. No ticket loses or changes its value.", field))
		}
	}
	return diags
}
