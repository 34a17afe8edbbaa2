from __future__ import annotations

import sys

from gwstd.cli import main

sys.exit(main())
