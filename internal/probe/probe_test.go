package probe

import (
	"strings"
	"testing"

	"github.com/happyfox-iac/terraform-provider-happyfox/internal/happyfoxsim"
)

// values are a question's answers: its default, then its alternatives.
func values(q happyfoxsim.Question) []string {
	out := []string{q.Default}
	for _, a := range q.Alternatives {
		out = append(out, a.Value)
	}
	return out
}

func probed(q happyfoxsim.Question) bool {
	return readQuestions[q.Name] != nil || writeQuestions[q.Name] != nil
}

// onlyThis checks that the report settles question at value and every other question it probes at its default.
func onlyThis(t *testing.T, rep *Report, question, value string) {
	t.Helper()
	for _, f := range rep.Findings {
		switch {
		case f.Status == NotProbed:
			if probed(happyfoxsim.Question{Name: f.Question}) {
				t.Errorf("%s is probed but reported %s (%s)", f.Question, f.Status, f.Why)
			}
		case f.Question == question:
			if f.Status != Settled || f.Value != value {
				t.Errorf("%s: want %s=%s, the probe reports %s %s (seen: %s; why: %s)", question, question, value, f.Status, f.Value, f.Seen, f.Why)
			}
		case f.Status != Settled || !f.Default:
			t.Errorf("under %s=%s, %s is reported %s %s, not its default (seen: %s; why: %s)", question, value, f.Question, f.Status, f.Value, f.Seen, f.Why)
		}
	}
}

// TestProbeRecognisesEverySwitch: for every question the probe settles and every answer the simulator can give to
// it (the default and each alternative), the probe run against the simulator under that switch names exactly that
// switch, and every other question it settles as the default. A classifier that cannot tell two answers apart, or
// that mistakes one question's answer for another's, fails here.
func TestProbeRecognisesEverySwitch(t *testing.T) {
	for _, q := range happyfoxsim.Questions() {
		if !probed(q) {
			continue
		}
		for _, v := range values(q) {
			t.Run(q.Switch(v), func(t *testing.T) {
				a, err := happyfoxsim.ParseAssumptions(q.Switch(v))
				if err != nil {
					t.Fatal(err)
				}
				r := probeSim(t, simAccount(a), true)
				if r.err != nil {
					t.Fatalf("the probe failed: %v", r.err)
				}
				onlyThis(t, r.rep, q.Name, v)
			})
		}
	}
}

// TestProbeIsNotFooledByTheSwitchesItDoesNotProbe: under each switch of a question the probe does not ask, it
// reports every question it asks as the default.
func TestProbeIsNotFooledByTheSwitchesItDoesNotProbe(t *testing.T) {
	for _, q := range happyfoxsim.Questions() {
		if probed(q) {
			continue
		}
		for _, alt := range q.Alternatives {
			t.Run(q.Switch(alt.Value), func(t *testing.T) {
				a, err := happyfoxsim.ParseAssumptions(q.Switch(alt.Value))
				if err != nil {
					t.Fatal(err)
				}
				r := probeSim(t, simAccount(a), true)
				if r.err != nil {
					t.Fatalf("the probe failed: %v", r.err)
				}
				onlyThis(t, r.rep, "", "")
			})
		}
	}
}

// TestEveryQuestionIsProbedOrSaysWhyNot: each question of the simulator is a read question, a write question or
// not probed with a reason, and exactly one of them; the writes to contacts and groups are not probed because
// they would create what HappyFox cannot delete.
func TestEveryQuestionIsProbedOrSaysWhyNot(t *testing.T) {
	names := map[string]bool{}
	for _, q := range happyfoxsim.Questions() {
		names[q.Name] = true
		n := 0
		for _, in := range []bool{readQuestions[q.Name] != nil, writeQuestions[q.Name] != nil, notProbed[q.Name] != ""} {
			if in {
				n++
			}
		}
		if n != 1 {
			t.Errorf("%s is in %d of the probe's lists, want 1", q.Name, n)
		}
	}
	for _, m := range []map[string]bool{keysOf(readQuestions), keysOf(writeQuestions), keysOf(notProbed)} {
		for name := range m {
			if !names[name] {
				t.Errorf("the probe lists %s, which is no question of the simulator", name)
			}
		}
	}
	for _, name := range []string{"bulk-order", "email-case", "group-rename", "contact-update-custom-fields", "member-access-update"} {
		if notProbed[name] != whyCannotDelete {
			t.Errorf("%s: %q", name, notProbed[name])
		}
	}
	// Read only: the write questions say how to settle them.
	r := probeSim(t, simAccount(happyfoxsim.Assumptions{}), false)
	if r.err != nil {
		t.Fatal(r.err)
	}
	for _, f := range r.rep.Findings {
		want := NotProbed
		if readQuestions[f.Question] != nil {
			want = Settled
		}
		if f.Status != want {
			t.Errorf("read only: %s is %s (%s), want %s", f.Question, f.Status, f.Why, want)
		}
		if writeQuestions[f.Question] != nil && !strings.Contains(f.Why, "-write") {
			t.Errorf("read only: %s says %q", f.Question, f.Why)
		}
		if notProbed[f.Question] != "" && f.Why != notProbed[f.Question] {
			t.Errorf("%s says %q", f.Question, f.Why)
		}
	}
}

func keysOf[V any](m map[string]V) map[string]bool {
	out := map[string]bool{}
	for k := range m {
		out[k] = true
	}
	return out
}
