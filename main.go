// Command terraform-provider-happyfox serves the HappyFox Terraform provider.
package main

import (
	"context"
	"flag"
	"log"

	"github.com/hashicorp/terraform-plugin-framework/providerserver"

	"github.com/happyfox-iac/terraform-provider-happyfox/internal/provider"
	"github.com/happyfox-iac/terraform-provider-happyfox/internal/sdklog"
)

// version is set at build time with -ldflags "-X main.version=<version>".
var version = "dev"

func main() {
	var debug bool
	flag.BoolVar(&debug, "debug", false, "run the provider with support for debuggers like delve")
	flag.Parse()
	sdklog.QuietDiscardedLogs(debug, "happyfox")

	err := providerserver.Serve(context.Background(), provider.New(version), providerserver.ServeOpts{
		Address:         "registry.terraform.io/happyfox-iac/happyfox",
		Debug:           debug,
		ProtocolVersion: 6,
	})
	if err != nil {
		log.Fatal(err.Error())
	}
}
