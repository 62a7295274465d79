"""`python -m backlint` is the `backlint` command."""

import sys

from .cli import main

sys.exit(main())
