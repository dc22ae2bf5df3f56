package bench

import (
	"encoding/json"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// TestBench is `make bench`: it measures, prints every section, and writes BENCHMARKS.md when every section ran
// (not with -run TestBench/<section>). HAPPYFOX_BENCH_JSON=<file> also writes the raw measures (that is how
// testdata/before.json was made).
func TestBench(t *testing.T) {
	if !benchEnabled() {
		t.Skip("set HAPPYFOX_BENCH=1 (make bench) to run the benchmark")
	}
	r := newReport(t)
	ran := 0
	for _, s := range []struct {
		name string
		f    func(*testing.T, *report)
	}{
		{"calls", benchCalls},
		{"metadata", benchMetadata},
		{"throughput", benchThroughput},
		{"overhead", benchOverhead},
		{"refresh", benchRefresh},
	} {
		t.Run(s.name, func(t *testing.T) {
			s.f(t, r)
			if !t.Failed() && !t.Skipped() {
				ran++ // not reached for sections that -run filters out
			}
		})
	}
	writeStaticSections(r)
	doc := r.markdown()
	fmt.Println(doc)
	if path := os.Getenv("HAPPYFOX_BENCH_JSON"); path != "" {
		raw, err := json.MarshalIndent(r, "", "  ")
		if err != nil {
			t.Fatal(err)
		}
		writeFile(t, path, string(raw)+"\n")
	}
	if t.Failed() || ran != 5 || os.Getenv("HAPPYFOX_BENCH_WRITE") == "0" {
		t.Log("BENCHMARKS.md not written (a section failed or was skipped, or HAPPYFOX_BENCH_WRITE=0)")
		return
	}
	writeFile(t, filepath.Join(repoRoot, "BENCHMARKS.md"), doc+keptByHand(t))
}

// keptMarker starts the part of BENCHMARKS.md that TestBench does not generate: the large-apply (TestBenchBulk) and
// adoption (TestBenchAdopt) sections, which print their numbers and are written up by hand. It survives a rewrite.
const keptMarker = "<!-- sections below: written from TestBenchBulk and TestBenchAdopt, kept when make bench rewrites the file -->"

func keptByHand(t *testing.T) string {
	old, err := os.ReadFile(filepath.Join(repoRoot, "BENCHMARKS.md"))
	if err != nil {
		return ""
	}
	if i := strings.Index(string(old), keptMarker); i >= 0 {
		return "\n" + string(old[i:])
	}
	t.Log("BENCHMARKS.md has no hand-kept sections")
	return ""
}
