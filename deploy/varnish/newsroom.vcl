# Newsroom's edge: Varnish 7 with xkey (Debian: varnish, varnish-modules).
#
# - caches anonymous GET/HEAD pages for the origin's s-maxage (Cache-Control), serves them
#   stale for Surrogate-Control's stale-while-revalidate, and for its stale-if-error only
#   while the origin is sick (health probe);
# - passes every request that carries a session cookie (logged-in readers, moderators);
#   drops all other cookies but the language's, which the origin Varies on;
# - never caches a response with Set-Cookie, nor one the origin marks private or no-store;
# - accepts `PURGE` with `xkey-purge: <keys>` only from the `purgers` ACL (the app's hosts)
#   and removes every object tagged with one of the keys (the origin's `xkey` header);
# - keeps a response for 0.3 s only when its versions were read (`X-Edge-Checked`) before
#   the latest purge arrived: that fetch was in flight while a write committed.
#
# The backend and the ACL live in backend.vcl, found first on vcl_path: `make edge` and the
# tests write their own; deploy/varnish/backend.vcl is the example for 127.0.0.1:8000.
vcl 4.1;

import std;
import cookie;
import var;
import xkey;

include "backend.vcl";

sub vcl_recv {
    if (req.method == "PURGE") {
        if (client.ip !~ purgers) {
            return (synth(403, "Forbidden"));
        }
        if (!req.http.xkey-purge) {
            return (synth(400, "xkey-purge header missing"));
        }
        set req.http.n-gone = xkey.purge(req.http.xkey-purge);
        # A fetch already in flight is not purged: remember when the last purge came.
        var.global_set("purged_at", "" + std.real(time=now));
        return (synth(200, "Purged " + req.http.n-gone + " objects"));
    }
    # A client must not fake the flag a restart from vcl_hit sets.
    if (req.restarts == 0) {
        unset req.http.X-Edge-Fresh;
    }
    if (req.http.X-Edge-Fresh) {
        set req.grace = 0s;
    }
    if (req.method != "GET" && req.method != "HEAD") {
        return (pass);
    }
    if (req.http.Authorization) {
        return (pass);
    }
    if (req.http.Cookie ~ "(^|;\s*)sessionid=") {
        return (pass);
    }
    if (req.http.Cookie) {
        cookie.parse(req.http.Cookie);
        cookie.keep("django_language");
        set req.http.Cookie = cookie.get_string();
        if (req.http.Cookie == "") {
            unset req.http.Cookie;
        }
    }
    return (hash);
}

sub vcl_hit {
    # Past its s-maxage and past stale-while-revalidate: only stale-if-error may still serve
    # it, and only while the origin is sick. Otherwise look it up again without grace.
    if (obj.ttl <= 0s
        && obj.ttl + std.duration(obj.http.X-Edge-Swr + "s", 0s) <= 0s
        && std.healthy(req.backend_hint)
        && req.restarts == 0) {
        set req.http.X-Edge-Fresh = "1";
        return (restart);
    }
    return (deliver);
}

sub vcl_backend_response {
    if (bereq.uncacheable) {
        return (deliver);
    }
    if (beresp.http.Set-Cookie
        || beresp.http.Cache-Control ~ "(private|no-store|no-cache)"
        || beresp.http.Surrogate-Control ~ "no-store"
        || beresp.http.Vary == "*") {
        # Hit-for-miss for a moment: the next request asks the origin again.
        set beresp.uncacheable = true;
        set beresp.ttl = 1s;
        set beresp.grace = 0s;
        return (deliver);
    }
    if (beresp.ttl <= 0s) {
        set beresp.uncacheable = true;
        set beresp.ttl = 1s;
        set beresp.grace = 0s;
        return (deliver);
    }
    # Varnish takes grace from Cache-Control's stale-while-revalidate; ours is in
    # Surrogate-Control (browsers must not serve stale pages).
    set beresp.http.X-Edge-Swr = "0";
    if (beresp.http.Surrogate-Control ~ "stale-while-revalidate=\d+") {
        set beresp.http.X-Edge-Swr = regsub(beresp.http.Surrogate-Control,
            "^.*stale-while-revalidate=(\d+).*$", "\1");
    }
    set beresp.grace = std.duration(beresp.http.X-Edge-Swr + "s", 0s);
    # Rendered from versions read before the latest purge (the fetch was in flight while a
    # write committed): keep it only for a moment, then ask again.
    if (std.real(beresp.http.X-Edge-Checked, 0.0)
        < std.real(var.global_get("purged_at"), 0.0)) {
        set beresp.ttl = 0.3s;
        set beresp.grace = 0s;
        set beresp.http.X-Edge-Swr = "0";
    }
    if (beresp.http.Surrogate-Control ~ "stale-if-error=\d+") {
        set beresp.grace = beresp.grace + std.duration(regsub(beresp.http.Surrogate-Control,
            "^.*stale-if-error=(\d+).*$", "\1") + "s", 0s);
    }
    return (deliver);
}

sub vcl_deliver {
    # The tag header is ours; Surrogate-Key / Cache-Tag stay for a CDN in front of us.
    unset resp.http.xkey;
    unset resp.http.X-Edge-Swr;
    unset resp.http.X-Edge-Checked;
    unset resp.http.Surrogate-Control;
    unset resp.http.X-Varnish;
    unset resp.http.Via;
    if (obj.hits > 0) {
        set resp.http.X-Edge-Cache = "hit";
    } else {
        set resp.http.X-Edge-Cache = "miss";
    }
}

sub vcl_synth {
    if (req.method == "PURGE") {
        set resp.http.Content-Type = "text/plain; charset=utf-8";
        set resp.body = resp.reason;
        return (deliver);
    }
}
