# The application servers behind Varnish and the hosts allowed to purge it: the one file to edit
# per installation (default.vcl includes it). This one: a single gunicorn on this machine.
# Several app servers: see docs/operations.md, "Several app servers behind Varnish".

backend app1 {
    .host = "127.0.0.1";
    .port = "8000";
}

# Who may send PURGE and BAN: the application servers (their FRONTEND_CACHE_URLS point here).
acl purgers {
    "127.0.0.1";
    "::1";
}
