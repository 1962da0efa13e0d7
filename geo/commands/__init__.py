"""Sub-commands of `python -m geo`, one module each (registered in geo/cli.py)."""
