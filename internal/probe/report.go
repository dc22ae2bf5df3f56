package probe

import (
	"fmt"
	"io"
	"strings"
)

// WriteText prints the report for a person: a summary, then each question with the answer seen and the simulator
// switch that matches it. Like the fixtures it holds no key, code, e-mail, name or other text of the account.
func (rep *Report) WriteText(w io.Writer) {
	count := map[Status]int{}
	var differ, strange []string
	for _, f := range rep.Findings {
		count[f.Status]++
		switch {
		case f.Status == Settled && !f.Default:
			differ = append(differ, f.Switch())
		case f.Status == Unrecognised:
			strange = append(strange, f.Question)
		}
	}
	mode := "reads only (-write also settles the asset writes on one scratch asset)"
	if rep.Write {
		mode = "reads, and writes on one scratch asset (deleted again)"
	}
	fmt.Fprintf(w, "HappyFox probe of %s: %s\n\n", rep.Target, mode)
	fmt.Fprintf(w, "%d questions: %d settled (%d unlike the simulator's default), %d unrecognised, %d not settled, %d not probed.\n",
		len(rep.Findings), count[Settled], len(differ), count[Unrecognised], count[NotSettled], count[NotProbed])
	if len(differ) > 0 {
		fmt.Fprintf(w, "Unlike the simulator's default: %s\n", strings.Join(differ, ", "))
		fmt.Fprintf(w, "The simulator answering like this account: happyfoxsim -assume %s\n", strings.Join(differ, ","))
	}
	if len(strange) > 0 {
		fmt.Fprintf(w, "Answers no simulator switch gives (each needs a new alternative): %s\n", strings.Join(strange, ", "))
	}
	fmt.Fprintln(w, "CONTRIBUTING.md, \"Settling an open question on a real account\", says what to do with this report.")
	for _, f := range rep.Findings {
		fmt.Fprintf(w, "\n%s %s (%s): %s\n", f.Section, f.Question, f.Mark, f.Claim)
		switch f.Status {
		case Settled:
			tag := "the simulator's default"
			if !f.Default {
				tag = "NOT the simulator's default"
			}
			fmt.Fprintf(w, "  answer: %s (%s)\n", f.Switch(), tag)
		case Unrecognised:
			fmt.Fprintf(w, "  answer: unrecognised: no switch of the simulator answers so\n")
		default:
			fmt.Fprintf(w, "  answer: %s (%s)\n", f.Status, f.Why)
		}
		if f.Seen != "" {
			fmt.Fprintf(w, "  seen:   %s\n", f.Seen)
		}
	}
}
