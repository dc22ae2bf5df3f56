package client

import (
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"os"
	"time"

	"github.com/happyfox-iac/terraform-provider-happyfox/internal/client/transport"
)

// Two runs on one machine that create the same contacts (a copy of a repository applied beside the original, two
// pipelines on one runner) would each send the creates, and the second one's would edit the first one's contacts
// (§2.4). Next to the account's budget file (transport/shared_budget.go), a claims file records which process is creating a
// contact with which e-mail: before a bulk create is sent, its e-mails are claimed under the file's lock, and an
// e-mail a live process claimed first is not sent (contacts_created_here.go's other checks cover runs on other
// machines). The file holds hashes of the e-mails, never the addresses; claims of processes that have ended, and any
// older than a day, are dropped.

const (
	maxClaimsFile = 1 << 20
	claimsMaxAge  = 24 * time.Hour
)

type emailClaim struct {
	PID int   `json:"pid"`
	At  int64 `json:"at"` // Unix seconds
}

// claimKey hashes an e-mail for the claims file.
func claimKey(email string) string {
	sum := sha256.Sum256([]byte(EmailKey(email)))
	return hex.EncodeToString(sum[:12])
}

// claimEmails claims the e-mails for this process in the claims file beside the budget file and returns, for each
// e-mail another live process had claimed, that process's id. When the file cannot be used, it claims nothing and
// reports nothing (as the budget does).
func claimEmails(budget *transport.SharedBudget, emails []string, now time.Time) map[string]int {
	if len(emails) == 0 {
		return nil
	}
	taken := map[string]int{}
	me := os.Getpid()
	ok := budget.Beside(".claims.json", maxClaimsFile, func(raw []byte) []byte {
		claims := map[string]emailClaim{}
		if len(raw) > 0 && json.Unmarshal(raw, &claims) != nil {
			claims = map[string]emailClaim{} // a torn write: start over
		}
		for k, c := range claims {
			if c.PID != me && (!transport.ProcessAlive(c.PID) || now.Sub(time.Unix(c.At, 0)) > claimsMaxAge) {
				delete(claims, k)
			}
		}
		for _, e := range emails {
			k := claimKey(e)
			if c, ok := claims[k]; ok && c.PID != me {
				taken[e] = c.PID
				continue
			}
			claims[k] = emailClaim{PID: me, At: now.Unix()}
		}
		out, err := json.Marshal(claims)
		if err != nil {
			return raw
		}
		return out
	})
	if !ok {
		return nil
	}
	return taken
}
