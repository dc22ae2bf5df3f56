package provider

import (
	"context"
	"os"
	"path/filepath"
	"regexp"
	"slices"
	"sort"
	"strings"
	"testing"

	"github.com/hashicorp/terraform-plugin-framework/providerserver"
	"github.com/hashicorp/terraform-plugin-go/tfprotov6"
)

// The Registry docs are generated from the schema by tfplugindocs (make docs), identity and list-resource sections
// included. What a template writes by hand about identities and list-resource config is checked here against the
// schema the provider serves (GetProviderSchema and GetResourceIdentitySchemas, as Terraform asks for them), so a
// renamed or added attribute fails `make docs-check` instead of leaving the guide behind.

// servedSchemas returns, per resource type, the names of its identity attributes and of its list-resource config
// attributes (nil when the type has no list resource).
func servedSchemas(t *testing.T) (identity, listConfig map[string][]string) {
	t.Helper()
	ctx := context.Background()
	srv, err := providerserver.NewProtocol6WithError(New("test")())()
	if err != nil {
		t.Fatal(err)
	}
	ps, err := srv.GetProviderSchema(ctx, &tfprotov6.GetProviderSchemaRequest{})
	if err != nil {
		t.Fatal(err)
	}
	is, err := srv.GetResourceIdentitySchemas(ctx, &tfprotov6.GetResourceIdentitySchemasRequest{})
	if err != nil {
		t.Fatal(err)
	}
	for _, d := range append(ps.Diagnostics, is.Diagnostics...) {
		t.Fatalf("schema diagnostic: %s: %s", d.Summary, d.Detail)
	}
	identity, listConfig = map[string][]string{}, map[string][]string{}
	for typ, s := range is.IdentitySchemas {
		for _, a := range s.IdentityAttributes {
			identity[typ] = append(identity[typ], a.Name)
		}
		sort.Strings(identity[typ])
	}
	for typ, s := range ps.ListResourceSchemas {
		names := []string{}
		if s.Block != nil {
			for _, a := range s.Block.Attributes {
				names = append(names, a.Name)
			}
			for _, b := range s.Block.BlockTypes {
				names = append(names, b.TypeName)
			}
		}
		sort.Strings(names)
		listConfig[typ] = names
	}
	return identity, listConfig
}

var (
	// An object such as "{ group_id = 12, contact_id = 42 }", and its keys.
	objectValue = regexp.MustCompile(`^` + "`" + `\{([^}]*)\}` + "`$")
	objectKey   = regexp.MustCompile(`(\w+)\s*=`)
	codeSpan    = regexp.MustCompile("`([^`]*)`")
	// An import block whose identity names the attributes of the resource type in its "to".
	identityImport = regexp.MustCompile(`to\s*=\s*(happyfox_\w+)\.\w+\s*\n\s*identity\s*=\s*\{([^}]*)\}`)
)

func keysOf(object string) []string {
	var keys []string
	for _, m := range objectKey.FindAllStringSubmatch(object, -1) {
		keys = append(keys, m[1])
	}
	sort.Strings(keys)
	return keys
}

// TestDocs_guideTableNamesEveryIdentityAndListConfigAttribute checks the adoption guide's table of identities and
// list-resource config: one row per resource type, whose identity names exactly the identity attributes and whose
// list config column names exactly the list resource's config attributes.
func TestDocs_guideTableNamesEveryIdentityAndListConfigAttribute(t *testing.T) {
	identity, listConfig := servedSchemas(t)
	if len(identity) == 0 || len(listConfig) == 0 {
		t.Fatalf("the provider serves %d identity and %d list-resource schemas; the check would prove nothing", len(identity), len(listConfig))
	}
	const guide = "adopting-an-existing-account.md.tmpl"
	raw, err := os.ReadFile(filepath.Join("..", "..", "templates", "guides", guide))
	if err != nil {
		t.Fatal(err)
	}
	rows := map[string]bool{}
	for _, line := range strings.Split(string(raw), "\n") {
		if !strings.HasPrefix(line, "| `happyfox_") {
			continue
		}
		cells := strings.Split(strings.Trim(line, "| "), " | ")
		if len(cells) != 4 {
			t.Errorf("%s: row %q has %d cells, want 4 (resource, identity, string id, list resource config)", guide, line, len(cells))
			continue
		}
		typ := strings.Trim(cells[0], "`")
		rows[typ] = true
		if want, ok := identity[typ]; !ok {
			t.Errorf("%s: %s has no identity schema, but the table gives it %s", guide, typ, cells[1])
		} else if m := objectValue.FindStringSubmatch(cells[1]); m == nil {
			t.Errorf("%s: %s: identity cell %q is not an object such as `{ id = 12 }`", guide, typ, cells[1])
		} else if got := keysOf(m[1]); !slices.Equal(got, want) {
			t.Errorf("%s: %s: the table's identity names %v, the schema has %v", guide, typ, got, want)
		}
		var named []string
		for _, m := range codeSpan.FindAllStringSubmatch(cells[3], -1) {
			named = append(named, m[1])
		}
		sort.Strings(named)
		want, ok := listConfig[typ]
		switch {
		case !ok:
			t.Errorf("%s: %s has no list resource, but the table lists its config", guide, typ)
		case len(want) == 0 && (len(named) != 0 || !strings.HasPrefix(cells[3], "none")):
			t.Errorf("%s: %s: the list resource takes no config, the table says %q", guide, typ, cells[3])
		case len(want) != 0 && !slices.Equal(named, want):
			t.Errorf("%s: %s: the table's list config names %v, the schema has %v", guide, typ, named, want)
		}
	}
	for typ := range identity {
		if !rows[typ] {
			t.Errorf("%s: the table has no row for %s (it has an identity)", guide, typ)
		}
	}
	for typ := range listConfig {
		if !rows[typ] {
			t.Errorf("%s: the table has no row for %s (it has a list resource)", guide, typ)
		}
	}
}

// TestDocs_identityImportsNameTheIdentityAttributes checks every import block written by hand in a template (the
// generated pages take theirs from examples/, which make examples-check validates): its identity names exactly the
// identity attributes of the resource type it imports to.
func TestDocs_identityImportsNameTheIdentityAttributes(t *testing.T) {
	identity, _ := servedSchemas(t)
	templates, err := filepath.Glob(filepath.Join("..", "..", "templates", "*", "*.tmpl"))
	if err != nil {
		t.Fatal(err)
	}
	found := 0
	for _, path := range templates {
		raw, err := os.ReadFile(path)
		if err != nil {
			t.Fatal(err)
		}
		for _, m := range identityImport.FindAllStringSubmatch(string(raw), -1) {
			found++
			want, ok := identity[m[1]]
			if got := keysOf(m[2]); !ok || !slices.Equal(got, want) {
				t.Errorf("%s: the import of %s names the identity %v, the schema has %v", filepath.Base(path), m[1], got, want)
			}
		}
	}
	if found == 0 {
		t.Fatal("no identity import block found in templates/; the check would prove nothing")
	}
}
