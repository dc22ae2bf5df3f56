package provider

import (
	"context"
	"fmt"
	"strings"
	"sync"

	"github.com/hashicorp/terraform-plugin-framework/providerserver"
	"github.com/hashicorp/terraform-plugin-go/tfprotov6"
	"github.com/hashicorp/terraform-plugin-go/tftypes"
)

// diagLog records every error diagnostic the provider returns to the CLI, with its attribute path, so that a test
// can assert the path itself: Terraform shows it only by quoting a source line, which it can find for top-level
// attributes and literal elements but not, for instance, for a set element.
type diagLog struct {
	mu     sync.Mutex
	errors []recordedDiag
	writes int // ApplyResourceChange calls that had a planned object (create or update)
}

type recordedDiag struct{ Path, Summary, Detail string }

func (d recordedDiag) String() string {
	p := d.Path
	if p == "" {
		p = "(no path)"
	}
	return fmt.Sprintf("%s: %s: %s", p, d.Summary, d.Detail)
}

func (l *diagLog) record(ds []*tfprotov6.Diagnostic) {
	l.mu.Lock()
	defer l.mu.Unlock()
	for _, d := range ds {
		if d != nil && d.Severity == tfprotov6.DiagnosticSeverityError {
			l.errors = append(l.errors, recordedDiag{Path: attributePathString(d.Attribute), Summary: d.Summary, Detail: d.Detail})
		}
	}
}

// errorsAt returns the recorded errors whose path is p.
func (l *diagLog) errorsAt(p string) []recordedDiag {
	l.mu.Lock()
	defer l.mu.Unlock()
	var out []recordedDiag
	for _, d := range l.errors {
		if d.Path == p {
			out = append(out, d)
		}
	}
	return out
}

func (l *diagLog) all() []recordedDiag {
	l.mu.Lock()
	defer l.mu.Unlock()
	return append([]recordedDiag(nil), l.errors...)
}

// attributePathString renders a diagnostic's path the way the catalogue spells it: phones[0].number,
// custom_fields["48"], and [*] for a set element (contacts[*].contact_id); "" when there is none.
func attributePathString(p *tftypes.AttributePath) string {
	if p == nil {
		return ""
	}
	var b strings.Builder
	for _, step := range p.Steps() {
		switch s := step.(type) {
		case tftypes.AttributeName:
			if b.Len() > 0 {
				b.WriteByte('.')
			}
			b.WriteString(string(s))
		case tftypes.ElementKeyInt:
			fmt.Fprintf(&b, "[%d]", int64(s))
		case tftypes.ElementKeyString:
			fmt.Fprintf(&b, "[%q]", string(s))
		case tftypes.ElementKeyValue:
			b.WriteString("[*]")
		}
	}
	return b.String()
}

// recordingServer is the provider's server with the diagnostics of the calls a plan makes recorded in log.
type recordingServer struct {
	tfprotov6.ProviderServer
	log *diagLog
}

// recordingFactories serve the provider as testAccProtoV6ProviderFactories does, recording into log.
func recordingFactories(log *diagLog) map[string]func() (tfprotov6.ProviderServer, error) {
	return map[string]func() (tfprotov6.ProviderServer, error){
		"happyfox": func() (tfprotov6.ProviderServer, error) {
			s, err := providerserver.NewProtocol6WithError(New("test")())()
			if err != nil {
				return nil, err
			}
			return recordingServer{ProviderServer: s, log: log}, nil
		},
	}
}

func (s recordingServer) ValidateProviderConfig(ctx context.Context, req *tfprotov6.ValidateProviderConfigRequest) (*tfprotov6.ValidateProviderConfigResponse, error) {
	resp, err := s.ProviderServer.ValidateProviderConfig(ctx, req)
	if resp != nil {
		s.log.record(resp.Diagnostics)
	}
	return resp, err
}

func (s recordingServer) ConfigureProvider(ctx context.Context, req *tfprotov6.ConfigureProviderRequest) (*tfprotov6.ConfigureProviderResponse, error) {
	resp, err := s.ProviderServer.ConfigureProvider(ctx, req)
	if resp != nil {
		s.log.record(resp.Diagnostics)
	}
	return resp, err
}

func (s recordingServer) ValidateResourceConfig(ctx context.Context, req *tfprotov6.ValidateResourceConfigRequest) (*tfprotov6.ValidateResourceConfigResponse, error) {
	resp, err := s.ProviderServer.ValidateResourceConfig(ctx, req)
	if resp != nil {
		s.log.record(resp.Diagnostics)
	}
	return resp, err
}

func (s recordingServer) ReadResource(ctx context.Context, req *tfprotov6.ReadResourceRequest) (*tfprotov6.ReadResourceResponse, error) {
	resp, err := s.ProviderServer.ReadResource(ctx, req)
	if resp != nil {
		s.log.record(resp.Diagnostics)
	}
	return resp, err
}

func (s recordingServer) PlanResourceChange(ctx context.Context, req *tfprotov6.PlanResourceChangeRequest) (*tfprotov6.PlanResourceChangeResponse, error) {
	resp, err := s.ProviderServer.PlanResourceChange(ctx, req)
	if resp != nil {
		s.log.record(resp.Diagnostics)
	}
	return resp, err
}

func (s recordingServer) ApplyResourceChange(ctx context.Context, req *tfprotov6.ApplyResourceChangeRequest) (*tfprotov6.ApplyResourceChangeResponse, error) {
	s.log.mu.Lock()
	s.log.writes++
	s.log.mu.Unlock()
	resp, err := s.ProviderServer.ApplyResourceChange(ctx, req)
	if resp != nil {
		s.log.record(resp.Diagnostics)
	}
	return resp, err
}

func (s recordingServer) ImportResourceState(ctx context.Context, req *tfprotov6.ImportResourceStateRequest) (*tfprotov6.ImportResourceStateResponse, error) {
	resp, err := s.ProviderServer.ImportResourceState(ctx, req)
	if resp != nil {
		s.log.record(resp.Diagnostics)
	}
	return resp, err
}

func (s recordingServer) ValidateDataResourceConfig(ctx context.Context, req *tfprotov6.ValidateDataResourceConfigRequest) (*tfprotov6.ValidateDataResourceConfigResponse, error) {
	resp, err := s.ProviderServer.ValidateDataResourceConfig(ctx, req)
	if resp != nil {
		s.log.record(resp.Diagnostics)
	}
	return resp, err
}

func (s recordingServer) ReadDataSource(ctx context.Context, req *tfprotov6.ReadDataSourceRequest) (*tfprotov6.ReadDataSourceResponse, error) {
	resp, err := s.ProviderServer.ReadDataSource(ctx, req)
	if resp != nil {
		s.log.record(resp.Diagnostics)
	}
	return resp, err
}
