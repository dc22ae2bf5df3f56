package provider

import (
	"context"
	"regexp"
	"strings"
	"sync"
	"sync/atomic"
	"testing"

	"github.com/hashicorp/terraform-plugin-framework/datasource"
	"github.com/hashicorp/terraform-plugin-framework/provider"
	"github.com/hashicorp/terraform-plugin-framework/providerserver"
	"github.com/hashicorp/terraform-plugin-go/tfprotov6"
	"github.com/hashicorp/terraform-plugin-testing/helper/resource"
	"github.com/hashicorp/terraform-plugin-testing/knownvalue"
	"github.com/hashicorp/terraform-plugin-testing/statecheck"
	"github.com/hashicorp/terraform-plugin-testing/tfjsonpath"

	"github.com/happyfox-iac/terraform-provider-happyfox/internal/happyfoxsim"
)

// errorPattern matches the given fragments in order. Each fragment is literal text; its spaces also match the
// line breaks Terraform inserts when it wraps a diagnostic.
func errorPattern(fragments ...string) *regexp.Regexp {
	parts := make([]string, len(fragments))
	for i, f := range fragments {
		words := strings.Fields(f)
		for j, w := range words {
			words[j] = regexp.QuoteMeta(w)
		}
		parts[i] = strings.Join(words, `\s+`)
	}
	return regexp.MustCompile(`(?s)` + strings.Join(parts, `.*`))
}

type planTimeErrorCase struct {
	cfg  string
	want []string // fragments for errorPattern
}

// testAccPlanTimeErrors plans each configuration, expects the error, and then checks that nothing reached
// HappyFox: selector and filter mistakes are caught while Terraform validates the configuration.
func testAccPlanTimeErrors(t *testing.T, sim *testSim, cases map[string]planTimeErrorCase) {
	t.Helper()
	for name, tc := range cases {
		t.Run(name, func(t *testing.T) {
			resource.Test(t, resource.TestCase{
				ProtoV6ProviderFactories: testAccProtoV6ProviderFactories,
				Steps:                    []resource.TestStep{{Config: tc.cfg, PlanOnly: true, ExpectError: errorPattern(tc.want...)}},
			})
		})
	}
	if n := sim.Counters().Total; n != 0 {
		t.Fatalf("invalid configurations reached the API: %d requests", n)
	}
}

// twentyLookups reads the three reference lists through 20 data source instances: 7 for statuses, 5 for
// categories and 8 for staff, mixing the plural and single forms. (count, not for_each: terraform-plugin-testing's
// state shim rejects for_each instance keys.)
const twentyLookups = `
locals {
  status_names    = ["New", "On hold", "Closed", "Waiting"]
  category_names  = ["Support", "Billing", "Internal"]
  staff_emails    = ["ada@example.com", "ben@example.com", "cy@example.com", "dee@example.com"]
}

data "happyfox_statuses" "all" {}
data "happyfox_statuses" "pending" { behavior = "pending" }
data "happyfox_status" "by_name" {
  count = length(local.status_names)
  name  = local.status_names[count.index]
}
data "happyfox_status" "by_id" { id = 3 }

data "happyfox_categories" "all" {}
data "happyfox_categories" "public" { public_only = true }
data "happyfox_category" "by_name" {
  count = length(local.category_names)
  name  = local.category_names[count.index]
}

data "happyfox_staff" "all" {}
data "happyfox_staff" "active" { active_only = true }
data "happyfox_staff_member" "by_email" {
  count = length(local.staff_emails)
  email = local.staff_emails[count.index]
}
data "happyfox_staff_member" "by_id" {
  count = 2
  id    = count.index + 1
}
`

const twentyLookupsCount = 20

var referenceListRoutes = []string{"GET /categories/", "GET /staff/", "GET /statuses/"}

func TestAccReferenceLookups_oneRequestPerListPerProviderInstance(t *testing.T) {
	sim := newTestSim(t, happyfoxsim.Options{})
	rec := &instanceRecorder{sim: sim}
	resource.Test(t, resource.TestCase{
		ProtoV6ProviderFactories: rec.factories(),
		Steps: []resource.TestStep{{
			Config: sim.providerBlock("") + twentyLookups,
			ConfigStateChecks: []statecheck.StateCheck{
				statecheck.ExpectKnownValue("data.happyfox_status.by_name[1]", tfjsonpath.New("id"), knownvalue.Int64Exact(2)),
				statecheck.ExpectKnownValue("data.happyfox_status.by_id", tfjsonpath.New("name"), knownvalue.StringExact("Closed")),
				statecheck.ExpectKnownValue("data.happyfox_statuses.pending", tfjsonpath.New("statuses"), knownvalue.ListSizeExact(3)),
				statecheck.ExpectKnownValue("data.happyfox_category.by_name[1]", tfjsonpath.New("id"), knownvalue.Int64Exact(4)),
				statecheck.ExpectKnownValue("data.happyfox_categories.public", tfjsonpath.New("categories"), knownvalue.ListSizeExact(1)),
				statecheck.ExpectKnownValue("data.happyfox_staff_member.by_email[3]", tfjsonpath.New("id"), knownvalue.Int64Exact(4)),
				statecheck.ExpectKnownValue("data.happyfox_staff_member.by_id[1]", tfjsonpath.New("name"), knownvalue.StringExact("Ben Agent")),
				statecheck.ExpectKnownValue("data.happyfox_staff.active", tfjsonpath.New("staff"), knownvalue.ListSizeExact(3)),
			},
		}},
	})

	// The test framework runs several terraform commands (plan, apply, refresh, a plan after apply...), and Terraform
	// configures a fresh provider instance for each graph walk: each instance has its own client, hence its own
	// cache. What must hold is per instance: however many data sources an instance reads, it fetches each list at
	// most once, and an instance that read all 20 lookups fetched each list exactly once. Without the client's
	// memo, such an instance would make 7, 5 and 8 requests. Instances run one after another, so the requests
	// between two Configure calls belong to the earlier instance.
	instances := rec.instances()
	t.Logf("%d provider instances configured", len(instances))
	fullReads := 0
	for i, in := range instances {
		t.Logf("instance %d: %d data source reads, requests %v", i, in.reads, in.routes)
		if in.reads != 0 && in.reads != twentyLookupsCount {
			t.Errorf("provider instance %d read %d data sources; a graph walk reads all %d or none, so instances overlapped "+
				"and the per-instance attribution below is not valid", i, in.reads, twentyLookupsCount)
		}
		for _, route := range referenceListRoutes {
			got := in.routes[route]
			switch {
			case in.reads == twentyLookupsCount && got != 1:
				t.Errorf("provider instance %d read %d data sources with %d requests %q; want exactly 1", i, in.reads, got, route)
			case got > 1:
				t.Errorf("provider instance %d made %d requests %q for %d data source reads; want at most 1", i, got, route, in.reads)
			}
		}
		if in.reads == twentyLookupsCount {
			fullReads++
		}
	}
	if fullReads == 0 {
		t.Fatalf("no provider instance read the %d lookups; the test proves nothing", twentyLookupsCount)
	}
	if total := sim.Counters().Total; total > len(instances)*len(referenceListRoutes) {
		t.Errorf("%d requests in total for %d provider instances; want at most %d", total, len(instances),
			len(instances)*len(referenceListRoutes))
	}
}

// instanceRecorder serves the provider with two probes: Configure (one call per provider instance) snapshots the
// simulator's counters, and every data source Read is counted. Instances of one test run one after another.
type instanceRecorder struct {
	sim   *testSim
	reads atomic.Int64
	mu    sync.Mutex
	marks []instanceUsage // totals so far, taken at each Configure
}

// instanceUsage is what one provider instance did: its data source reads and its requests per route.
type instanceUsage struct {
	routes map[string]int
	reads  int64
}

func (r *instanceRecorder) factories() map[string]func() (tfprotov6.ProviderServer, error) {
	p := &recordingProvider{happyfoxProvider: New("test")().(*happyfoxProvider), rec: r}
	return map[string]func() (tfprotov6.ProviderServer, error){"happyfox": providerserver.NewProtocol6WithError(p)}
}

func (r *instanceRecorder) mark() {
	r.mu.Lock()
	defer r.mu.Unlock()
	r.marks = append(r.marks, instanceUsage{routes: r.sim.Counters().Routes, reads: r.reads.Load()})
}

// instances returns the usage of each configured instance, the last one measured up to now.
func (r *instanceRecorder) instances() []instanceUsage {
	r.mark()
	r.mu.Lock()
	defer r.mu.Unlock()
	var out []instanceUsage
	for i := 0; i+1 < len(r.marks); i++ {
		from, to := r.marks[i], r.marks[i+1]
		u := instanceUsage{routes: map[string]int{}, reads: to.reads - from.reads}
		for route, n := range to.routes {
			if d := n - from.routes[route]; d != 0 {
				u.routes[route] = d
			}
		}
		out = append(out, u)
	}
	return out
}

// recordingProvider is the real provider with the recorder's probes around Configure and data source reads.
type recordingProvider struct {
	*happyfoxProvider
	rec *instanceRecorder
}

func (p *recordingProvider) Configure(ctx context.Context, req provider.ConfigureRequest, resp *provider.ConfigureResponse) {
	p.rec.mark()
	p.happyfoxProvider.Configure(ctx, req, resp)
}

func (p *recordingProvider) DataSources(ctx context.Context) []func() datasource.DataSource {
	var out []func() datasource.DataSource
	for _, newDS := range p.happyfoxProvider.DataSources(ctx) {
		out = append(out, func() datasource.DataSource { return &countingDataSource{inner: newDS(), reads: &p.rec.reads} })
	}
	return out
}

// countingDataSource delegates everything to a real data source and counts Read calls.
type countingDataSource struct {
	inner datasource.DataSource
	reads *atomic.Int64
}

var (
	_ datasource.DataSourceWithConfigure        = &countingDataSource{}
	_ datasource.DataSourceWithConfigValidators = &countingDataSource{}
	_ datasource.DataSourceWithValidateConfig   = &countingDataSource{}
)

func (d *countingDataSource) Metadata(ctx context.Context, req datasource.MetadataRequest, resp *datasource.MetadataResponse) {
	d.inner.Metadata(ctx, req, resp)
}

func (d *countingDataSource) Schema(ctx context.Context, req datasource.SchemaRequest, resp *datasource.SchemaResponse) {
	d.inner.Schema(ctx, req, resp)
}

func (d *countingDataSource) Read(ctx context.Context, req datasource.ReadRequest, resp *datasource.ReadResponse) {
	d.reads.Add(1)
	d.inner.Read(ctx, req, resp)
}

func (d *countingDataSource) Configure(ctx context.Context, req datasource.ConfigureRequest, resp *datasource.ConfigureResponse) {
	if c, ok := d.inner.(datasource.DataSourceWithConfigure); ok {
		c.Configure(ctx, req, resp)
	}
}

func (d *countingDataSource) ConfigValidators(ctx context.Context) []datasource.ConfigValidator {
	if v, ok := d.inner.(datasource.DataSourceWithConfigValidators); ok {
		return v.ConfigValidators(ctx)
	}
	return nil
}

func (d *countingDataSource) ValidateConfig(ctx context.Context, req datasource.ValidateConfigRequest, resp *datasource.ValidateConfigResponse) {
	if v, ok := d.inner.(datasource.DataSourceWithValidateConfig); ok {
		v.ValidateConfig(ctx, req, resp)
	}
}
