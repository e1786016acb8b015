"""`make tour`: the README's five-minute tour (docs/tour.sh) against a fresh service with the
demo organisation loaded. Exits non-zero as soon as a step answers with another status than the
tour says (issue 19: the tour cannot go stale)."""

from __future__ import annotations

import shutil
import subprocess
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

from live_service import ROOT, running_service


def main() -> int:
    with running_service() as service:
        run = subprocess.run(
            [shutil.which("bash") or "/bin/bash", str(ROOT / "docs" / "tour.sh")],
            cwd=ROOT,
            env={**service.env, "GG": str(service.bin_dir / "goedgesprek")},
            stdout=subprocess.DEVNULL if "--quiet" in sys.argv else None,
            check=False,
        )
    print("tour: every step answered as the README says" if run.returncode == 0 else "tour: FAILED")
    return run.returncode


if __name__ == "__main__":
    sys.exit(main())
