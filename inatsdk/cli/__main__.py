"""``python -m inatsdk.cli`` runs the ``inat`` command."""

import sys

from inatsdk.cli import main

sys.exit(main())
