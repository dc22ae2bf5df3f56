package tfvalue

import (
	"fmt"
	"strconv"
	"strings"
)

// ParseID parses a HappyFox numeric id given on the command line (terraform import) or in an import block.
func ParseID(raw, what string) (int64, error) {
	id, err := strconv.ParseInt(strings.TrimSpace(raw), 10, 64)
	if err != nil || id <= 0 {
		return 0, fmt.Errorf("%q is not a valid %s id: expected the positive number HappyFox shows in the object's URL, e.g. 42", raw, what)
	}
	return id, nil
}
