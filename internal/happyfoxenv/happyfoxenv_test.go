package happyfoxenv

import (
	"strings"
	"testing"
)

func lookup(env map[string]string) func(string) (string, bool) {
	return func(k string) (string, bool) { v, ok := env[k]; return v, ok }
}

// Every problem is reported at once, each naming its variable, and the error never quotes the key or the code.
func TestResolveListsEveryProblemWithoutTheSecrets(t *testing.T) {
	_, err := Resolve(lookup(map[string]string{AuthCode: "code-s3cret", APIKey: "key-s3cret", StaffID: "seven", Account: "Acme Inc"}))
	if err == nil {
		t.Fatal("accepted")
	}
	for _, want := range []string{StaffID, Account} {
		if !strings.Contains(err.Error(), want) {
			t.Errorf("%q does not name %s", err, want)
		}
	}
	if strings.Contains(err.Error(), "s3cret") {
		t.Errorf("%q quotes a credential", err)
	}
	s, err := Resolve(lookup(map[string]string{Account: "acme", APIKey: "k", AuthCode: "c"}))
	if err != nil || s.Config.BaseURL != "https://acme.happyfox.com/api/1.1/json/" || s.StaffID != 0 || s.Config.GetRequestsPerMinute != 500 {
		t.Fatalf("%v %+v", err, s)
	}
}
