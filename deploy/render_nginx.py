"""Write an nginx configuration for N local replicas from nginx.conf.template.

    python deploy/render_nginx.py --prefix /var/lib/pari-nginx --listen 80 \
        --replica 127.0.0.1:8601 --replica 127.0.0.1:8602 > /etc/nginx/pari.conf
"""

from __future__ import annotations

import argparse
from pathlib import Path

TEMPLATE = Path(__file__).with_name("nginx.conf.template")


def streamlit_static_root() -> str:
    """The folder whose ``static/`` Streamlit serves as ``/static/`` (the pinned version's
    frontend, in this virtual environment): nginx serves it itself."""
    from streamlit import file_util

    return str(Path(file_util.get_static_dir()).resolve())


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


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--prefix", required=True, help="folder for pid, logs and temp files")
    parser.add_argument("--listen", default="80")
    parser.add_argument("--replica", action="append", required=True, help="host:port")
    args = parser.parse_args()
    print(render(prefix=args.prefix, listen=args.listen, replicas=args.replica))


if __name__ == "__main__":
    main()
