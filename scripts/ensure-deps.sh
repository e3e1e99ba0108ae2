#!/usr/bin/env bash
# Installs what the tests need from Debian when it is missing: nftables, iptables, iproute2
# (validators and network namespaces), chromium (the web page tests), graphviz and xmllint.
set -euo pipefail
need=()
command -v nft >/dev/null 2>&1 || need+=(nftables)
command -v iptables-restore >/dev/null 2>&1 || need+=(iptables)
command -v ip >/dev/null 2>&1 || need+=(iproute2)
[ -x /usr/bin/chromium ] || need+=(chromium)
command -v python3 >/dev/null 2>&1 || need+=(python3)
# Graphviz (dot -Tsvg checks the DOT target) and xmllint (SVG well-formedness).
command -v dot >/dev/null 2>&1 || need+=(graphviz)
command -v xmllint >/dev/null 2>&1 || need+=(libxml2-utils)
if [ ${#need[@]} -eq 0 ]; then exit 0; fi
if [ "$(id -u)" -ne 0 ]; then
  echo "scripts/ensure-deps.sh: missing Debian packages: ${need[*]}; run as root or install them: apt-get install ${need[*]}" >&2
  exit 1
fi
echo "installing Debian packages: ${need[*]}" >&2
export DEBIAN_FRONTEND=noninteractive
apt-get update -qq
apt-get install -y -qq --no-install-recommends "${need[@]}" >/dev/null
