#!/usr/bin/env bash
# Debian packages WeasyPrint needs to render PDFs (Pango for text layout and right-to-left
# scripts, HarfBuzz's subsetter for fonts, a font), and poppler-utils, whose pdftotext the
# tests use to read PDFs back. Installs only what is missing; safe to re-run.
set -euo pipefail
wanted=(libpango-1.0-0 libpangoft2-1.0-0 libharfbuzz-subset0 fonts-dejavu-core poppler-utils)
missing=()
for package in "${wanted[@]}"; do
  dpkg -s "$package" >/dev/null 2>&1 || missing+=("$package")
done
[ ${#missing[@]} -eq 0 ] && exit 0
if [ "$(id -u)" -ne 0 ] || ! command -v apt-get >/dev/null 2>&1; then
  echo "PDF rendering needs these Debian packages: ${missing[*]} (sudo apt-get install them)." >&2
  exit 0
fi
apt-get update -qq
DEBIAN_FRONTEND=noninteractive apt-get install -y -qq "${missing[@]}" >/dev/null
