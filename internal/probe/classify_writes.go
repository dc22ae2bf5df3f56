package probe

import (
	"fmt"
	"net/http"
	"reflect"
	"slices"
	"strings"
	"unicode"
)

// The classifiers of the write questions, from the scratch asset's exchanges (scratch.go).

// textForm says what HappyFox did to a text sent with surrounding white space and a run of spaces inside.
func textForm(got, sent string) string {
	switch got {
	case sent:
		return "as sent"
	case strings.TrimSpace(sent):
		return "stripped"
	case strings.Join(strings.FieldsFunc(sent, unicode.IsSpace), " "):
		return "collapsed"
	}
	return "changed otherwise"
}

// customValues maps an asset's custom field ids to their values (§3.1).
func customValues(asset map[string]any) map[int64]any {
	out := map[int64]any{}
	for _, f := range list(asset["custom_fields"]) {
		if id, ok := idOf(obj(f)["id"]); ok {
			out[id] = obj(f)["value"]
		}
	}
	return out
}

func classifyTextCleaning(s *session) verdict {
	if _, v := s.exchange("scratch-read"); v != nil {
		return *v
	}
	stored := s.scratch.created
	if stored == nil {
		return notSettled("%s", s.scratch.why)
	}
	name, _ := str(stored["name"])
	nameForm := textForm(name, scratchName)
	valueForm := "not sent (the asset type has no text custom field)"
	for _, f := range s.scratch.fields {
		if f.value == scratchText {
			got, isStr := customValues(stored)[f.id].(string)
			valueForm = "not a string"
			if isStr {
				valueForm = textForm(got, scratchText)
			}
		}
	}
	seen := fmt.Sprintf("an asset name sent with white space around it and a run of spaces inside is stored %s; a custom field text sent so is stored %s", nameForm, valueForm)
	switch {
	case nameForm == "as sent" && valueForm != "stripped" && valueForm != "collapsed":
		return answer("keep", seen)
	case nameForm == "collapsed":
		return answer("collapse", seen)
	case nameForm == "stripped" && valueForm == "as sent":
		return answer("strip", seen)
	case nameForm == "stripped" && valueForm == "stripped":
		return answer("strip-all", seen)
	case nameForm == "stripped" && strings.HasPrefix(valueForm, "not sent"):
		return notSettled("strip or strip-all: %s", seen)
	}
	return unrecognised("%s", seen)
}

// createAnswer is the create that HappyFox accepted.
func (s *session) createAnswer() (*Exchange, *verdict) {
	for _, n := range []string{"scratch-create-string-ids", "scratch-create"} {
		if ex := s.byName[n]; ex != nil && ex.Status/100 == 2 && s.scratch.id != 0 {
			return ex, nil
		}
	}
	v := notSettled("%s", s.scratch.why)
	return nil, &v
}

func classifyAssetCreateAnswer(s *session) verdict {
	if s.scratch.untrusted != "" {
		return notSettled("%s; the scratch asset was found by its display id", s.scratch.untrusted)
	}
	ex, v := s.createAnswer()
	if v != nil {
		return *v
	}
	if _, has := obj(ex.JSON)["asset_type"]; has {
		return answer("full", "the create's answer carries asset_type")
	}
	return answer("no-asset-type", "the create's answer lacks asset_type: "+describe(ex))
}

func classifyAssetIDsInput(s *session) verdict {
	sc := &s.scratch
	switch {
	case sc.c1 == 0:
		return notSettled("%s", sc.contactWhy())
	case sc.id == 0:
		return notSettled("%s", sc.why)
	case sc.stringIDs:
		first := s.byName["scratch-create"]
		return answer("strings-only", fmt.Sprintf("contact_ids [<number>]: %s; [\"<number>\"]: accepted", describe(first)))
	case sc.untrusted != "":
		return answer("numbers-or-strings", "contact_ids [<id as a number>]: the asset was created (its answer was not the asset)")
	}
	return answer("numbers-or-strings", "contact_ids [<id as a number>] accepted")
}

// contactWhy says why the scratch asset has no contacts to link.
func (sc *scratchState) contactWhy() string {
	if sc.noContact != "" {
		return sc.noContact
	}
	return sc.why
}

func contactIDs(asset map[string]any) []int64 {
	var out []int64
	for _, c := range list(asset["contacts"]) {
		if id, ok := idOf(obj(c)["id"]); ok {
			out = append(out, id)
		}
	}
	slices.Sort(out)
	return out
}

// afterPut is the scratch asset read back after the PUT, or why there is none.
func (s *session) afterPut() (map[string]any, *verdict) {
	if _, v := s.exchange("scratch-read-after-put"); v != nil {
		return nil, v
	}
	if s.scratch.afterPut == nil {
		v := notSettled("reading the scratch asset back after the PUT did not answer it")
		return nil, &v
	}
	return s.scratch.afterPut, nil
}

func classifyAssetContactIDs(s *session) verdict {
	sc := &s.scratch
	if sc.c1 == 0 || sc.c2 == 0 {
		return notSettled("%s", sc.contactWhy())
	}
	after, v := s.afterPut()
	if v != nil {
		return *v
	}
	got := contactIDs(after)
	seen := fmt.Sprintf("created with contact A, PUT contact_ids [B]: the asset has %d contact(s)", len(got))
	switch {
	case slices.Equal(got, []int64{sc.c2}):
		return answer("replace", seen+" (B)")
	case slices.Equal(got, sorted(sc.c1, sc.c2)):
		return answer("add", seen+" (A and B)")
	}
	return unrecognised("%s", seen)
}

func sorted(ids ...int64) []int64 {
	slices.Sort(ids)
	return ids
}

func classifyAssetPutOmittedFields(s *session) verdict {
	sc := &s.scratch
	changed := int64(0)
	for _, f := range sc.fields {
		if f.changed != nil {
			changed = f.id
			break
		}
	}
	if changed == 0 || len(sc.fields) < 2 {
		return notSettled("the scratch asset's type has fewer than two custom fields the probe can fill (use -asset-type to choose another)")
	}
	after, v := s.afterPut()
	if v != nil {
		return *v
	}
	before, now := customValues(sc.created), customValues(after)
	var kept, reset, other, set int
	for _, f := range sc.fields {
		if f.id == changed || before[f.id] == nil {
			continue
		}
		set++
		switch {
		case reflect.DeepEqual(before[f.id], now[f.id]):
			kept++
		case now[f.id] == nil:
			reset++
		default:
			other++
		}
	}
	seen := fmt.Sprintf("a PUT with one custom field: of the %d others, %d kept, %d cleared, %d changed", set, kept, reset, other)
	switch {
	case set == 0:
		return notSettled("the create stored none of the other custom fields sent")
	case kept == set:
		return answer("kept", seen)
	case reset == set:
		return answer("reset", seen)
	}
	return unrecognised("%s", seen)
}

func classifyAssetPutName(s *session) verdict {
	ex, v := s.exchange("scratch-put-no-name")
	if v != nil {
		return *v
	}
	seen := "PUT asset/<id>/ without name and display_id: " + describe(ex)
	switch {
	case ex.Status/100 == 2:
		return answer("optional", seen)
	case ex.Status == http.StatusBadRequest && (names(ex.JSON, "name") || names(ex.JSON, "display_id")):
		return answer("required", seen)
	}
	return unrecognised("%s", seen)
}

func classifyAssetDeleteAnswer(s *session) verdict {
	ex, v := s.exchange("scratch-delete")
	if v != nil {
		return *v
	}
	seen := "DELETE asset/<id>/: " + describe(ex)
	switch {
	case ex.Status == http.StatusNoContent:
		return answer("204", seen)
	case ex.Status/100 == 2 && ex.BodyKind() == "empty":
		return answer("empty", seen)
	case ex.Status/100 == 2 && ex.IsJSON:
		return answer("json", seen)
	}
	return unrecognised("%s", seen)
}
