package client

import "testing"

// The rule of the read path. Its behaviour against the simulator (GET counts, freshness after writes) is tested in
// internal/bench/readpath_client_test.go: the client's tests may not import the simulator (depguard).

func TestReadPathRule(t *testing.T) {
	cases := []struct {
		name string
		s    kindState
		want readAction
	}{
		{"first reads are single GETs", kindState{singles: probeAfter - 1, pages: -1, nextPage: 1}, actNone},
		{"then the first page is probed", kindState{singles: probeAfter, pages: -1, nextPage: 1}, actProbe},
		{"singles below the pages left", kindState{singles: 8, pages: 10, nextPage: 2}, actNone},
		{"singles reach the pages left", kindState{singles: 9, pages: 10, nextPage: 2}, actList},
		{"a huge kind is never listed for a few reads", kindState{singles: 150, pages: 200, nextPage: 2}, actNone},
		{"listed kinds are done", kindState{singles: 100, pages: 10, nextPage: 11, done: true}, actNone},
		{"a failed kind stays with single GETs", kindState{singles: 100, pages: -1, nextPage: 1, off: true}, actNone},
	}
	for _, tc := range cases {
		if got := tc.s.next(); got != tc.want {
			t.Errorf("%s: next() = %d, want %d", tc.name, got, tc.want)
		}
	}
}
