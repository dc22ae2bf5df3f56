#!/usr/bin/env bash
# make release-install-check: installs the release snapshot in dist/ (make release-snapshot) the way users will,
# with no dev_overrides, under Terraform (the CLI on PATH) and OpenTofu (make tofu), and applies the demo with it:
#
# 1. dist/ agrees with itself: every file SHA256SUMS names is there with that checksum, and the host's archive is
#    among them.
# 2. A filesystem_mirror in the packed layout (<host>/happyfox-iac/happyfox/<the Registry's zip archives>, for
#    registry.terraform.io and registry.opentofu.org) is the only installation method: `init` must install the
#    snapshot's version from it, and the lock file's h1: hash must be the hash of the archive's contents.
# 3. A local Registry: the provider registry protocol (versions, download answers) served from loopback by
#    tools/fileserver, the archives, SHA256SUMS and its detached GPG signature by a throwaway key (a release signs
#    with GPG_FINGERPRINT's key; the Registry hands out its public half). A `host` block points the Registry's
#    hostnames at it and `direct` is the only installation method, so `init` downloads, checks the signature and
#    the checksum, and writes the lock file as it does from the Registry: its zh: hashes must be exactly the lines
#    of SHA256SUMS, and its h1: the hash of the archive's contents. (A filesystem mirror is not signed, so
#    from one Terraform and OpenTofu record the h1: hash only.)
# 4. The demo (examples/demo, as `make demo` runs it) applies against the simulator with the provider installed
#    from the local Registry, and the next plan is empty.
#
# Needs bin/happyfoxsim (make sim), gpg, and dist/ from `make release-snapshot` (the make target builds both, for
# the host platform only).
set -euo pipefail
root="$(cd "$(dirname "$0")/.." && pwd)"
work="$(mktemp -d)"
reg_pid=""
cleanup() {
  if declare -F stop_sim >/dev/null; then stop_sim; fi
  if [ -n "$reg_pid" ]; then kill "$reg_pid" 2>/dev/null; wait "$reg_pid" 2>/dev/null || true; fi
  rm -rf "$work"
}
trap cleanup EXIT
cd "$root"

dist="$root/dist"
ns=happyfox-iac
name=happyfox
hosts=(registry.terraform.io registry.opentofu.org)
fail() { echo "release-install-check: $*" >&2; exit 1; }

[ -f "$dist/metadata.json" ] || fail "no dist/metadata.json: run make release-snapshot first"
version="$(sed -n 's/.*"version":"\([^"]*\)".*/\1/p' "$dist/metadata.json")"
[ -n "$version" ] || fail "no version in dist/metadata.json"
sums="terraform-provider-${name}_${version}_SHA256SUMS"
manifest="terraform-provider-${name}_${version}_manifest.json"
goos="$(go env GOOS)"
goarch="$(go env GOARCH)"
archive="terraform-provider-${name}_${version}_${goos}_${goarch}.zip"

# 1. dist/ agrees with itself.
[ -f "$dist/$sums" ] || fail "dist/$sums is missing"
[ -f "$dist/$manifest" ] || fail "dist/$manifest is missing"
(cd "$dist" && sha256sum --check --strict --quiet "$sums") || fail "dist/$sums does not match the files in dist/"
grep -q "  $archive\$" "$dist/$sums" || fail "dist/$sums has no line for $archive, the host's archive"
protocols="$(sed -n 's/.*"protocol_versions": *\[\([^]]*\)\].*/\1/p' "$dist/$manifest")"
[ -n "$protocols" ] || fail "dist/$manifest names no protocol_versions"
echo "release-install-check: $version, $(grep -c '\.zip$' "$dist/$sums") archive(s) in $sums, protocols [$protocols]"

# h1 ARCHIVE: the h1: hash of the files in a zip archive, as Terraform computes it for a provider package (the
# "Hash1" directory hash of Go modules: SHA-256 of the sorted lines "<sha256 of the file>  <name>", base64).
h1() {
  local f
  unzip -Z1 "$1" | grep -v '/$' | LC_ALL=C sort | while IFS= read -r f; do
    printf '%s  %s\n' "$(unzip -p "$1" "$f" | sha256sum | cut -c1-64)" "$f"
  done | sha256sum | cut -c1-64 | perl -ne 'chomp; print pack("H*", $_)' | base64
}
want_h1="h1:$(h1 "$dist/$archive")"
# The zh: hashes a Registry install records: one per line of SHA256SUMS (the manifest's line included).
want_zh="$(awk '{ print "zh:" $1 }' "$dist/$sums" | LC_ALL=C sort)"

# lock_hashes DIR HOST: the hashes .terraform.lock.hcl records for the provider, one a line, sorted.
lock_hashes() {
  awk -v p="provider \"$2/$ns/$name\"" '
    index($0, p) == 1 { inside = 1; next }
    inside && /^}/ { inside = 0 }
    inside { while (match($0, /"(h1|zh):[^"]*"/)) { print substr($0, RSTART + 1, RLENGTH - 2); $0 = substr($0, RSTART + RLENGTH) } }
  ' "$1/.terraform.lock.hcl" | LC_ALL=C sort
}

# check_lock DIR HOST CLI WANT_ZH: the lock names the snapshot's version, has the archive's h1:, and exactly the
# zh: hashes WANT_ZH (none for a filesystem mirror).
check_lock() {
  local dir="$1" host="$2" cli="$3" want="$4" got
  [ -f "$dir/.terraform.lock.hcl" ] || fail "$cli wrote no .terraform.lock.hcl"
  grep -q "version *= *\"$version\"" "$dir/.terraform.lock.hcl" ||
    fail "$cli locked another version than $version: $(cat "$dir/.terraform.lock.hcl")"
  got="$(lock_hashes "$dir" "$host")"
  grep -qx "$want_h1" <<<"$got" || fail "$cli's lock file has no $want_h1 (the archive's contents); it has: $got"
  if [ "$(grep '^zh:' <<<"$got" || true)" != "$want" ]; then
    fail "$cli's lock file zh: hashes are not the lines of $sums: want [$want], got [$(grep '^zh:' <<<"$got" || true)]"
  fi
}

# workspace DIR: the demo's configuration, pinned to the snapshot's version.
workspace() {
  mkdir -p "$1"
  cp "$root"/examples/demo/*.tf "$1/"
  sed -i "s#source = \"$ns/$name\"#source = \"$ns/$name\"\n      version = \"$version\"#" "$1/main.tf"
  grep -q "version = \"$version\"" "$1/main.tf" || fail "could not pin the version in examples/demo/main.tf"
}

# init CLI CONFIG DIR: `init` with only CONFIG's installation methods, no plugin cache; prints the log on failure.
init() {
  env -u TF_PLUGIN_CACHE_DIR -u TF_DATA_DIR TF_CLI_CONFIG_FILE="$2" "$1" -chdir="$3" init -input=false -no-color \
    >"$3/init.log" 2>&1 || { cat "$3/init.log"; fail "$(basename "$1") init failed"; }
  grep "Installed $ns/$name v$version" "$3/init.log" ||
    { cat "$3/init.log"; fail "$(basename "$1") init did not install $ns/$name v$version"; }
}

# 2. The filesystem mirror.
mirror="$work/mirror"
for host in "${hosts[@]}"; do
  mkdir -p "$mirror/$host/$ns/$name"
  cp "$dist"/terraform-provider-"${name}"_"${version}"_*.zip "$mirror/$host/$ns/$name/"
done
cat >"$work/mirror.tfrc" <<CFG
provider_installation {
  filesystem_mirror {
    path    = "$mirror"
    include = ["registry.terraform.io/$ns/$name", "registry.opentofu.org/$ns/$name"]
  }
}
CFG

# 3. The local Registry.
export GNUPGHOME="$work/gnupg"
mkdir -m 700 "$GNUPGHOME"
gpg --batch --quiet --passphrase '' --quick-gen-key "happyfox release-install-check <release-check@invalid>" rsa3072 sign never 2>/dev/null
key_id="$(gpg --batch --trust-model always --with-colons --list-keys 2>/dev/null | awk -F: '$1 == "pub" { print $5; exit }')"
reg="$work/registry"
mkdir -p "$reg/files" "$reg/v1/providers/$ns/$name"
cp "$dist"/terraform-provider-"${name}"_"${version}"_*.zip "$dist/$sums" "$reg/files/"
gpg --batch --quiet --trust-model always --local-user "$key_id" --output "$reg/files/$sums.sig" --detach-sign "$reg/files/$sums"
go build -C "$root/tools/fileserver" -o "$work/fileserver" .
"$work/fileserver" -dir "$reg" -addr-file "$work/registry.addr" >"$work/registry.log" 2>&1 &
reg_pid=$!
for _ in $(seq 1 100); do [ -s "$work/registry.addr" ] && break; sleep 0.1; done
[ -s "$work/registry.addr" ] || { cat "$work/registry.log"; fail "the local Registry did not start"; }
addr="$(cat "$work/registry.addr")"
platforms=""
while read -r sum file; do
  case "$file" in *.zip) ;; *) continue ;; esac
  target="${file#terraform-provider-"${name}"_"${version}"_}"
  target="${target%.zip}"
  os="${target%%_*}"
  arch="${target#*_}"
  platforms="$platforms${platforms:+,}{\"os\":\"$os\",\"arch\":\"$arch\"}"
  mkdir -p "$reg/v1/providers/$ns/$name/$version/download/$os"
  armor="$(gpg --batch --trust-model always --armor --export "$key_id" | perl -pe 's/\n/\\n/')"
  cat >"$reg/v1/providers/$ns/$name/$version/download/$os/$arch" <<JSON
{"protocols":[$protocols],"os":"$os","arch":"$arch","filename":"$file","download_url":"$addr/files/$file",
 "shasums_url":"$addr/files/$sums","shasums_signature_url":"$addr/files/$sums.sig","shasum":"$sum",
 "signing_keys":{"gpg_public_keys":[{"key_id":"$key_id","ascii_armor":"$armor"}]}}
JSON
done <"$dist/$sums"
printf '{"versions":[{"version":"%s","protocols":[%s],"platforms":[%s]}]}\n' "$version" "$protocols" "$platforms" \
  >"$reg/v1/providers/$ns/$name/versions"
cat >"$work/registry.tfrc" <<CFG
host "registry.terraform.io" {
  services = { "providers.v1" = "$addr/v1/providers/" }
}
host "registry.opentofu.org" {
  services = { "providers.v1" = "$addr/v1/providers/" }
}
provider_installation {
  direct {
    include = ["registry.terraform.io/$ns/$name", "registry.opentofu.org/$ns/$name"]
  }
}
CFG

# The CLIs: Terraform on PATH (if any) and OpenTofu.
clis=()
if command -v terraform >/dev/null 2>&1; then clis+=("$(command -v terraform)"); fi
clis+=("$("$root/scripts/build-tofu.sh" 2>/dev/null)")

TF_BIN="${clis[0]}"
. "$root/scripts/simenv.sh" # the simulator's start_sim and stop_sim; its dev_overrides config is not used below
export CHECKPOINT_DISABLE=1 TF_IN_AUTOMATION=1

for cli in "${clis[@]}"; do
  label="$("$cli" version | head -n1)"
  host=registry.terraform.io
  case "$label" in OpenTofu*) host=registry.opentofu.org ;; esac

  workspace "$work/$host/mirror"
  init "$cli" "$work/mirror.tfrc" "$work/$host/mirror"
  check_lock "$work/$host/mirror" "$host" "$label" ""
  echo "release-install-check: $label installed $version from the filesystem mirror ($host); lock file has its h1:"

  dir="$work/$host/registry"
  workspace "$dir"
  init "$cli" "$work/registry.tfrc" "$dir"
  check_lock "$dir" "$host" "$label" "$want_zh"
  echo "release-install-check: $label installed $version from the local Registry (signed SHA256SUMS); lock file has its zh: and h1:"

  start_sim
  XDG_CACHE_HOME="$work/cache" TF_CLI_CONFIG_FILE="$work/registry.tfrc" "$cli" -chdir="$dir" apply -auto-approve -input=false -no-color >"$dir/apply.log" 2>&1 ||
    { cat "$dir/apply.log"; fail "$label: the demo's apply failed"; }
  if grep -q "Provider development overrides" "$dir/apply.log"; then fail "$label used dev_overrides"; fi
  XDG_CACHE_HOME="$work/cache" TF_CLI_CONFIG_FILE="$work/registry.tfrc" "$cli" -chdir="$dir" plan -detailed-exitcode -input=false -no-color >"$dir/plan.log" 2>&1 ||
    { cat "$dir/plan.log"; fail "$label: the plan after the demo's apply is not empty"; }
  stop_sim
  echo "release-install-check: $label applied the demo with the installed provider; the next plan is empty"
done
echo "release-install-check: $version installs from a filesystem mirror and a Registry, and works"
