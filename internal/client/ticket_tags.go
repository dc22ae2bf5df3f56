package client

import (
	"context"
	"errors"
	"fmt"
	"net/http"
	"slices"
	"strings"

	"github.com/happyfox-iac/terraform-provider-happyfox/internal/client/transport"
)

// TicketTagsInput adds and removes tags of a ticket (POST ticket/<n>/update_tags/, §8.7).
type TicketTagsInput struct {
	StaffID int64 // the agent shown in the ticket's history (staff_id); 0 sends none
	Add     []string
	Remove  []string
}

// TagsNotAppliedError reports an update_tags that HappyFox accepted although the ticket, read back, does not
// have the tags it should have (or still has those it should not).
type TagsNotAppliedError struct {
	Ticket          int64
	Missing, Extant []string // tags to add that are absent; tags to remove that are still there
	Tags            []string // the ticket's tags as read back
}

func (e *TagsNotAppliedError) Error() string {
	var parts []string
	if len(e.Missing) > 0 {
		parts = append(parts, fmt.Sprintf("it lacks %q", e.Missing))
	}
	if len(e.Extant) > 0 {
		parts = append(parts, fmt.Sprintf("it still has %q", e.Extant))
	}
	return fmt.Sprintf("HappyFox accepted the tag change of ticket %d, but reading it back shows the tags %q: %s",
		e.Ticket, e.Tags, strings.Join(parts, " and "))
}

// CheckTag reports what is wrong with a tag, or "": tags travel as a comma-separated string (§8.1, §8.7), so a
// tag can hold no comma, and blank ones would be dropped.
func CheckTag(tag string) string {
	switch {
	case strings.TrimSpace(tag) == "":
		return "is empty"
	case strings.Contains(tag, ","):
		return "contains a comma, which HappyFox uses to separate tags"
	case strings.TrimSpace(tag) != tag:
		return "starts or ends with white space, which HappyFox drops"
	}
	return ""
}

// UpdateTicketTags adds and removes tags. The request has set semantics (§8.7, L), so it is retried like a
// PUT; the answer (the ticket, §8.7) is checked, and read back when it does not show the change.
func (c *Client) UpdateTicketTags(ctx context.Context, number int64, in TicketTagsInput) (*Ticket, error) {
	if err := checkID("ticket", number); err != nil {
		return nil, err
	}
	if len(in.Add)+len(in.Remove) == 0 {
		return nil, errors.New("a tag change needs at least one tag to add or remove")
	}
	for _, tag := range append(slices.Clone(in.Add), in.Remove...) {
		if p := CheckTag(tag); p != "" {
			return nil, fmt.Errorf("tag %q %s", tag, p)
		}
	}
	for _, tag := range in.Add {
		if slices.Contains(in.Remove, tag) {
			return nil, fmt.Errorf("tag %q is both added and removed", tag)
		}
	}
	b := map[string]any{}
	if len(in.Add) > 0 {
		b["add"] = strings.Join(in.Add, ",")
	}
	if len(in.Remove) > 0 {
		b["remove"] = strings.Join(in.Remove, ",")
	}
	if in.StaffID > 0 {
		b["staff_id"] = in.StaffID
	}
	rel := ticketPath(number, "update_tags")
	data, err := c.do(transport.WithIdempotentPost(ctx), http.MethodPost, rel, nil, b)
	if err != nil {
		return nil, err
	}
	if t, derr := decodeTicket(data); derr == nil && t.ID == number && tagsApplied(t.Tags, in) == nil {
		return &t, nil
	}
	t, err := c.readTicket(ctx, number)
	if err != nil {
		return nil, err
	}
	if e := tagsApplied(t.Tags, in); e != nil {
		e.Ticket = number
		return nil, e
	}
	return t, nil
}

// tagsApplied checks tags against a change. Whether HappyFox keeps a tag's case is unknown (§8.1), so a tag
// counts as present in any case.
func tagsApplied(tags []string, in TicketTagsInput) *TagsNotAppliedError {
	has := func(tag string) bool {
		return slices.ContainsFunc(tags, func(t string) bool { return strings.EqualFold(t, tag) })
	}
	var e TagsNotAppliedError
	for _, tag := range in.Add {
		if !has(tag) {
			e.Missing = append(e.Missing, tag)
		}
	}
	for _, tag := range in.Remove {
		if has(tag) {
			e.Extant = append(e.Extant, tag)
		}
	}
	if len(e.Missing)+len(e.Extant) == 0 {
		return nil
	}
	e.Tags = slices.Clone(tags)
	return &e
}
