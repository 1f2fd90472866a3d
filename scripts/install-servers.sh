#!/usr/bin/env bash
# Installs the optional external tools used by integration tests (Debian packages): Virtuoso, raptor, Jena.
# Safe to re-run; does nothing when they are present. Requires root (CI and dev machines run as root).
set -uo pipefail
need=()
command -v rapper >/dev/null 2>&1 || need+=(raptor2-utils)
command -v riot >/dev/null 2>&1 || need+=(libapache-jena-java)
command -v virtuoso-t >/dev/null 2>&1 || need+=(virtuoso-opensource-7)
if [ ${#need[@]} -eq 0 ]; then exit 0; fi
if [ "$(id -u)" != 0 ] || ! command -v apt-get >/dev/null 2>&1; then
  echo "install-servers: cannot install ${need[*]} (needs root and apt-get)"; exit 1
fi
export DEBIAN_FRONTEND=noninteractive
apt-get update -qq >/dev/null && apt-get install -y -qq --no-install-recommends "${need[@]}" >/dev/null
