#!/usr/bin/env bash
# Lighthouse (mobile preset) on the home, an article and an author page: SEO and accessibility.
#
#   mkdir -p /tmp/lh && (cd /tmp/lh && npm install lighthouse)   # once, outside the repo
#   make run &                                                     # or any running server
#   bench/lighthouse.sh http://127.0.0.1:8000
#
# Needs Debian's Chromium (CHROME_PATH, default /usr/bin/chromium). Prints one line per page.
set -euo pipefail
BASE="${1:-http://127.0.0.1:8000}"
LH="${LIGHTHOUSE:-/tmp/lh/node_modules/.bin/lighthouse}"
export CHROME_PATH="${CHROME_PATH:-/usr/bin/chromium}"
OUT="$(mktemp -d)"
article="$(curl -s "$BASE/" | grep -o 'href="/artikel/[^"]*"' | head -1 | cut -d'"' -f2)"
author="$(curl -s "$BASE$article" | grep -o 'href="/autor/[^"]*"' | head -1 | cut -d'"' -f2)"
for path in / "$article" "$author"; do
  name="$(echo "$path" | tr '/' '_')"
  "$LH" "$BASE$path" --quiet --output=json --output-path="$OUT/$name.json" \
    --only-categories=seo,accessibility,best-practices,performance \
    --chrome-flags="--headless --no-sandbox --disable-gpu" >/dev/null 2>&1 || true
  node -e '
    const r = require(process.argv[1]);
    const s = k => r.categories[k] ? Math.round(r.categories[k].score * 100) : "-";
    const failed = Object.values(r.audits)
      .filter(a => a.score !== null && a.score < 1 && ["seo","accessibility"].some(
        c => r.categories[c].auditRefs.some(x => x.id === a.id && x.weight > 0)))
      .map(a => a.id);
    console.log(`${process.argv[2]}  SEO ${s("seo")}  accessibility ${s("accessibility")}  best practices ${s("best-practices")}  performance ${s("performance")}  ${failed.length ? "failing: " + failed.join(", ") : ""}`);
  ' "$OUT/$name.json" "$path"
done
echo "Reports: $OUT"
