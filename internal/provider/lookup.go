package provider

import (
	"fmt"
	"strings"
)

// maxListedCandidates bounds how many candidates an error message lists.
const maxListedCandidates = 20

// selectOne returns the single item that matches. Zero or several matches are errors that list candidates, so
// that a lookup by name never silently picks "the first match". what names the kind ("status"), criterion
// describes the selector (`name "On hold"`), and label renders an item for the message (e.g. `"On hold" (id 2)`).
func selectOne[T any](items []T, match func(T) bool, label func(T) string, what, criterion string) (T, error) {
	var zero T
	var matched []T
	for _, it := range items {
		if match(it) {
			matched = append(matched, it)
		}
	}
	switch len(matched) {
	case 1:
		return matched[0], nil
	case 0:
		return zero, fmt.Errorf("no %s with %s exists in HappyFox. Available: %s. Matching is exact; check spelling and case, or select by id",
			what, criterion, listLabels(items, label))
	default:
		return zero, fmt.Errorf("%s is ambiguous: %d HappyFox %s objects match it: %s. Select by id to choose one",
			criterion, len(matched), what, listLabels(matched, label))
	}
}

func listLabels[T any](items []T, label func(T) string) string {
	if len(items) == 0 {
		return "none"
	}
	var b strings.Builder
	for i, it := range items {
		if i == maxListedCandidates {
			fmt.Fprintf(&b, ", … and %d more", len(items)-i)
			break
		}
		if i > 0 {
			b.WriteString(", ")
		}
		b.WriteString(label(it))
	}
	return b.String()
}

// selectByID returns the item with the given id, or an error listing the ids that exist. It serves the id
// selector of happyfox_category, happyfox_staff_member and happyfox_status; name lookups use selectOne.
func selectByID[T any](items []T, id int64, idOf func(T) int64, label func(T) string, what string) (T, error) {
	for _, it := range items {
		if idOf(it) == id {
			return it, nil
		}
	}
	var zero T
	return zero, fmt.Errorf("no %s with id %d exists in HappyFox. Available: %s. Check the id, or select by name", what, id,
		listLabels(items, label))
}
