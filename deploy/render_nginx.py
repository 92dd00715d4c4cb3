"""Write an nginx configuration for N local replicas from nginx.conf.template.

    python deploy/render_nginx.py --prefix /var/lib/pari-nginx --listen 80 \
        --replica 127.0.0.1:8601 --replica 127.0.0.1:8602 > /etc/nginx/pari.conf

It also puts a copy of Streamlit's frontend files under the prefix, each compressible
one with its ``.gz`` beside it, so nginx sends them compressed without compressing them
again for every phone (``gzip_static``; issue 14: on the fly, a cold join cost nginx
about 70 ms of CPU).
"""

from __future__ import annotations

import argparse
import gzip
import os
import shutil
import subprocess
import time
import urllib.request
from pathlib import Path

TEMPLATE = Path(__file__).with_name("nginx.conf.template")
COMPRESSIBLE = {".js", ".mjs", ".css", ".json", ".map", ".svg", ".ttf", ".html"}
MIN_GZIP_BYTES = 1024  # as gzip_min_length in the template


def streamlit_static_root() -> str:
    """The folder whose ``static/`` Streamlit serves as ``/static/`` (the pinned version's
    frontend, in this virtual environment): nginx serves it itself."""
    from streamlit import file_util

    return str(Path(file_util.get_static_dir()).resolve())


def precompressed_static(dest: Path, source: str | None = None) -> str:
    """``source`` (Streamlit's frontend folder) copied to ``dest`` with a ``.gz`` beside
    every compressible file; made again only when Streamlit's version changes. Returns
    the folder to give ``render`` as ``static_root``."""
    import streamlit

    marker = dest / ".streamlit-version"
    if marker.exists() and marker.read_text() == streamlit.__version__:
        return str(dest)
    tmp = dest.with_name(dest.name + ".new")
    shutil.rmtree(tmp, ignore_errors=True)
    shutil.copytree(source or streamlit_static_root(), tmp)
    for path in tmp.rglob("*"):
        if path.suffix in COMPRESSIBLE and path.stat().st_size >= MIN_GZIP_BYTES:
            packed = path.with_name(path.name + ".gz")
            packed.write_bytes(gzip.compress(path.read_bytes(), compresslevel=9, mtime=0))
            stat = path.stat()
            os.utime(packed, ns=(stat.st_atime_ns, stat.st_mtime_ns))
    (tmp / ".streamlit-version").write_text(streamlit.__version__)
    shutil.rmtree(dest, ignore_errors=True)
    tmp.rename(dest)
    return str(dest)


def render(*, prefix: str, listen: str, replicas: list[str], static_root: str | None = None) -> str:
    if not replicas:
        raise ValueError("at least one replica address is needed")
    upstreams = "\n".join(
        f"        server {addr} max_fails=3 fail_timeout=10s;" for addr in replicas
    )
    return (
        TEMPLATE.read_text()
        .replace("{{PREFIX}}", prefix)
        .replace("{{LISTEN}}", listen)
        .replace("{{UPSTREAMS}}", upstreams)
        .replace("{{STREAMLIT_STATIC}}", static_root or streamlit_static_root())
    )


NGINX = shutil.which("nginx") or "/usr/sbin/nginx"


def start_nginx(prefix: Path, conf: Path, url: str, preexec_fn=None) -> subprocess.Popen:
    """nginx in the foreground on ``conf`` (for the tests and the bench), once ``url``
    answers Streamlit's health check through it; its output in ``prefix/stdout.log``."""
    proc = subprocess.Popen(  # noqa: S603 - a fixed command: our nginx, our config
        [NGINX, "-p", str(prefix), "-c", str(conf), "-g", "daemon off;"],
        stdout=(prefix / "stdout.log").open("w"),
        stderr=subprocess.STDOUT,
        preexec_fn=preexec_fn,
    )
    deadline = time.monotonic() + 20
    while True:
        try:
            with urllib.request.urlopen(f"{url}/_stcore/health", timeout=1):  # noqa: S310
                return proc
        except OSError:
            if proc.poll() is not None or time.monotonic() > deadline:
                proc.kill()
                raise RuntimeError((prefix / "stdout.log").read_text()) from None
            time.sleep(0.2)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--prefix", required=True, help="folder for pid, logs and temp files")
    parser.add_argument("--listen", default="80")
    parser.add_argument("--replica", action="append", required=True, help="host:port")
    args = parser.parse_args()
    static = precompressed_static(Path(args.prefix) / "streamlit-static")
    print(render(prefix=args.prefix, listen=args.listen, replicas=args.replica, static_root=static))


if __name__ == "__main__":
    main()
