# The edge for bench/live.py: Varnish in front of gunicorn, as a CDN would be.
# Anonymous answers are cached by their Cache-Control (s-maxage wins over max-age), the live
# answers ignore cookies (they are the same for everyone and never read one), and a write
# purges by surrogate key: PURGE with "xkey-purge: <keys>" (the xkey vmod reads the
# response's "xkey" header, which the app fills from its Surrogate-Key list).
vcl 4.1;
import xkey;

backend default {
    .host = "127.0.0.1";
    .port = "__BACKEND_PORT__";
}

acl purgers { "127.0.0.1"; }

sub vcl_recv {
    if (req.method == "PURGE") {
        if (client.ip !~ purgers) { return (synth(403, "Forbidden")); }
        set req.http.n-gone = xkey.purge(req.http.xkey-purge);
        return (synth(200, "Purged " + req.http.n-gone));
    }
    if (req.url ~ "^/comments/live/") {
        unset req.http.Cookie;
        return (hash);
    }
}

sub vcl_backend_response {
    if (!beresp.http.xkey && beresp.http.Surrogate-Key) {
        set beresp.http.xkey = beresp.http.Surrogate-Key;
    }
}

sub vcl_deliver {
    unset resp.http.xkey;
    if (obj.hits > 0) { set resp.http.X-Cache = "hit"; } else { set resp.http.X-Cache = "miss"; }
}
