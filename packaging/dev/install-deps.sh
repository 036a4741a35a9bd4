#!/usr/bin/env bash
# Installs what building, testing and the demo need on Debian 12, and nothing that is already there.
# Idempotent: a second run changes nothing and asks no registry.
set -euo pipefail

# Debian packages: C libraries we link, and the real programs tests talk to.
debs=(
  pkg-config libssl-dev libsqlite3-dev libp11-kit-dev                  # C libraries and headers (Package.swift)
  openssl curl                                                         # interop tests (openssl verify, curl --cert)
  softhsm2 opensc                                                      # PKCS#11 module and pkcs11-tool
  nginx                                                                # baas-bench http baseline
  iproute2 procps                                                      # network namespaces, ps
  systemd                                                              # systemd-analyze checks the units
  python3                                                              # demo.sh reads the API's JSON answers
)
# Python packages used by tests (fuzz/spec tools come in later issues).
pips=(
  openapi-spec-validator                                               # checks docs/openapi.json
  schemathesis   # fuzzes the live controller API from its OpenAPI document (Tests/EndToEndTests/SchemathesisTests.swift)
  vyper   # compiles the contracts the EVM tests deploy (Tests/BaaSEVMTests/VyperTokenTests.swift)
)

missing=()
for p in "${debs[@]}"; do
  dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed" || missing+=("$p")
done
sudo_cmd=""
[ "$(id -u)" -eq 0 ] || sudo_cmd="sudo"
if ((${#missing[@]})); then
  echo "install-deps: installing Debian packages: ${missing[*]}"
  $sudo_cmd apt-get update -qq
  DEBIAN_FRONTEND=noninteractive $sudo_cmd apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
fi

if ((${#pips[@]})) && ! python3 -m pip --version >/dev/null 2>&1; then
  echo "install-deps: installing pip for $(command -v python3)"
  $sudo_cmd apt-get update -qq
  DEBIAN_FRONTEND=noninteractive $sudo_cmd apt-get install -y -qq --no-install-recommends python3-pip >/dev/null
fi
for p in "${pips[@]:-}"; do
  [ -n "$p" ] || continue
  python3 -m pip show -q "$p" >/dev/null 2>&1 || {
    echo "install-deps: installing Python package $p"
    # Debian's own python3 refuses user installs (PEP 668); tests need these tools on its path.
    python3 -m pip install -q "$p" 2>/dev/null || python3 -m pip install -q --break-system-packages "$p"
  }
done
echo "install-deps: all present"
