# The origin and who may purge: the example for one app on 127.0.0.1:8000. deploy/varnish/edge.py
# (make edge, the tests, make bench) writes its own backend.vcl and puts it first on vcl_path.
# In production list every app host in `purgers`.
backend default {
    .host = "127.0.0.1";
    .port = "8000";
    .connect_timeout = 1s;
    .first_byte_timeout = 30s;
    .probe = {
        .url = "/robots.txt";
        .interval = 1s;
        .timeout = 1s;
        .window = 3;
        .threshold = 2;
    }
}

acl purgers {
    "127.0.0.1";
    "::1";
}
