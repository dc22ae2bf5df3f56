package provider

import (
	"strconv"
	"strings"
)

// repeatedChoiceID finds a choice id listed twice in a comma-separated multi-choice value ("10,10",
// "4, 5, 4"), for assets and contacts alike (issue 12 item 10). Such a value is refused at plan time rather
// than quietly reduced: the configuration would say something HappyFox can never store, and the reduced
// value would hide a typo (say "10,10" for "10,11"). Parts that are not numbers are left to the callers'
// own checks.
func repeatedChoiceID(v string) (int64, bool) {
	seen := map[int64]bool{}
	for _, part := range strings.Split(v, ",") {
		id, err := strconv.ParseInt(strings.TrimSpace(part), 10, 64)
		if err != nil {
			continue
		}
		if seen[id] {
			return id, true
		}
		seen[id] = true
	}
	return 0, false
}
