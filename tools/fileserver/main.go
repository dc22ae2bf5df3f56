// Command fileserver serves a folder over plain HTTP on loopback, for scripts/release-install-check.sh: the folder
// is laid out as the Terraform Registry's provider protocol (versions, download answers, archives, SHA256SUMS and
// its signature), so `terraform init` and `tofu init` install the release snapshot the way they install from the
// Registry. It writes its address (http://127.0.0.1:<port>) to -addr-file once it listens, and logs each request.
// A module of its own, with no dependency, so that it is no part of the provider's build.
package main

import (
	"flag"
	"log"
	"net"
	"net/http"
	"os"
)

func main() {
	dir := flag.String("dir", ".", "folder to serve")
	addrFile := flag.String("addr-file", "", "file to write the address to once listening")
	flag.Parse()
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		log.Fatal(err)
	}
	if *addrFile != "" {
		tmp := *addrFile + ".tmp"
		if err := os.WriteFile(tmp, []byte("http://"+ln.Addr().String()), 0o600); err != nil {
			log.Fatal(err)
		}
		if err := os.Rename(tmp, *addrFile); err != nil {
			log.Fatal(err)
		}
	}
	files := http.FileServer(http.Dir(*dir))
	log.Fatal(http.Serve(ln, http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		log.Printf("%s %s", r.Method, r.URL.Path)
		files.ServeHTTP(w, r)
	})))
}
