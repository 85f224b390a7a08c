"""Where the benchmarks read texts and write results (one place for every ``bench_*.py``).

``STANCEMAP_BENCH_TEXTS`` names a folder of ``.txt`` files; the default is PolNeAR
train beside the project (``../shared/data/polnear/train/text``).
"""

from __future__ import annotations

import os
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
RESULTS = Path(__file__).parent / "results"
TEXTS = Path(os.environ.get("STANCEMAP_BENCH_TEXTS", ROOT.parent / "shared" / "data" / "polnear" / "train" / "text"))
#: the codebook of the pipeline benchmarks (``STANCEMAP_BENCH_CODEBOOK``; default the example's one issue)
CODEBOOK = Path(os.environ.get("STANCEMAP_BENCH_CODEBOOK", ROOT / "examples" / "codebook.yaml"))
