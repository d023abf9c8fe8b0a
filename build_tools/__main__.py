"""`python -m build_tools`: the `handbook` command (build_tools/cli.py)."""

import sys

from build_tools.cli import main

sys.exit(main())
