package main

import (
	"net/http"
	"os"
	"path/filepath"
	"strings"
	"syscall"
	"testing"
	"time"
)

func TestCheckLoopback(t *testing.T) {
	for addr, ok := range map[string]bool{
		"127.0.0.1:0": true, "[::1]:8080": true, "localhost:1": true, "127.0.0.2:0": true,
		"0.0.0.0:0": false, ":8080": false, "192.168.1.2:80": false, "example.com:80": false, "nonsense": false,
	} {
		if err := checkLoopback(addr); (err == nil) != ok {
			t.Errorf("checkLoopback(%q) = %v", addr, err)
		}
	}
}

func TestRunServesAndStops(t *testing.T) {
	addrFile := filepath.Join(t.TempDir(), "addr")
	errc := make(chan error, 1)
	go func() {
		errc <- run([]string{"-listen", "127.0.0.1:0", "-addr-file", addrFile, "-api-key", "K", "-auth-code", "C"})
	}()
	var base string
	for deadline := time.Now().Add(10 * time.Second); time.Now().Before(deadline); time.Sleep(5 * time.Millisecond) {
		if b, err := os.ReadFile(addrFile); err == nil {
			base = strings.TrimSpace(string(b))
			break
		}
	}
	if !strings.HasSuffix(base, "/api/1.1/json/") {
		t.Fatalf("base URL %q", base)
	}
	req, _ := http.NewRequest(http.MethodGet, base+"statuses/", nil)
	req.SetBasicAuth("K", "C")
	res, err := http.DefaultClient.Do(req)
	if err != nil {
		t.Fatal(err)
	}
	res.Body.Close()
	if res.StatusCode != 200 {
		t.Fatalf("status %d", res.StatusCode)
	}
	// The addr file is written after the signal handler is installed.
	if err := syscall.Kill(os.Getpid(), syscall.SIGTERM); err != nil {
		t.Fatal(err)
	}
	select {
	case err := <-errc:
		if err != nil {
			t.Fatal(err)
		}
	case <-time.After(10 * time.Second):
		t.Fatal("no shutdown")
	}
	if _, err := os.Stat(addrFile); !os.IsNotExist(err) {
		t.Fatalf("addr file left behind: %v", err)
	}
	if err := run([]string{"-listen", "0.0.0.0:0"}); err == nil {
		t.Fatal("non-loopback accepted")
	}
}

func TestAssumeFlag(t *testing.T) {
	var b strings.Builder
	printAssumptions(&b)
	for _, want := range []string{"not-found (§1, ?): default json", "-assume not-found=html", "-assume retry-after=http-date"} {
		if !strings.Contains(b.String(), want) {
			t.Errorf("-list-assumptions does not list %q", want)
		}
	}
	for _, args := range [][]string{{"-assume", "not-found=xml"}, {"-assume", "no-such-question=x"}, {"-assume", "not-found"}} {
		if err := run(args); err == nil || !strings.Contains(err.Error(), "assumption") {
			t.Errorf("run(%q) = %v, want an error naming the assumption", args, err)
		}
	}
}
