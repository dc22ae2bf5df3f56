package provider

// choiceRef is a choice of a ticket custom field as HappyFox holds it.
type choiceRef struct {
	ID   int64
	Text string
}

// wantedChoice is one configured choice of happyfox_ticket_custom_field_choices.
type wantedChoice struct {
	Text string
	// Known is false while the text is not known yet (it depends on another resource); such a choice is
	// matched by nothing.
	Known bool
	// Pinned is the id the plan already shows for this choice (0 for none, i.e. "known after apply"). At
	// apply time the ids in the plan come first, so that the apply does what the plan showed.
	Pinned int64
}

// matchChoiceIDs decides which existing choice each wanted choice keeps; 0 means a new choice ("id": null
// in the PUT). Existing choices that no wanted choice keeps are deleted by the PUT (docs/dev/happyfox-api.md §4.3).
//
// Rules, applied in this order over the whole list, each existing choice being kept at most once:
//  1. By id: a wanted choice keeps its pinned id if that choice still exists.
//  2. By exact text: a wanted choice keeps the first unused existing choice with exactly the same text, so
//     that reordering the list changes nothing but the order.
//  3. By position, only when rename is true (an update; never when adopting a field on create): a wanted
//     choice whose text matched nothing keeps the existing choice at the same index, if no rule above kept
//     it. A changed text at the same position is therefore a rename: the id stays, and tickets that use the
//     choice keep their value.
func matchChoiceIDs(existing []choiceRef, wanted []wantedChoice, rename bool) []int64 {
	ids := make([]int64, len(wanted))
	used := make([]bool, len(existing))
	indexOfID := make(map[int64]int, len(existing))
	for i, e := range existing {
		if _, dup := indexOfID[e.ID]; !dup {
			indexOfID[e.ID] = i
		}
	}

	for w, c := range wanted {
		if c.Pinned == 0 {
			continue
		}
		if i, ok := indexOfID[c.Pinned]; ok && !used[i] {
			used[i] = true
			ids[w] = c.Pinned
		}
	}

	for w, c := range wanted {
		if ids[w] != 0 || !c.Known {
			continue
		}
		for i, e := range existing {
			if !used[i] && e.Text == c.Text {
				used[i] = true
				ids[w] = e.ID
				break
			}
		}
	}

	if rename {
		for w, c := range wanted {
			if ids[w] != 0 || !c.Known || w >= len(existing) || used[w] {
				continue
			}
			used[w] = true
			ids[w] = existing[w].ID
		}
	}
	return ids
}

// unkeptChoices lists the existing choices that matchChoiceIDs' result does not keep: the PUT deletes them.
func unkeptChoices(existing []choiceRef, ids []int64) []choiceRef {
	kept := make(map[int64]bool, len(ids))
	for _, id := range ids {
		if id != 0 {
			kept[id] = true
		}
	}
	var out []choiceRef
	for _, e := range existing {
		if !kept[e.ID] {
			out = append(out, e)
		}
	}
	return out
}
