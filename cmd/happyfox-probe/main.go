// Command happyfox-probe settles, on a real HappyFox account, the questions the project's API notes leave open
// (docs/dev/happyfox-api.md, marks M, L and ?; docs/dev/assumptions.md): for each it prints the answer seen and the
// simulator switch that gives the same answer, and writes redacted fixtures that the simulator's contract test
// replays. CONTRIBUTING.md, "Settling an open question on a real account", says what to do with them.
//
//	HAPPYFOX_ACCOUNT=acme HAPPYFOX_API_KEY=... HAPPYFOX_AUTH_CODE=... happyfox-probe
//	HAPPYFOX_STAFF_ID=1 ... happyfox-probe -write
//
// It reads the provider's environment variables (HAPPYFOX_ACCOUNT or HAPPYFOX_BASE_URL, HAPPYFOX_API_KEY,
// HAPPYFOX_AUTH_CODE, HAPPYFOX_STAFF_ID, HAPPYFOX_GET_REQUESTS_PER_MINUTE, HAPPYFOX_WRITE_REQUESTS_PER_MINUTE) and
// paces itself with the provider's client, sharing its rate-limit budget. By default it only reads; -write also
// creates one scratch asset, changes it and deletes it, even when interrupted. It never creates contacts or contact
// groups, which HappyFox cannot delete. The report and the fixtures hold no key, code, e-mail, name or other text
// of the account.
package main

import (
	"context"
	"flag"
	"fmt"
	"io"
	"os"
	"os/signal"
	"syscall"

	"github.com/happyfox-iac/terraform-provider-happyfox/internal/client"
	"github.com/happyfox-iac/terraform-provider-happyfox/internal/happyfoxenv"
	"github.com/happyfox-iac/terraform-provider-happyfox/internal/probe"
)

func main() {
	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt, syscall.SIGTERM)
	code := run(ctx, os.Args[1:], os.LookupEnv, os.Stdout, os.Stderr)
	stop()
	os.Exit(code)
}

// run is the command; the exit code is 0 on success, 1 when the probe failed (the report is printed all the same)
// and 2 for bad flags or environment.
func run(ctx context.Context, args []string, lookup func(string) (string, bool), stdout, stderr io.Writer) int {
	fs := flag.NewFlagSet("happyfox-probe", flag.ContinueOnError)
	fs.SetOutput(stderr)
	write := fs.Bool("write", false, "also settle the asset write questions on one scratch asset that the probe creates and deletes (needs HAPPYFOX_STAFF_ID)")
	dir := fs.String("fixtures", "happyfox-probe-fixtures", "directory for the redacted fixtures, report.json and report.txt (empty: write none)")
	assetType := fs.Int64("asset-type", 0, "asset type id of the scratch asset (default: the type with the most custom fields the probe can fill)")
	target := fs.String("target", "", "what report.json says was probed (default \"a HappyFox account\")")
	if err := fs.Parse(args); err != nil {
		return 2
	}
	if fs.NArg() > 0 {
		fmt.Fprintf(stderr, "happyfox-probe: unexpected arguments %q\n", fs.Args())
		return 2
	}
	settings, err := happyfoxenv.Resolve(lookup)
	if err != nil {
		fmt.Fprintf(stderr, "happyfox-probe: %v\n", err)
		return 2
	}
	cfg := settings.Config
	if cfg.SharedBudgetDir, err = client.DefaultSharedBudgetDir(); err != nil {
		fmt.Fprintf(stderr, "happyfox-probe: no user cache directory (%v): the rate-limit budget is not shared with other runs\n", err)
	}
	rep, err := probe.Run(ctx, probe.Options{Client: cfg, StaffID: settings.StaffID, Write: *write, AssetType: *assetType, Target: *target})
	if rep != nil {
		rep.WriteText(stdout)
		if *dir != "" {
			if werr := probe.WriteFixtures(*dir, rep); werr != nil {
				fmt.Fprintf(stderr, "happyfox-probe: writing the fixtures: %v\n", werr)
				return 1
			}
			fmt.Fprintf(stderr, "happyfox-probe: fixtures, report.json and report.txt written to %s\n", *dir)
		}
	}
	if err != nil {
		fmt.Fprintf(stderr, "happyfox-probe: %v\n", err)
		return 1
	}
	return 0
}
