"""``python -m dialoggraph`` runs the command line."""

from .cli import app

app()
