"""Entry point for ``python -m evaldash``."""

from evaldash.cli import main

raise SystemExit(main())
