package client

import (
	"context"
	"fmt"
	"testing"
)

// Every request's log line says what it is for; the first purpose set on a context holds below it.
func TestRequestLogSaysWhatEachRequestIsFor(t *testing.T) {
	api := newFakeAPI(t)
	api.reply("GET", "user/7/", 200, `{"id": 7, "name": "N", "email": "n@example.com", "phones": [], "custom_fields": []}`)
	api.reply("GET", "user/new@example.com/", 404, `{"error": "Not found"}`)
	api.reply("GET", "users/", 200, `{"page_info": {"count": 0, "last_index": 0, "page_count": 0}, "data": []}`)
	api.reply("POST", "user/7/", 200, `{"id": 7, "name": "M", "email": "n@example.com"}`)
	api.reply("GET", "statuses/", 200, `[]`)
	log := &captureLogger{}
	c := api.client(func(cfg *Config) { cfg.Logger = log })
	ctx := context.Background()
	steps := []struct {
		do   func() error
		want []Purpose
	}{
		{func() error { _, err := c.RefreshContact(ctx, 7); return err }, []Purpose{ForRefresh}},
		{func() error { _, err := c.GetContact(ctx, 7); return err }, []Purpose{ForRead}},
		{func() error { _, err := c.GetContact(WithPurpose(ctx, ForReadBack), 7); return err }, []Purpose{ForReadBack}},
		{func() error { _, err := c.FindContactByEmail(ctx, "new@example.com"); return err }, []Purpose{ForCheck, ForCheck}},
		// The caller's purpose holds over the client's own: a refresh read made for a plan-time check is a check.
		{func() error { _, err := c.RefreshContact(WithPurpose(ctx, ForCheck), 7); return err }, []Purpose{ForCheck}},
		{func() error { _, err := c.ListStatuses(ctx); return err }, []Purpose{ForMetadata}},
		{func() error {
			_, err := c.UpdateContact(WithPurpose(ctx, ForReadBack), 7, ContactInput{Name: "M", Email: "n@example.com"})
			return err
		}, []Purpose{ForWrite}},
	}
	for i, s := range steps {
		before := len(log.Entries())
		if err := s.do(); err != nil {
			t.Fatalf("step %d: %v", i, err)
		}
		var got []Purpose
		for _, e := range log.Entries()[before:] {
			if e["@message"] == "HappyFox request" {
				got = append(got, Purpose(fmt.Sprint(e["request_for"])))
			}
		}
		if fmt.Sprint(got) != fmt.Sprint(s.want) {
			t.Errorf("step %d: requests logged for %v, want %v", i, got, s.want)
		}
	}
}
