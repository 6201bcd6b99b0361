"""Load test: the guide page against a one-line view under the same gunicorn, measured with wrk.

Run from the project root: `.venv/bin/python bench/load.py [--duration 10] [--connections 16]`.
It builds a scratch SQLite database with the demo content, serves it with gunicorn (2 workers,
DEBUG off) on a free loopback port, and stops that server by its PID when done.
"""

import argparse
import os
import re
import secrets
import shutil
import socket
import subprocess
import sys
import tempfile
import time
import urllib.error
import urllib.request
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
VENV_BIN = ROOT / ".venv" / "bin"
GUIDE_PATH = "/articles/can-you-earn-a-masters-in-machine-learning/"
HELLO_PATH = "/bench/hello/"
UNITS_MS = {"us": 0.001, "ms": 1.0, "s": 1000.0, "m": 60000.0}


def free_port():
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def bench_env(scratch):
    """Production-like settings pointing at scratch storage; nothing here is a real secret."""
    return {
        **os.environ,
        "DJANGO_SETTINGS_MODULE": "bench.settings",
        "DEBUG": "False",
        "SECRET_KEY": secrets.token_urlsafe(50),
        "ALLOWED_HOSTS": "127.0.0.1",
        "SECURE_SSL_REDIRECT": "False",
        "DATABASE_URL": f"sqlite:///{scratch / 'db.sqlite3'}",
        "STATIC_ROOT": str(scratch / "static"),
        "MEDIA_ROOT": str(scratch / "media"),
        "LOG_LEVEL": "WARNING",
    }


def manage(env, *args):
    subprocess.run(  # noqa: S603 (our own manage.py)
        [str(VENV_BIN / "python"), str(ROOT / "manage.py"), *args],
        cwd=ROOT,
        env=env,
        check=True,
        stdout=subprocess.DEVNULL,
    )


def wait_until_up(url, timeout=30):
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        try:
            with urllib.request.urlopen(url, timeout=2) as response:  # noqa: S310 (loopback)
                if response.status == 200:
                    return
        except OSError:
            time.sleep(0.2)
    raise SystemExit(f"gunicorn did not answer {url} within {timeout} s")


def check_page(url):
    """Fail early, with the status, if a page does not answer 200 (wrk would only count it)."""
    try:
        with urllib.request.urlopen(url, timeout=10) as response:  # noqa: S310 (loopback)
            return len(response.read())
    except urllib.error.HTTPError as error:
        raise SystemExit(f"{url} answered {error.code}; nothing to measure") from error


def to_ms(value):
    number, unit = re.fullmatch(r"([\d.]+)(us|ms|s|m)", value).groups()
    return float(number) * UNITS_MS[unit]


def run_wrk(url, duration, connections):
    """Run wrk with latency percentiles and return rps, p50, p99 and error counts."""
    threads = str(min(2, connections))
    command = ["wrk", "-t", threads, "-c", str(connections), "-d", f"{duration}s", "--latency", url]
    out = subprocess.run(command, capture_output=True, text=True, check=True).stdout  # noqa: S603
    percentiles = dict(re.findall(r"^\s+(50|75|90|99)%\s+(\S+)$", out, re.MULTILINE))
    non_2xx = re.search(r"Non-2xx or 3xx responses: (\d+)", out)
    socket_errors = re.search(r"Socket errors: (.*)$", out, re.MULTILINE)
    return {
        "rps": float(re.search(r"Requests/sec:\s+([\d.]+)", out).group(1)),
        "p50": to_ms(percentiles["50"]),
        "p99": to_ms(percentiles["99"]),
        "requests": int(re.search(r"(\d+) requests in", out).group(1)),
        "errors": (f"{non_2xx.group(1)} non-2xx" if non_2xx else "")
        + (f" socket {socket_errors.group(1)}" if socket_errors else ""),
    }


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--duration", type=int, default=10, help="seconds per measured run")
    parser.add_argument("--connections", type=int, default=16)
    parser.add_argument("--workers", type=int, default=2)
    args = parser.parse_args()
    if shutil.which("wrk") is None:
        raise SystemExit("wrk is missing: install it with `apt-get install -y wrk`.")

    scratch = Path(tempfile.mkdtemp(prefix="guidesite-bench-"))
    env = bench_env(scratch)
    server = None
    try:
        print("Preparing a scratch database with the demo content ...", flush=True)
        manage(env, "migrate", "--noinput")
        manage(env, "load_demo", "--force")  # DEBUG is off: a scratch database
        manage(env, "collectstatic", "--noinput")
        port = free_port()
        base = f"http://127.0.0.1:{port}"
        server = subprocess.Popen(  # noqa: S603 (our own gunicorn)
            [str(VENV_BIN / "gunicorn"), "guidesite.wsgi", "--workers", str(args.workers),
             "--bind", f"127.0.0.1:{port}", "--log-level", "warning"],
            cwd=ROOT,
            env=env,
        )  # fmt: skip
        wait_until_up(base + HELLO_PATH)
        sizes = {path: check_page(base + path) for path in (HELLO_PATH, GUIDE_PATH)}
        for path in (HELLO_PATH, GUIDE_PATH):
            run_wrk(base + path, 3, args.connections)  # warm both workers' caches and connections
        results = {path: run_wrk(base + path, args.duration, args.connections) for path in sizes}
    finally:
        if server is not None:
            server.terminate()
            server.wait(timeout=30)
        shutil.rmtree(scratch, ignore_errors=True)

    print(
        f"\ngunicorn {args.workers} workers, DEBUG off, SQLite; wrk {args.connections} connections,"
        f" {args.duration} s per page; load average {os.getloadavg()[0]:.1f}"
        f" on {os.cpu_count()} cores\n"
    )
    print(f"{'page':<55} {'bytes':>7} {'req/s':>9} {'p50 ms':>8} {'p99 ms':>8}  errors")
    for path, result in results.items():
        print(
            f"{path:<55} {sizes[path]:>7} {result['rps']:>9.1f} {result['p50']:>8.2f}"
            f" {result['p99']:>8.2f}  {result['errors'] or 'none'}"
        )
    guide, hello = results[GUIDE_PATH], results[HELLO_PATH]
    ratio = guide["rps"] / hello["rps"]
    print(f"\nguide page / one-line view: {ratio:.0%} of the requests per second (target >= 70%)")
    print(f"guide page p99: {guide['p99']:.1f} ms (target < 50 ms)")
    return 0 if ratio >= 0.7 and guide["p99"] < 50 and not guide["errors"] else 1


if __name__ == "__main__":
    sys.exit(main())
