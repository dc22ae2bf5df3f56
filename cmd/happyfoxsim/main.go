// Command happyfoxsim serves the HappyFox API simulator on a loopback
// address, for `make demo` and manual testing.
//
//	go run ./cmd/happyfoxsim -listen 127.0.0.1:0 -addr-file /tmp/hf.addr
//
// It prints HAPPYFOX_BASE_URL=http://127.0.0.1:PORT/api/1.1/json/ on stdout,
// writes the base URL to -addr-file if given (removed again on exit), and
// exits cleanly on SIGINT/SIGTERM.
package main

import (
	"bufio"
	"context"
	"errors"
	"flag"
	"fmt"
	"io"
	"log"
	"net"
	"net/http"
	"os"
	"os/signal"
	"path/filepath"
	"strings"
	"syscall"
	"time"

	"github.com/happyfox-iac/terraform-provider-happyfox/internal/happyfoxsim"
)

func main() {
	if err := run(os.Args[1:]); err != nil {
		fmt.Fprintln(os.Stderr, "happyfoxsim:", err)
		os.Exit(1)
	}
}

func run(args []string) error {
	fs := flag.NewFlagSet("happyfoxsim", flag.ContinueOnError)
	listen := fs.String("listen", "127.0.0.1:0", "loopback address to listen on (host:port)")
	apiKey := fs.String("api-key", happyfoxsim.DefaultAPIKey, "API key (Basic auth user)")
	authCode := fs.String("auth-code", happyfoxsim.DefaultAuthCode, "auth code (Basic auth password)")
	latency := fs.Duration("latency", 0, "latency added to every request")
	getLimit := fs.Int("get-limit", 500, "GET requests per window (0 or less: unlimited)")
	writeLimit := fs.Int("write-limit", 300, "POST/PUT/DELETE requests per window (0 or less: unlimited)")
	window := fs.Duration("window", time.Minute, "rate-limit window")
	lockout := fs.Duration("lockout", 10*time.Minute, "lockout after exceeding a limit (0 or less: none)")
	retryAfter := fs.Bool("retry-after", false, "send Retry-After on 429 (the same as -assume retry-after=seconds)")
	empty := fs.Bool("empty", false, "start without seed data")
	addrFile := fs.String("addr-file", "", "write the base URL to this file")
	objectHold := fs.Duration("object-hold", 0, "hold each object this long per request (concurrency detection)")
	allowRename := fs.Bool("allow-group-rename", false, "accept name on POST /contact_group/<id>/ (-assume group-rename=allowed)")
	legacyAssets := fs.Bool("legacy-asset-shape", false, "model the 2025 asset API, no contact_groups (-assume asset-shape=2025)")
	notFound400 := fs.Bool("not-found-400", false, "answer unknown ids with 400 shape A instead of 404 (-assume not-found=400)")
	var assume assumeFlag
	fs.Var(&assume, "assume", "answer an open question of the API notes otherwise: <question>=<alternative>, comma-separated or repeated (see -list-assumptions)")
	listAssumptions := fs.Bool("list-assumptions", false, "list every question and alternative -assume takes, then exit")
	logRequests := fs.Bool("log", false, "log each request to stderr")
	if err := fs.Parse(args); err != nil {
		return err
	}
	if *listAssumptions {
		printAssumptions(os.Stdout)
		return nil
	}
	for flagOn, sw := range map[*bool]string{retryAfter: "retry-after=seconds", allowRename: "group-rename=allowed",
		legacyAssets: "asset-shape=2025", notFound400: "not-found=400"} {
		if *flagOn {
			assume = append(assume, sw)
		}
	}
	assumptions, err := happyfoxsim.ParseAssumptions(assume...)
	if err != nil {
		return err
	}
	if err := checkLoopback(*listen); err != nil {
		return err
	}
	unlimited := func(n int) int {
		if n <= 0 {
			return -1
		}
		return n
	}
	lock := *lockout
	if lock <= 0 {
		lock = -1
	}
	sim := happyfoxsim.New(happyfoxsim.Options{
		APIKey: *apiKey, AuthCode: *authCode,
		GetLimit: unlimited(*getLimit), WriteLimit: unlimited(*writeLimit),
		LimitWindow: *window, Lockout: lock, ObjectHold: *objectHold, Assume: assumptions, Empty: *empty,
	})
	if on := assumptions.On(); len(on) > 0 {
		fmt.Fprintln(os.Stderr, "happyfoxsim: assuming", strings.Join(on, ", "))
	}
	if *latency > 0 {
		sim.SetFaults(happyfoxsim.Faults{Latency: *latency})
	}

	ln, err := (&net.ListenConfig{}).Listen(context.Background(), "tcp", *listen)
	if err != nil {
		return err
	}
	base := happyfoxsim.BaseURL("http://" + ln.Addr().String())
	var handler http.Handler = sim
	if *logRequests {
		handler = logging(sim)
	}
	srv := &http.Server{Handler: handler, ReadHeaderTimeout: 10 * time.Second}

	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt, syscall.SIGTERM)
	defer stop()
	errc := make(chan error, 1)
	go func() { errc <- srv.Serve(ln) }()

	fmt.Printf("HAPPYFOX_BASE_URL=%s\n", base)
	if *addrFile != "" {
		if err := writeAtomic(*addrFile, base+"\n"); err != nil {
			_ = srv.Close()
			return err
		}
		defer os.Remove(*addrFile)
	}

	select {
	case err := <-errc:
		if !errors.Is(err, http.ErrServerClosed) {
			return err
		}
		return nil
	case <-ctx.Done():
	}
	shutdownCtx, cancel := context.WithTimeout(context.Background(), 5*time.Second)
	defer cancel()
	if err := srv.Shutdown(shutdownCtx); err != nil {
		_ = srv.Close()
	}
	return nil
}

// checkLoopback refuses anything but a loopback IP or "localhost": the
// simulator accepts well-known test credentials and must not be exposed.
// assumeFlag collects -assume values.
type assumeFlag []string

func (f *assumeFlag) String() string     { return strings.Join(*f, ",") }
func (f *assumeFlag) Set(v string) error { *f = append(*f, v); return nil }

// printAssumptions lists every question: its name, section and mark, default and alternatives.
func printAssumptions(w io.Writer) {
	for _, q := range happyfoxsim.Questions() {
		fmt.Fprintf(w, "%s (%s, %s): default %s: %s\n", q.Name, q.Section, q.Mark, q.Default, q.Claim)
		for _, a := range q.Alternatives {
			fmt.Fprintf(w, "  -assume %s\t%s\n", q.Switch(a.Value), a.Means)
		}
	}
}

func checkLoopback(addr string) error {
	host, _, err := net.SplitHostPort(addr)
	if err != nil {
		return fmt.Errorf("invalid -listen %q: %w", addr, err)
	}
	if host == "localhost" {
		return nil
	}
	if ip := net.ParseIP(host); ip != nil && ip.IsLoopback() {
		return nil
	}
	return fmt.Errorf("refusing to listen on non-loopback address %q (use 127.0.0.1 or [::1])", addr)
}

func writeAtomic(path, content string) error {
	tmp, err := os.CreateTemp(filepath.Dir(path), ".happyfoxsim-addr-*")
	if err != nil {
		return err
	}
	if _, err := tmp.WriteString(content); err != nil {
		tmp.Close()
		os.Remove(tmp.Name())
		return err
	}
	if err := tmp.Close(); err != nil {
		os.Remove(tmp.Name())
		return err
	}
	return os.Rename(tmp.Name(), path)
}

type statusRecorder struct {
	http.ResponseWriter
	status int
}

func (r *statusRecorder) WriteHeader(code int) {
	r.status = code
	r.ResponseWriter.WriteHeader(code)
}

// Hijack passes through so that dropped-connection faults still work.
func (r *statusRecorder) Hijack() (net.Conn, *bufio.ReadWriter, error) {
	hj, ok := r.ResponseWriter.(http.Hijacker)
	if !ok {
		return nil, nil, errors.New("hijack not supported")
	}
	r.status = -1
	return hj.Hijack()
}

func logging(next http.Handler) http.Handler {
	logger := log.New(os.Stderr, "happyfoxsim ", log.LstdFlags|log.Lmicroseconds)
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		start := time.Now()
		rec := &statusRecorder{ResponseWriter: w, status: http.StatusOK}
		defer func() {
			status := fmt.Sprint(rec.status)
			if rec.status == -1 {
				status = "dropped"
			}
			logger.Printf("%s %s -> %s (%s)", r.Method, r.URL.RequestURI(), status, time.Since(start).Round(time.Microsecond))
		}()
		next.ServeHTTP(rec, r)
	})
}
