package probe

import (
	"context"
	"crypto/rand"
	"encoding/hex"
	"errors"
	"fmt"
	"net/http"
	"strconv"
	"strings"
	"time"
)

// The write questions, settled on one scratch asset (RELIABILITY.md, "The probe of a real account"): the probe
// creates it under a display id no other asset has, changes only it, and deletes it whatever happens in between: a
// refused or failed request, a lost answer, an interrupt. It never trusts an id it did not check: the create's
// answer must carry the display id sent, and before each delete a GET must show that display id; an asset found
// by the lookup after an unknown outcome is the scratch asset only when its display id is the one sent.

// The texts of the scratch asset: surrounding white space and a run of spaces inside, to see how HappyFox cleans
// names and custom field texts (text-cleaning, §1.4).
const (
	scratchName = " happyfox-probe  scratch asset "
	scratchText = " probe  text "
)

// cleanupTimeout bounds the deletion of the scratch asset after the run ended or was interrupted: long enough to
// wait out a rate-limit lockout (10 minutes, §1.3) with the client's default maximum wait.
const cleanupTimeout = 12 * time.Minute

// The scratch asset's exchanges, in the order sent.
var scratchExchanges = []string{"scratch-create", "scratch-create-string-ids", "scratch-read", "scratch-put",
	"scratch-read-after-put", "scratch-put-no-name", "scratch-put-no-updated-by", "scratch-delete", "scratch-read-after-delete"}

type scratchState struct {
	typeID    int64
	displayID string
	fields    []fillable // the custom fields set at create
	c1, c2    int64      // the contacts linked at create, and by the PUT instead
	noContact string     // why no contact is linked, when none is

	tried        bool  // a create was sent
	maybeCreated bool  // a create whose outcome is unknown, or answered with another asset: look it up by display id
	id           int64 // the scratch asset's id, once its display id is checked
	stringIDs    bool  // contact ids go as strings (asset-ids-input=strings-only)
	// untrusted says why the create's answer was not the scratch asset (which a lookup by display id then found).
	untrusted string
	created   map[string]any
	afterPut  map[string]any
	deleted   bool
	why       string // why the write questions stopped, when they did
}

// fillable is a custom field the probe can give a value, and the value the PUT changes it to (nil: it cannot).
type fillable struct {
	id             int64
	value, changed any
	text           bool
}

// fillableField reads a custom field definition of asset_custom_fields/ (§3.6), under either set of type names
// (field-type-names).
func fillableField(f any, firstText bool) (fillable, bool) {
	m := obj(f)
	id, ok := idOf(m["id"])
	if !ok {
		return fillable{}, false
	}
	t, _ := str(m["type"])
	switch t {
	case "text", "textarea", "multiline":
		v := "probe"
		if firstText {
			v = scratchText
		}
		return fillable{id: id, value: v, changed: "probe changed", text: true}, true
	case "number", "numeric":
		return fillable{id: id, value: 7, changed: 8}, true
	case "date", "datetime":
		return fillable{id: id, value: "2024-01-15", changed: "2024-01-16"}, true
	case "dropdown", "multi_option", "multiple_choice":
		var ids []int64
		for _, c := range list(m["choices"]) {
			if cid, ok := idOf(obj(c)["id"]); ok {
				ids = append(ids, cid)
			}
		}
		if len(ids) == 0 {
			return fillable{}, false
		}
		fl := fillable{id: id, value: ids[0]}
		if len(ids) > 1 {
			fl.changed = ids[1]
		}
		if t != "dropdown" { // a list of choice ids (§3.3)
			fl.value = []any{ids[0]}
			if len(ids) > 1 {
				fl.changed = []any{ids[1]}
			}
		}
		return fl, true
	}
	return fillable{}, false
}

func fillables(fields []any) []fillable {
	var out []fillable
	text := false
	for _, f := range fields {
		if fl, ok := fillableField(f, !text); ok {
			text = text || fl.text
			out = append(out, fl)
		}
	}
	return out
}

// scratchType picks the scratch asset's type: Options.AssetType, or the type with the most fields the probe can fill
// (the first on a tie), or the first type.
func (s *session) scratchType(ctx context.Context) (int64, []fillable, error) {
	if want := s.opts.AssetType; want != 0 {
		for _, tf := range s.assetFieldLists {
			if tf.typeID == want {
				return want, fillables(tf.fields), nil
			}
		}
		s.vars["scratch_type"] = strconv.FormatInt(want, 10)
		ex, err := s.call(ctx, get("asset_custom_fields/", "asset_type", "{scratch_type}", "size", "50"))
		if err != nil {
			return 0, nil, err
		}
		return want, fillables(items(ex.JSON)), nil
	}
	var best int64
	var bestFields []fillable
	bestContacts := false
	for _, tf := range s.assetFieldLists {
		f, contacts := fillables(tf.fields), s.typeTakesContacts(tf.typeID)
		if best == 0 || (contacts && !bestContacts) || (contacts == bestContacts && len(f) > len(bestFields)) {
			best, bestFields, bestContacts = tf.typeID, f, contacts
		}
	}
	if best == 0 && len(s.assetTypes) > 0 {
		best, _ = idOf(obj(s.assetTypes[0])["id"])
	}
	return best, bestFields, nil
}

// typeTakesContacts: the asset type's settings do not turn contacts off (enable_contact_association, §3.7).
func (s *session) typeTakesContacts(typeID int64) bool {
	for _, t := range s.assetTypes {
		if id, _ := idOf(obj(t)["id"]); id == typeID {
			return obj(obj(t)["settings"])["enable_contact_association"] != false
		}
	}
	return true
}

// stop ends the write questions early: the exchanges not sent say why.
func (s *session) stop(why string) {
	s.scratch.why = why
	for _, n := range scratchExchanges {
		if s.byName[n] == nil && s.skipped[n] == "" {
			s.skip(n, why)
		}
	}
}

func (s *session) writes(ctx context.Context) (err error) {
	sc := &s.scratch
	s.vars["staff"] = strconv.FormatInt(s.opts.StaffID, 10)
	typeID, fields, err := s.scratchType(ctx)
	if err != nil {
		return err
	}
	if typeID == 0 {
		s.stop("the account has no asset type")
		return nil
	}
	sc.typeID, sc.fields = typeID, fields
	s.vars["scratch_type"] = strconv.FormatInt(typeID, 10)
	var b [6]byte
	if _, err := rand.Read(b[:]); err != nil {
		return err
	}
	sc.displayID = "happyfox-probe-" + hex.EncodeToString(b[:])
	sc.c1, _ = strconv.ParseInt(s.vars["contact"], 10, 64)
	sc.c2, _ = strconv.ParseInt(s.vars["contact2"], 10, 64)
	switch {
	case !s.typeTakesContacts(typeID):
		sc.c1, sc.c2, sc.noContact = 0, 0, "the scratch asset's type does not take contacts (enable_contact_association); use -asset-type to choose another"
	case sc.c1 == 0:
		sc.noContact = "the account has no contact to link to the scratch asset"
	case sc.c2 == 0:
		sc.noContact = "the account needs two contacts to link"
	}

	defer func() {
		if cerr := s.removeScratch(ctx); cerr != nil {
			err = errors.Join(err, cerr)
		}
	}()
	if err := s.createScratch(ctx); err != nil || sc.id == 0 {
		return err
	}
	s.vars["scratch"] = strconv.FormatInt(sc.id, 10)
	ex, err := s.call(ctx, get("asset/{scratch}/"))
	if err != nil {
		return fmt.Errorf("reading the scratch asset back: %w", err)
	}
	if !s.isScratch(ex) && sc.untrusted == "" {
		// The id the create answered with is not the scratch asset's: find it by its display id.
		sc.id = 0
		if err := s.settleCreate(ctx, "the create answered the id of another asset"); err != nil || sc.id == 0 {
			return err
		}
		s.vars["scratch"] = strconv.FormatInt(sc.id, 10)
		if ex, err = s.call(ctx, get("asset/{scratch}/")); err != nil {
			return fmt.Errorf("reading the scratch asset back: %w", err)
		}
	}
	s.keep("scratch-read", ex)
	if !s.isScratch(ex) {
		s.stop("GET asset/<id>/ of the scratch asset did not answer it: " + describe(ex))
		return nil
	}
	sc.created = obj(ex.JSON)

	// One PUT changes one custom field and replaces the linked contact: are the other fields kept, is the contact
	// replaced (§3.4)? name and display_id go with it, as stored, in case HappyFox requires them.
	put := map[string]any{"name": sc.created["name"], "display_id": sc.displayID, "updated_by": s.opts.StaffID}
	for _, f := range sc.fields {
		if f.changed != nil {
			put["custom_fields"] = map[string]any{strconv.FormatInt(f.id, 10): f.changed}
			break
		}
	}
	if sc.c1 != 0 && sc.c2 != 0 {
		put["contact_ids"] = []any{s.idValue(sc.c2)}
	}
	ex, err = s.fetch(ctx, "scratch-put", Request{Method: http.MethodPut, Path: "asset/{scratch}/", Body: put})
	if err != nil {
		return fmt.Errorf("changing the scratch asset: %w", err)
	}
	if ex.Status/100 == 2 {
		back, err := s.fetch(ctx, "scratch-read-after-put", get("asset/{scratch}/"))
		if err != nil {
			return fmt.Errorf("reading the scratch asset back: %w", err)
		}
		if s.isScratch(back) {
			sc.afterPut = obj(back.JSON)
		}
	} else {
		s.skip("scratch-read-after-put", "HappyFox refused the PUT: "+describe(ex))
	}

	// A PUT without name and display_id (§3.4: optional since 2026), then one without updated_by (required, H):
	// its refusal shows HappyFox's wording. Either changes nothing if HappyFox accepts it.
	if _, err := s.fetch(ctx, "scratch-put-no-name", Request{Method: http.MethodPut, Path: "asset/{scratch}/",
		Body: map[string]any{"updated_by": s.opts.StaffID}}); err != nil {
		return fmt.Errorf("changing the scratch asset: %w", err)
	}
	if _, err := s.fetch(ctx, "scratch-put-no-updated-by", Request{Method: http.MethodPut, Path: "asset/{scratch}/",
		Body: map[string]any{"name": sc.created["name"], "display_id": sc.displayID}}); err != nil {
		return fmt.Errorf("changing the scratch asset: %w", err)
	}
	return nil
}

// idValue is a contact id as the create took it: a number, or a string (asset-ids-input=strings-only).
func (s *session) idValue(id int64) any {
	if s.scratch.stringIDs {
		return strconv.FormatInt(id, 10)
	}
	return id
}

// createScratch sends the create, with the contact ids as numbers and, if HappyFox refuses them, as strings. Only an
// answer that carries the display id sent sets the id.
func (s *session) createScratch(ctx context.Context) error {
	sc := &s.scratch
	for attempt, name := range []string{"scratch-create", "scratch-create-string-ids"} {
		sc.stringIDs = attempt == 1
		body := map[string]any{"name": scratchName, "display_id": sc.displayID, "created_by": s.opts.StaffID}
		if sc.c1 != 0 {
			body["contact_ids"] = []any{s.idValue(sc.c1)}
		}
		if len(sc.fields) > 0 {
			cf := map[string]any{}
			for _, f := range sc.fields {
				cf[strconv.FormatInt(f.id, 10)] = f.value
			}
			body["custom_fields"] = cf
		}
		sc.tried = true
		ex, err := s.fetch(ctx, name, Request{Method: http.MethodPost, Path: "assets/", Query: []Param{{"asset_type", "{scratch_type}"}}, Body: body})
		switch {
		case err != nil:
			// An unknown outcome: settle it by looking, never by sending the create again.
			// The error (printed after the report) stays out of the report: it may quote the account's address.
			if serr := s.settleCreate(ctx, "the create's answer was lost"); serr != nil {
				return fmt.Errorf("%w (the create: %w)", serr, err)
			}
			return nil
		case ex.Status/100 == 2 && !s.isScratch(ex):
			return s.settleCreate(ctx, "HappyFox answered the create with another asset ("+describe(ex)+")")
		case ex.Status/100 == 2:
			id, ok := idOf(obj(ex.JSON)["id"])
			if !ok {
				return s.settleCreate(ctx, "the create's answer carries no id")
			}
			sc.id = id
			if attempt == 0 {
				s.skip("scratch-create-string-ids", "the create took the contact ids as numbers")
			}
			return nil
		}
		if attempt == 0 && ex.Status == http.StatusBadRequest && sc.c1 != 0 && names(ex.JSON, "contact_ids") {
			continue
		}
		s.stop("HappyFox refused the scratch asset: " + describe(ex))
		return nil
	}
	return nil
}

// settleCreate looks for the scratch asset by its display id after a create whose answer did not show it: found
// once, the run goes on with it; not found, or found more than once, the write questions stop (the cleanup deletes
// whatever carries the display id).
func (s *session) settleCreate(ctx context.Context, what string) error {
	sc := &s.scratch
	sc.maybeCreated = true
	if s.byName["scratch-create"] != nil {
		s.skip("scratch-create-string-ids", what)
	}
	found, err := s.findScratch(ctx)
	switch {
	case err != nil:
		s.stop(what + "; looking for the scratch asset by its display id failed")
		return fmt.Errorf("creating the scratch asset: %s; looking for it failed: %w", what, err)
	case len(found) == 1:
		sc.id, sc.untrusted = found[0], what
		return nil
	case len(found) == 0:
		s.stop(what + "; no asset has the scratch display id")
		return fmt.Errorf("creating the scratch asset: %s, and no asset has its display id %s: if one appears in HappyFox later, delete it", what, sc.displayID)
	}
	s.stop(fmt.Sprintf("%s; %d assets have the scratch display id", what, len(found)))
	return nil
}

// isScratch: ex answers the scratch asset (its display id is the one sent).
func (s *session) isScratch(ex *Exchange) bool {
	d, _ := str(obj(ex.JSON)["display_id"])
	return ex.Status/100 == 2 && strings.TrimSpace(d) == s.scratch.displayID
}

// names reports whether an error body names the field: as a key (shape B) or as a "field" (shape A, §1.2).
func names(v any, field string) bool {
	switch x := v.(type) {
	case map[string]any:
		for k, e := range x {
			if k == field || (k == "field" && e == field) || names(e, field) {
				return true
			}
		}
	case []any:
		for _, e := range x {
			if names(e, field) {
				return true
			}
		}
	}
	return false
}

// removeScratch deletes the scratch asset, detached from ctx's cancellation: after a failure or an interrupt too.
// Every asset it deletes was shown by a GET to carry the scratch display id.
func (s *session) removeScratch(parent context.Context) error {
	sc := &s.scratch
	if !sc.tried || sc.deleted {
		return nil
	}
	ctx, cancel := context.WithTimeout(context.WithoutCancel(parent), cleanupTimeout)
	defer cancel()
	ids := []int64{}
	if sc.id != 0 {
		ids = append(ids, sc.id)
	}
	if sc.id == 0 || sc.maybeCreated {
		found, err := s.findScratch(ctx)
		if err != nil {
			return fmt.Errorf("the scratch asset %s may be in HappyFox (asset type %d): looking for it failed: %w; delete it by hand if it is there",
				sc.displayID, sc.typeID, err)
		}
		for _, id := range found {
			if id != sc.id {
				ids = append(ids, id)
			}
		}
	}
	var errs []error
	for _, id := range ids {
		if err := s.deleteScratch(ctx, id, id == sc.id); err != nil {
			errs = append(errs, fmt.Errorf("the scratch asset %s (id %d) is still in HappyFox: %w; delete it by hand", sc.displayID, id, err))
		}
	}
	sc.deleted = len(errs) == 0
	return errors.Join(errs...)
}

// deleteScratch deletes one asset after checking that it is the scratch asset, and checks that it is gone.
// keepExchanges records the DELETE and the GET after it as fixtures.
func (s *session) deleteScratch(ctx context.Context, id int64, keepExchanges bool) error {
	s.vars["scratch"] = strconv.FormatInt(id, 10)
	before, err := s.call(ctx, get("asset/{scratch}/"))
	if err != nil {
		return fmt.Errorf("reading it before the delete: %w", err)
	}
	if notFoundAnswer(before) {
		return nil // already gone
	}
	if !s.isScratch(before) {
		return fmt.Errorf("GET asset/%d/ does not show the scratch display id (%s), so the probe did not delete it", id, describe(before))
	}
	del := Request{Method: http.MethodDelete, Path: "asset/{scratch}/", Query: []Param{{"deleted_by", "{staff}"}}}
	after := get("asset/{scratch}/")
	var ex *Exchange
	if keepExchanges {
		ex, err = s.fetch(ctx, "scratch-delete", del)
	} else {
		ex, err = s.call(ctx, del)
	}
	if err != nil {
		return fmt.Errorf("deleting it: %w", err)
	}
	if ex.Status/100 != 2 && !notFoundAnswer(ex) {
		return fmt.Errorf("HappyFox refused the delete: %s", describe(ex))
	}
	var gone *Exchange
	if keepExchanges {
		gone, err = s.fetch(ctx, "scratch-read-after-delete", after)
	} else {
		gone, err = s.call(ctx, after)
	}
	if err != nil {
		return fmt.Errorf("checking it is gone: %w", err)
	}
	if !notFoundAnswer(gone) {
		return fmt.Errorf("HappyFox answered the delete, but GET asset/%d/ still answers %s", id, describe(gone))
	}
	return nil
}

// maxLookupPages bounds the lookup of the scratch asset: 10,000 assets of its type.
const maxLookupPages = 200

// findScratch lists the scratch asset's type for the scratch display id.
func (s *session) findScratch(ctx context.Context) ([]int64, error) {
	var out []int64
	for page := 1; page <= maxLookupPages; page++ {
		s.vars["lookup_page"] = strconv.Itoa(page)
		ex, err := s.call(ctx, get("assets/", "asset_type", "{scratch_type}", "size", "50", "page", "{lookup_page}"))
		if err != nil {
			return nil, err
		}
		if ex.Status != http.StatusOK {
			if page > 1 && notFoundAnswer(ex) {
				break // page-past-end=404
			}
			return nil, fmt.Errorf("GET assets/ answered %s", describe(ex))
		}
		found := items(ex.JSON)
		for _, a := range found {
			if d, _ := str(obj(a)["display_id"]); strings.TrimSpace(d) == s.scratch.displayID {
				if id, ok := idOf(obj(a)["id"]); ok {
					out = append(out, id)
				}
			}
		}
		pages, ok := intOf(obj(obj(ex.JSON)["page_info"])["page_count"])
		if len(found) < 50 || (ok && int64(page) >= pages) {
			break
		}
	}
	return out, nil
}
