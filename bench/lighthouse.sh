#!/usr/bin/env bash
# Lighthouse (mobile preset) on the home page, an article with a 200-comment thread and an
# author page, behind a TLS proxy as in production; then the Nu HTML Checker on home and
# article. Prints one line per page (the median of LH_RUNS runs, 3); exits non-zero when a
# page's performance is below LH_MIN_PERFORMANCE (90) or the checker finds an error.
#
#   mkdir -p /tmp/lh && (cd /tmp/lh && npm install lighthouse vnu-jar)  # once, outside the repo
#   apt-get install -y nginx                                            # Debian's, if absent
#   bench/lighthouse.sh                                                 # or: make lighthouse
#
# Without an argument the script serves this checkout itself: a throwaway SQLite database
# with the demo content (seed_demo) and one article topped up to 200 comments, collected
# static files, gunicorn in production mode (DEBUG off, WhiteNoise) on LH_APP_PORT (8127)
# and nginx with a self-signed certificate made here, HTTP/2 on LH_TLS_PORT (8443), serving
# /media/ itself. With
# a URL (bench/lighthouse.sh https://staging.example) it measures that site instead.
# Needs Debian's Chromium (CHROME_PATH, default /usr/bin/chromium), headless, no sandbox;
# no request leaves the machine. Java for the checker (skipped when vnu.jar is missing).
set -euo pipefail
cd "$(dirname "$0")/.."
LH="${LIGHTHOUSE:-/tmp/lh/node_modules/.bin/lighthouse}"
VNU_JAR="${VNU_JAR:-/tmp/lh/node_modules/vnu-jar/build/dist/vnu.jar}"
export CHROME_PATH="${CHROME_PATH:-/usr/bin/chromium}"
MIN="${LH_MIN_PERFORMANCE:-90}"
RUNS="${LH_RUNS:-3}"  # runs per page; the median counts
APP_PORT="${LH_APP_PORT:-8127}"
TLS_PORT="${LH_TLS_PORT:-8443}"
PY="${PYTHON:-.venv/bin/python}"
OUT="$(mktemp -d)"
chmod 755 "$OUT"  # nginx's workers (user nobody) read the media files in it
[ -x "$LH" ] || { echo "Lighthouse not found at $LH (see the header of $0)"; exit 2; }

pids=()
cleanup() { for pid in "${pids[@]}"; do kill "$pid" 2>/dev/null || true; done; }
trap cleanup EXIT

if [ $# -ge 1 ]; then
  BASE="${1%/}"
else
  command -v nginx >/dev/null || { echo "nginx is needed: apt-get install -y nginx"; exit 2; }
  export DJANGO_DEBUG=false DJANGO_SECRET_KEY="lighthouse-$(openssl rand -hex 24)"
  export DJANGO_ALLOWED_HOSTS=127.0.0.1,localhost DATABASE_URL="sqlite:///$OUT/db.sqlite3"
  export MEDIA_ROOT="$OUT/media" STATIC_ROOT="$OUT/static" DJANGO_HSTS_SECONDS=0
  echo "Building the demo site in $OUT ..."
  "$PY" manage.py migrate --noinput -v 0
  "$PY" manage.py collectstatic --noinput -v 0
  "$PY" manage.py seed_demo >/dev/null
  thread="$("$PY" manage.py shell -c "from articles.models import Article
a = Article.objects.order_by('-comment_count').first(); print(a.slug, 200 - a.comment_count)" 2>/dev/null | tail -1)"
  "$PY" manage.py seed_comments ${thread% *} --count "${thread#* }" --seed 200 >/dev/null
  GUNICORN_BIND="127.0.0.1:$APP_PORT" GUNICORN_WORKERS=2 GUNICORN_ACCESSLOG="" \
    .venv/bin/gunicorn -c newsroom/gunicorn_conf.py newsroom.wsgi:application 2>"$OUT/gunicorn.log" &
  pids+=($!)
  openssl req -x509 -newkey rsa:2048 -nodes -days 2 -subj "/CN=127.0.0.1" \
    -addext "subjectAltName=IP:127.0.0.1,DNS:localhost" \
    -keyout "$OUT/key.pem" -out "$OUT/cert.pem" 2>/dev/null
  mkdir -p "$OUT/nginx"
  cat >"$OUT/nginx.conf" <<EOF
worker_processes 1;
pid $OUT/nginx.pid;
error_log $OUT/nginx-error.log;
events {}
http {
  access_log off;
  client_body_temp_path $OUT/nginx/body; proxy_temp_path $OUT/nginx/proxy;
  fastcgi_temp_path $OUT/nginx/fastcgi; uwsgi_temp_path $OUT/nginx/uwsgi; scgi_temp_path $OUT/nginx/scgi;
  server {
    listen 127.0.0.1:$TLS_PORT ssl http2;
    ssl_certificate $OUT/cert.pem;
    ssl_certificate_key $OUT/key.pem;
    # Media as in production: the proxy serves it, with far-future caching (the rendition
    # names change when the picture does).
    location /media/ {
      alias $MEDIA_ROOT/;
      expires 1y;
      add_header Cache-Control "public, immutable";
    }
    location / {
      proxy_pass http://127.0.0.1:$APP_PORT;
      proxy_http_version 1.1;
      proxy_set_header Connection "";
      proxy_set_header Host \$host;
      proxy_set_header X-Forwarded-Proto https;
    }
  }
}
EOF
  nginx -p "$OUT" -c "$OUT/nginx.conf" -g "daemon off;" &
  pids+=($!)
  BASE="https://127.0.0.1:$TLS_PORT"
  for _ in $(seq 60); do curl -ksf -o /dev/null "$BASE/" && break; sleep 1; done
fi

article="$(curl -ks "$BASE/" | grep -o 'href="/artikel/[^"#]*"' | head -1 | cut -d'"' -f2)"
if [ $# -eq 0 ]; then article="/artikel/${thread% *}/"; fi
author="$(curl -ks "$BASE$article" | grep -o 'href="/autor/[^"]*"' | head -1 | cut -d'"' -f2)"
status=0
for path in / "$article" "$author"; do
  name="$(echo "$path" | tr '/' '_')"
  for run in $(seq "$RUNS"); do
    "$LH" "$BASE$path" --quiet --output=json --output-path="$OUT/$name.$run.json" \
      --only-categories=seo,accessibility,best-practices,performance \
      --chrome-flags="--headless=new --no-sandbox --disable-gpu --ignore-certificate-errors" \
      >/dev/null 2>"$OUT/$name.$run.log" || true
  done
  ls "$OUT/$name".*.json >/dev/null 2>&1 || { echo "$path  Lighthouse failed: $OUT/$name.1.log"; status=1; continue; }
  # The report with the median performance score stands for the page (Lighthouse's advice
  # for noisy machines); every run's score is listed after it.
  node -e '
    const [min, path, ...files] = process.argv.slice(1);
    const runs = files.map(f => require(f)).sort((a, b) => a.categories.performance.score - b.categories.performance.score);
    const r = runs[Math.floor((runs.length - 1) / 2)];
    const s = k => r.categories[k] ? Math.round(r.categories[k].score * 100) : "-";
    const ms = id => r.audits[id] ? Math.round(r.audits[id].numericValue) : "-";
    const failed = Object.values(r.audits)
      .filter(a => a.score !== null && a.score < 1 && ["seo","accessibility"].some(
        c => r.categories[c].auditRefs.some(x => x.id === a.id && x.weight > 0)))
      .map(a => a.id);
    const all = runs.map(x => Math.round(x.categories.performance.score * 100)).join("/");
    console.log(`${path}  performance ${s("performance")} (runs ${all})  accessibility ${s("accessibility")}  best practices ${s("best-practices")}  SEO ${s("seo")}  (FCP ${ms("first-contentful-paint")} ms, LCP ${ms("largest-contentful-paint")} ms, TBT ${ms("total-blocking-time")} ms, CLS ${r.audits["cumulative-layout-shift"].displayValue})  ${failed.length ? "failing: " + failed.join(", ") : ""}`);
    process.exit(r.categories.performance.score * 100 >= Number(min) ? 0 : 1);
  ' "$MIN" "$path" "$OUT/$name".*.json || status=1
done

if [ -f "$VNU_JAR" ] && command -v java >/dev/null; then
  for path in / "$article"; do curl -ks "$BASE$path" >"$OUT/vnu$(echo "$path" | tr '/' '_').html"; done
  if java -jar "$VNU_JAR" --errors-only "$OUT"/vnu*.html; then
    echo "Nu HTML Checker: no errors on / and $article"
  else
    status=1
  fi
fi
echo "Reports: $OUT"
exit $status
