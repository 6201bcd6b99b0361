"""The guide page through Varnish, against the same page and a one-line view from gunicorn.

Run from the project root: `.venv/bin/python bench/proxy.py [--duration 10] [--connections 16]`.
It builds a scratch SQLite database with the demo content, serves it with gunicorn (2 workers,
DEBUG off) on a free loopback port, puts Debian's Varnish with deploy/varnish/default.vcl in front
(tests/proxy/varnish.py starts it), measures with wrk, and stops both by their PIDs when done.
Exits 1 when the guide page through the proxy is under 3 times the one-line view's requests/s.
"""

import argparse
import os
import shutil
import subprocess
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from bench.load import (  # noqa: E402
    GUIDE_PATH,
    HELLO_PATH,
    bench_env,
    check_page,
    free_port,
    manage,
    run_wrk,
    wait_until_up,
)
from tests.proxy import varnish  # noqa: E402

VENV_BIN = ROOT / ".venv" / "bin"


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--duration", type=int, default=10, help="seconds per measured run")
    parser.add_argument("--connections", type=int, default=16)
    parser.add_argument("--workers", type=int, default=2)
    args = parser.parse_args()
    if shutil.which("wrk") is None:
        raise SystemExit("wrk is missing: install it with `apt-get install -y wrk`.")
    if reason := varnish.missing():
        raise SystemExit(f"Varnish cannot run: {reason}.")

    scratch = Path(tempfile.mkdtemp(prefix="guidesite-bench-proxy-"))
    env = bench_env(scratch)
    server = proxy = None
    try:
        print("Preparing a scratch database with the demo content ...", flush=True)
        manage(env, "migrate", "--noinput")
        manage(env, "load_demo", "--force")  # DEBUG is off: a scratch database
        manage(env, "collectstatic", "--noinput")
        port = free_port()
        proxy = varnish.Varnish([("127.0.0.1", port)], threads=(100, 1000))
        env["FRONTEND_CACHE_URLS"] = proxy.url
        base = f"http://127.0.0.1:{port}"
        server = subprocess.Popen(  # noqa: S603 (our own gunicorn)
            [str(VENV_BIN / "gunicorn"), "guidesite.wsgi", "--workers", str(args.workers),
             "--bind", f"127.0.0.1:{port}", "--log-level", "warning"],
            cwd=ROOT,
            env=env,
        )  # fmt: skip
        wait_until_up(base + HELLO_PATH)
        urls = {
            "one-line view, gunicorn": base + HELLO_PATH,
            "guide page, gunicorn (page cache)": base + GUIDE_PATH,
            "guide page, through Varnish": proxy.url + GUIDE_PATH,
        }
        sizes = {name: check_page(url) for name, url in urls.items()}
        status, headers, _body = proxy.request(GUIDE_PATH)
        status, headers, _body = proxy.request(GUIDE_PATH)
        if headers.get("x-cache") != "hit":
            raise SystemExit(f"Varnish does not keep {GUIDE_PATH}: {status} {headers}")
        for url in urls.values():
            run_wrk(url, 3, args.connections)  # warm workers, connections and caches
        results = {
            name: run_wrk(url, args.duration, args.connections) for name, url in urls.items()
        }
    finally:
        if server is not None:
            server.terminate()
            server.wait(timeout=30)
        if proxy is not None:
            proxy.stop()
        shutil.rmtree(scratch, ignore_errors=True)

    print(
        f"\ngunicorn {args.workers} workers, DEBUG off, SQLite; Varnish in front; wrk"
        f" {args.connections} connections, {args.duration} s per row; load average"
        f" {os.getloadavg()[0]:.1f} on {os.cpu_count()} cores\n"
    )
    print(f"{'page':<36} {'bytes':>7} {'req/s':>9} {'p50 ms':>8} {'p99 ms':>8}  errors")
    for name, result in results.items():
        print(
            f"{name:<36} {sizes[name]:>7} {result['rps']:>9.1f} {result['p50']:>8.2f}"
            f" {result['p99']:>8.2f}  {result['errors'] or 'none'}"
        )
    hello = results["one-line view, gunicorn"]
    proxied = results["guide page, through Varnish"]
    ratio = proxied["rps"] / hello["rps"]
    print(f"\nguide page through Varnish / one-line view: {ratio:.1f}x (target >= 3x)")
    return 0 if ratio >= 3 and not proxied["errors"] else 1


if __name__ == "__main__":
    sys.exit(main())
