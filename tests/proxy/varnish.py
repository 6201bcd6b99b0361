"""Debian's varnishd with the site's deploy/varnish/default.vcl, started for a test.

Unprivileged, in a temporary directory (-n), on a free loopback port, in the foreground (-F),
stopped by its PID afterwards. The backends and the purge ACL come from a backends.vcl written
for the test, found before deploy/varnish/backends.vcl on the vcl_path.
"""

import http.client
import shutil
import socket
import subprocess
import tempfile
import time
from pathlib import Path
from urllib.parse import urlsplit

ROOT = Path(__file__).resolve().parents[2]
DEPLOY = ROOT / "deploy" / "varnish"
VMODS = Path("/usr/lib/x86_64-linux-gnu/varnish/vmods")


def varnishd():
    """The path of varnishd, or None."""
    return shutil.which("varnishd") or next(
        (p for p in ("/usr/sbin/varnishd",) if Path(p).exists()), None
    )


def missing():
    """Why Varnish cannot run here, or None."""
    if varnishd() is None:
        return "varnishd is missing: `make test` installs it (apt-get install varnish)"
    vmod_dirs = [VMODS, *Path("/usr/lib").glob("*/varnish/vmods")]
    if not any((d / "libvmod_xkey.so").exists() for d in vmod_dirs):
        return "the xkey vmod is missing: apt-get install varnish-modules"
    return None


def free_port():
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def backends_vcl(backends, purgers=("127.0.0.1", "::1")):
    """A backends.vcl: one backend per (host, port), round robin, and the purge ACL."""
    lines = ["import directors;", ""]
    for number, (host, port) in enumerate(backends, 1):
        lines += [f"backend app{number} {{", f'    .host = "{host}";', f'    .port = "{port}";']
        lines += ["}", ""]
    lines += ["sub vcl_init {", "    new apps = directors.round_robin();"]
    lines += [f"    apps.add_backend(app{n});" for n in range(1, len(backends) + 1)]
    lines += ["}", "", "sub vcl_recv {", "    set req.backend_hint = apps.backend();", "}", ""]
    lines += ["acl purgers {", *[f'    "{address}";' for address in purgers], "}", ""]
    return "\n".join(lines)


class Varnish:
    def __init__(self, backends, purgers=("127.0.0.1", "::1"), threads=(10, 500)):
        self.workdir = Path(tempfile.mkdtemp(prefix="guidesite-varnish-"))
        (self.workdir / "vcl").mkdir()
        (self.workdir / "vcl" / "backends.vcl").write_text(backends_vcl(backends, purgers))
        self.port = free_port()
        self.url = f"http://127.0.0.1:{self.port}"
        self.log = self.workdir / "varnishd.log"
        command = [
            varnishd(),
            "-F",
            "-j",
            "none",
            "-n",
            str(self.workdir / "n"),
            "-a",
            f"127.0.0.1:{self.port}",
            "-T",
            "127.0.0.1:0",
            "-f",
            str(DEPLOY / "default.vcl"),
            "-p",
            f"vcl_path={self.workdir / 'vcl'}:{DEPLOY}",
            "-p",
            "thread_pools=1",
            "-p",
            f"thread_pool_min={threads[0]}",
            "-p",
            f"thread_pool_max={threads[1]}",
            "-s",
            "malloc,64m",
        ]
        with self.log.open("wb") as log:
            self.process = subprocess.Popen(command, stdout=log, stderr=subprocess.STDOUT)  # noqa: S603
        try:
            self._wait_until_up()
        except Exception:
            self.stop()
            raise

    def _wait_until_up(self, timeout=30):
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            if self.process.poll() is not None:
                raise RuntimeError(f"varnishd exited:\n{self.log.read_text(errors='replace')}")
            try:
                with socket.create_connection(("127.0.0.1", self.port), timeout=0.5):
                    return
            except OSError:
                time.sleep(0.1)
        raise RuntimeError(f"varnishd did not listen within {timeout} s")

    def request(self, path, method="GET", headers=None, timeout=10):
        """(status, headers, body) of one request through the proxy; redirects not followed."""
        return fetch(self.url + path, method, headers, timeout)

    def stop(self):
        if self.process.poll() is None:
            self.process.terminate()
            try:
                self.process.wait(timeout=15)
            except subprocess.TimeoutExpired:
                self.process.kill()
                self.process.wait(timeout=5)
        shutil.rmtree(self.workdir, ignore_errors=True)


def fetch(url, method="GET", headers=None, timeout=10, body=None):
    """(status, headers as a dict with lower-case names, body) of one HTTP request."""
    parts = urlsplit(url)
    connection = http.client.HTTPConnection(parts.hostname, parts.port, timeout=timeout)
    try:
        path = parts.path + (f"?{parts.query}" if parts.query else "")
        connection.request(method, path or "/", body=body, headers=headers or {})
        response = connection.getresponse()
        body = response.read()
        return response.status, {k.lower(): v for k, v in response.getheaders()}, body
    finally:
        connection.close()
