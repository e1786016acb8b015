"""Write or check ``openapi/openapi.json``: the committed document must equal the app's."""

from __future__ import annotations

import argparse
import json
import sys
import tempfile
from pathlib import Path

from app.config import AuthMode, Settings


def generate() -> str:
    from app.main import create_app

    # The document does not depend on the database; the URL is never connected to.
    with tempfile.TemporaryDirectory() as data_dir:
        settings = Settings(
            database_url="postgresql://unused@localhost/unused",
            data_dir=data_dir,
            auth_mode=AuthMode.local,
        )
        app = create_app(settings)
        return json.dumps(app.openapi(), indent=2, ensure_ascii=False) + "\n"


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__)
    mode = parser.add_mutually_exclusive_group(required=True)
    mode.add_argument("--write", action="store_true")
    mode.add_argument("--check", action="store_true")
    parser.add_argument("path", type=Path)
    args = parser.parse_args(argv)
    document = generate()
    if args.write:
        args.path.parent.mkdir(parents=True, exist_ok=True)
        args.path.write_text(document)
        print(f"wrote {args.path}")
        return 0
    if not args.path.exists() or args.path.read_text() != document:
        print(f"{args.path} is stale: run `make openapi` and commit it", file=sys.stderr)
        return 1
    print(f"{args.path} is up to date")
    return 0


if __name__ == "__main__":
    sys.exit(main())
