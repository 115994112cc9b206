#!/usr/bin/env bash
# Refreshes the pinned copy of the U.S. Web Design System in src/FairShot/wwwroot/lib/uswds.
# The copy is committed so that `dotnet run` needs no npm; run this only to change the version.
# It copies the compiled CSS and JS and just the fonts and images the CSS refers to.
set -euo pipefail
version="${1:-3.13.0}"
root="$(cd "$(dirname "$0")/.." && pwd)"
work="$(mktemp -d)"
trap 'rm -rf "$work"' EXIT
(cd "$work" && npm init -y >/dev/null && npm install --silent "@uswds/uswds@$version" >/dev/null)
dist="$work/node_modules/@uswds/uswds/dist"
dest="$root/src/FairShot/wwwroot/lib/uswds"
rm -rf "$dest"
mkdir -p "$dest/css" "$dest/js"
cp "$dist/css/uswds.min.css" "$dest/css/"
cp "$dist/js/uswds.min.js" "$dist/js/uswds-init.min.js" "$dest/js/"
# every url(../x) in the CSS, copied with its path
grep -o 'url(\.\./[^)]*)' "$dist/css/uswds.min.css" | sed -e 's/^url(\.\.\///' -e 's/)$//' -e 's/[?#].*$//' | sort -u |
  while read -r rel; do
    [ -f "$dist/$rel" ] || continue
    mkdir -p "$dest/$(dirname "$rel")"
    cp "$dist/$rel" "$dest/$rel"
  done
cp "$dist/img/sprite.svg" "$dest/img/"
cp "$dist/img/us_flag_small.png" "$dest/img/" 2>/dev/null || true
echo "$version" > "$dest/VERSION"
cp "$work/node_modules/@uswds/uswds/LICENSE.md" "$dest/LICENSE.md"
echo "USWDS $version copied to $dest ($(du -sh "$dest" | cut -f1))"
