"""Run commands one after the other; print their total wall time and peak memory as JSON.

Run in a fresh process per measurement, so that the peak resident set of its children (including any
workers they fork) belongs to these commands alone.
"""

from __future__ import annotations

import json
import os
import resource
import subprocess
import sys
import time


def main() -> None:
    commands = json.loads(sys.argv[1])
    # Measure what users get: Python reads cached bytecode (pip compiles it on install, and an editable install
    # writes it on the first run). A machine that sets PYTHONDONTWRITEBYTECODE would otherwise compile every
    # module of an editable install from source on every run.
    env = {k: v for k, v in os.environ.items() if k != "PYTHONDONTWRITEBYTECODE"}
    failed = []
    start = time.perf_counter()
    for command in commands:
        result = subprocess.run(command, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, env=env)
        # gwstd and check-jsonschema exit 1 when they find problems; the corpus has none, so only 0 is fine
        if result.returncode != 0:
            failed.append([command[0], result.returncode])
    seconds = time.perf_counter() - start
    peak = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss  # KiB on Linux
    print(json.dumps({"seconds": seconds, "peak_kib": peak, "failed": failed}))


if __name__ == "__main__":
    main()
