package provider

import (
	"context"
	"fmt"
	"os"
	"path/filepath"
	"sort"
	"strings"
	"testing"

	"github.com/hashicorp/terraform-plugin-framework/action"
	"github.com/hashicorp/terraform-plugin-framework/action/schema"
)

// TestActionDocsMatchTheSchemas: tfplugindocs writes an action's schema section only under a CLI that knows
// actions (Terraform 1.14+), so the templates under templates/actions hold it written out, and make docs gives the
// same pages under every CLI. This test renders each schema the way tfplugindocs v0.25.0 does and fails when a
// template no longer says what the code does.
func TestActionDocsMatchTheSchemas(t *testing.T) {
	for _, newAction := range New("test")().(*happyfoxProvider).Actions(context.Background()) {
		a := newAction()
		var meta action.MetadataResponse
		a.Metadata(context.Background(), action.MetadataRequest{ProviderTypeName: "happyfox"}, &meta)
		var sch action.SchemaResponse
		a.Schema(context.Background(), action.SchemaRequest{}, &sch)
		short := strings.TrimPrefix(meta.TypeName, "happyfox_")
		tmpl, err := os.ReadFile(filepath.Join("..", "..", "templates", "actions", short+".md.tmpl"))
		if err != nil {
			t.Errorf("%s has no template: %v", meta.TypeName, err)
			continue
		}
		text := string(tmpl)
		if want := "\n" + renderActionSchema(t, sch.Schema); !strings.Contains(text, want) {
			t.Errorf("templates/actions/%s.md.tmpl: the schema section is not\n%s", short, want)
		}
		if desc := strings.TrimSpace(sch.Schema.MarkdownDescription); !strings.Contains(text, "\n"+desc+"\n") {
			t.Errorf("templates/actions/%s.md.tmpl does not hold the action's description:\n%s", short, desc)
		}
		if example := fmt.Sprintf("{{ tffile \"examples/actions/%s/action.tf\" }}", meta.TypeName); !strings.Contains(text, example) {
			t.Errorf("templates/actions/%s.md.tmpl does not show %s", short, example)
		}
	}
}

// renderActionSchema writes a schema's attributes as tfplugindocs' schemamd does: a Required and an Optional list,
// each sorted by name, "- `name` (Type) Description".
func renderActionSchema(t *testing.T, s schema.Schema) string {
	t.Helper()
	groups := map[string][]string{}
	names := make([]string, 0, len(s.Attributes))
	for name := range s.Attributes {
		names = append(names, name)
	}
	sort.Strings(names)
	for _, name := range names {
		a := s.Attributes[name]
		var typ string
		switch a.(type) {
		case schema.Int64Attribute:
			typ = "Number"
		case schema.StringAttribute:
			typ = "String"
		case schema.BoolAttribute:
			typ = "Boolean"
		case schema.SetAttribute:
			typ = "Set of String"
		case schema.MapAttribute:
			typ = "Map of String"
		default:
			t.Fatalf("attribute %s: the test does not know how tfplugindocs names %T", name, a)
		}
		group := "Optional"
		if a.IsRequired() {
			group = "Required"
		}
		groups[group] = append(groups[group], fmt.Sprintf("- `%s` (%s) %s", name, typ, a.GetMarkdownDescription()))
	}
	var b strings.Builder
	b.WriteString("## Schema\n")
	for _, g := range []string{"Required", "Optional"} {
		if len(groups[g]) > 0 {
			fmt.Fprintf(&b, "\n### %s\n\n%s\n", g, strings.Join(groups[g], "\n"))
		}
	}
	return b.String()
}
