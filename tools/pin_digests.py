"""Pin the samples' PDF digests (tests/fixtures/sample-digests.json) after a deliberate change."""

from __future__ import annotations

import hashlib
import json
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from tests.test_sample_digests import sample_pdf  # noqa: E402  (the test's own rendering)


def main() -> None:
    samples = sorted(str(p.relative_to(ROOT)) for p in [*ROOT.glob("clients/*.yaml"), *ROOT.glob("examples/*/clients/*.yaml")])
    pinned = {relative: hashlib.sha256(sample_pdf(relative)).hexdigest() for relative in samples}
    target = ROOT / "tests" / "fixtures" / "sample-digests.json"
    target.write_text(json.dumps(pinned, indent=2, sort_keys=True) + "\n", encoding="utf-8")
    for relative, digest in pinned.items():
        print(f"{digest[:16]}  {relative}")


if __name__ == "__main__":
    main()
