package provider

import (
	"fmt"
	"strings"

	"github.com/happyfox-iac/terraform-provider-happyfox/internal/tfvalidate"
	"github.com/hashicorp/terraform-plugin-framework/path"
)

// choiceTextProblem is a configured choice text that cannot be sent to HappyFox.
type choiceTextProblem struct {
	Index   int // index in the choices list
	Summary string
	Detail  string
}

// choiceTextProblems checks the configured choice texts at plan time: no empty text, no text HappyFox would clean
// (tfvalidate/text.go: white space at either end, runs of white space, tabs or line breaks), no text twice. Unknown
// texts (Known false) are skipped; they are checked again once known.
//
// Texts must be distinct because HappyFox needs them to be (a dropdown with two identical options cannot be
// told apart) and because choices are matched to existing ones by exact text. A text HappyFox would clean would
// be stored otherwise than configured, which would leave a diff that never goes away, so it is refused.
func choiceTextProblems(texts []wantedChoice) []choiceTextProblem {
	var out []choiceTextProblem
	first := map[string]int{}
	for i, t := range texts {
		if !t.Known {
			continue
		}
		switch {
		case strings.TrimSpace(t.Text) == "":
			out = append(out, choiceTextProblem{i, "Empty choice text",
				fmt.Sprintf("choices[%d] has an empty text. Every choice needs a visible text: give it one or remove the element.", i)})
			continue
		default:
			if problem := tfvalidate.TextCleaningProblem(path.Root("choices").AtListIndex(i).AtName("text"), t.Text, tfvalidate.SingleLine); problem != "" {
				out = append(out, choiceTextProblem{i, tfvalidate.TextCleaningSummary, problem})
			}
		}
		if j, dup := first[t.Text]; dup {
			out = append(out, choiceTextProblem{i, "Duplicate choice text",
				fmt.Sprintf("choices[%d] repeats the text %q of choices[%d]. The choices of a field must have distinct texts; "+
					"remove one of them.", i, t.Text, j)})
			continue
		}
		first[t.Text] = i
	}
	return out
}
