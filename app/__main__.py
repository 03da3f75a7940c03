"""`python -m app [--host 127.0.0.1] [--port 8050] [--debug]`: serve the explorer."""
from __future__ import annotations

import argparse

from .factory import create_app


def main(argv=None) -> None:
    ap = argparse.ArgumentParser(prog="python -m app", description="Serve the optimizer explorer.")
    ap.add_argument("--host", default="127.0.0.1")
    ap.add_argument("--port", type=int, default=8050)
    ap.add_argument("--debug", action="store_true")
    args = ap.parse_args(argv)
    create_app().run(host=args.host, port=args.port, debug=args.debug)


if __name__ == "__main__":
    main()
