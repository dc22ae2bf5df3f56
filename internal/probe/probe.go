// Package probe settles, on a real HappyFox account, the questions our API notes leave open (docs/dev/happyfox-api.md,
// marks M, L and ?, and §7): for each it sends the requests that tell the simulator's switches apart
// (happyfoxsim.Questions, docs/dev/assumptions.md), classifies what came back as one switch, and keeps every
// exchange as a redacted fixture that the simulator's contract test replays. cmd/happyfox-probe runs it.
//
// By default it only reads. With Options.Write it also settles the write questions of assets on one scratch asset
// that it creates and always deletes again (scratch.go). It never creates contacts or contact groups, which the API
// cannot delete (§2.8), nor changes any object of the account.
//
// Requests go through internal/client (Client.Raw): the same pacing, shared rate-limit budget, retries and
// redaction of credentials as the provider.
package probe

import (
	"context"
	"errors"
	"fmt"

	"github.com/happyfox-iac/terraform-provider-happyfox/internal/client"
	"github.com/happyfox-iac/terraform-provider-happyfox/internal/happyfoxsim"
)

// Options configure a run.
type Options struct {
	// Client is the account's configuration (happyfoxenv.Resolve, plus SharedBudgetDir); the probe adds nothing
	// but a user agent.
	Client client.Config
	// StaffID is the agent the scratch asset is created, updated and deleted as (HAPPYFOX_STAFF_ID); Write needs it.
	StaffID int64
	// Write also settles the questions of asset writes, on one scratch asset created and deleted by the probe.
	Write bool
	// AssetType is the asset type of the scratch asset; 0 picks the type with the most custom fields the probe can
	// fill.
	AssetType int64
	// Target names what was probed in report.json ("a HappyFox account" when empty). The fixtures committed for the
	// simulator's contract test say "simulator defaults".
	Target string
}

// Status says how far a question got.
type Status string

const (
	Settled      Status = "settled"      // the answer seen is the default or one alternative of the question
	Unrecognised Status = "unrecognised" // an answer seen that no switch of the simulator gives: a new switch is needed
	NotSettled   Status = "not settled"  // asked, but the account lacks what would tell (say, no asset at all)
	NotProbed    Status = "not probed"   // the probe does not ask it (Why says why)
)

// Finding is the probe's answer to one question of happyfoxsim.Questions.
type Finding struct {
	Question string `json:"question"`
	Section  string `json:"section"`
	Mark     string `json:"mark"`
	Claim    string `json:"claim"`
	Status   Status `json:"status"`
	// Value is the question's default or one of its alternatives when Settled.
	Value string `json:"value,omitempty"`
	// Default reports whether Value is the question's default (the simulator already answers so).
	Default bool `json:"default,omitempty"`
	// Seen describes what came back, redacted: statuses, media types, field names and JSON types, counts; never a
	// value of the account.
	Seen string `json:"seen,omitempty"`
	// Why says why a question is not settled or not probed.
	Why string `json:"why,omitempty"`
}

// Switch is the simulator switch that answers like the account, "<question>=<value>", when Settled.
func (f Finding) Switch() string {
	if f.Status != Settled {
		return ""
	}
	return f.Question + "=" + f.Value
}

// Report is what a run found.
type Report struct {
	Target   string
	Write    bool
	Findings []Finding // one per question of happyfoxsim.Questions, in their order
	// Exchanges are the requests kept as fixtures, in the order sent (redacted when written, fixtures.go).
	Exchanges []*Exchange
}

// Finding returns the finding of a question.
func (rep *Report) Finding(question string) (Finding, bool) {
	for _, f := range rep.Findings {
		if f.Question == question {
			return f, true
		}
	}
	return Finding{}, false
}

// Switches lists the switches of every settled finding that is not the default: run the simulator with them
// (`happyfoxsim -assume ...`) and it answers like the account.
func (rep *Report) Switches() []string {
	var out []string
	for _, f := range rep.Findings {
		if f.Status == Settled && !f.Default {
			out = append(out, f.Switch())
		}
	}
	return out
}

// Why a question is not probed.
const (
	whyCannotDelete = "would create an object HappyFox cannot delete"
	whyLockout      = "needs a 429, which locks the whole account out for 10 minutes"
	whyPermission   = "needs an agent without the Manage Assets permission"
	whyTicketField  = "would change the choices of one of the account's ticket custom fields"
	whyNeedsWrite   = "needs -write: one scratch asset, created and deleted by the probe"
)

// classifier turns what a run gathered into the answer to one question.
type classifier func(s *session) verdict

// readQuestions are the questions GET requests settle; writeQuestions those the scratch asset settles (with
// Options.Write); notProbed the others, with the reason. Every question of happyfoxsim.Questions is in exactly one
// (TestEveryQuestionIsProbedOrSaysWhyNot).
var (
	readQuestions = map[string]classifier{
		"ids":                     classifyIDs,
		"extra-fields":            classifyExtraFields,
		"empty-text":              classifyEmptyText,
		"contact-optional-fields": classifyContactOptionalFields,
		"uniqueness":              classifyUniqueness,
		"page-past-end":           classifyPagePastEnd,
		"page-size-over-50":       classifyPageSizeOver50,
		"page-size-under-10":      classifyPageSizeUnder10,
		"empty-list-page-info":    classifyEmptyListPageInfo,
		"list-fields":             classifyListFields,
		"search-email":            classifySearchEmail,
		"not-found":               classifyNotFound,
		"unauthorized":            classifyUnauthorized,
		"error-wording":           classifyErrorWording,
		"trailing-slash":          classifyTrailingSlash,
		"rate-limit-headers":      classifyRateLimitHeaders,
		"contact-choice-value":    classifyContactChoiceValue,
		"field-type-names":        classifyFieldTypeNames,
		"group-members":           classifyGroupMembers,
		"asset-shape":             classifyAssetShape,
		"asset-unknown-type":      classifyAssetUnknownType,
		"asset-field-choices":     classifyAssetFieldChoices,
		"asset-field-path":        classifyAssetFieldPath,
		"ticket-field-single":     classifyTicketFieldSingle,
	}
	writeQuestions = map[string]classifier{
		"text-cleaning":            classifyTextCleaning,
		"asset-create-answer":      classifyAssetCreateAnswer,
		"asset-ids-input":          classifyAssetIDsInput,
		"asset-contact-ids":        classifyAssetContactIDs,
		"asset-put-omitted-fields": classifyAssetPutOmittedFields,
		"asset-put-name":           classifyAssetPutName,
		"asset-delete-answer":      classifyAssetDeleteAnswer,
	}
	notProbed = map[string]string{
		"email-case":                      whyCannotDelete,
		"existing-email-create":           whyCannotDelete,
		"contact-update-custom-fields":    whyCannotDelete,
		"contact-phones":                  whyCannotDelete,
		"contact-update-phones":           whyCannotDelete,
		"bulk-failure":                    whyCannotDelete,
		"bulk-error-key":                  whyCannotDelete,
		"bulk-order":                      whyCannotDelete,
		"bulk-email":                      whyCannotDelete,
		"group-rename":                    whyCannotDelete,
		"group-edit-omitted":              whyCannotDelete,
		"member-access-update":            whyCannotDelete,
		"group-create-answer":             whyCannotDelete,
		"group-edit-answer":               whyCannotDelete,
		"rate-limited-body":               whyLockout,
		"retry-after":                     whyLockout,
		"lockout-extension":               whyLockout,
		"key-limit":                       whyLockout,
		"put-delete-bucket":               whyLockout,
		"forbidden":                       whyPermission,
		"ticket-choices-order":            whyTicketField,
		"ticket-choices-empty":            whyTicketField,
		"ticket-choices-dependant-fields": whyTicketField,
	}
)

// Run probes the account. The report is complete whatever happened (a question the run did not get to is not
// settled, saying why); the error says what stopped the run, or that the scratch asset could not be deleted.
func Run(ctx context.Context, opts Options) (*Report, error) {
	if opts.Write && opts.StaffID < 1 {
		return nil, errors.New("-write needs HAPPYFOX_STAFF_ID: the agent the scratch asset is created, updated and deleted as " +
			"(an active agent with the Manage Assets permission)")
	}
	s, err := newSession(opts)
	if err != nil {
		return nil, err
	}
	runErr := s.reads(ctx)
	if runErr == nil && opts.Write {
		runErr = s.writes(ctx)
	}
	target := opts.Target
	if target == "" {
		target = "a HappyFox account"
	}
	rep := &Report{Target: target, Write: opts.Write, Exchanges: s.kept}
	for _, q := range happyfoxsim.Questions() {
		rep.Findings = append(rep.Findings, s.finding(q, runErr))
	}
	return rep, runErr
}

func (s *session) finding(q happyfoxsim.Question, runErr error) Finding {
	f := Finding{Question: q.Name, Section: q.Section, Mark: q.Mark, Claim: q.Claim}
	var v verdict
	switch {
	case readQuestions[q.Name] != nil:
		v = readQuestions[q.Name](s)
	case writeQuestions[q.Name] != nil && !s.opts.Write:
		f.Status, f.Why = NotProbed, whyNeedsWrite
		return f
	case writeQuestions[q.Name] != nil:
		v = writeQuestions[q.Name](s)
	default:
		f.Status, f.Why = NotProbed, notProbed[q.Name]
		if f.Why == "" {
			f.Why = "the probe has no requests for it yet"
		}
		return f
	}
	f.Seen = v.seen
	switch {
	case v.value != "":
		if !isValueOf(q, v.value) {
			panic(fmt.Sprintf("probe: %s classified as %q, which is no value of the question", q.Name, v.value))
		}
		f.Status, f.Value, f.Default = Settled, v.value, v.value == q.Default
	case v.unrecognised:
		f.Status = Unrecognised
	default:
		f.Status, f.Why = NotSettled, v.why
		if f.Why == "" && runErr != nil {
			f.Why = "the run stopped before it (the error follows the report)"
		}
	}
	return f
}

func isValueOf(q happyfoxsim.Question, v string) bool {
	if v == q.Default {
		return true
	}
	for _, a := range q.Alternatives {
		if a.Value == v {
			return true
		}
	}
	return false
}

// verdict is a classifier's answer: a value, an unrecognised answer, or why the question is not settled.
type verdict struct {
	value        string
	seen         string
	unrecognised bool
	why          string
}

func answer(value, seen string) verdict { return verdict{value: value, seen: seen} }

func unrecognised(format string, args ...any) verdict {
	return verdict{unrecognised: true, seen: fmt.Sprintf(format, args...)}
}

func notSettled(format string, args ...any) verdict {
	return verdict{why: fmt.Sprintf(format, args...)}
}
