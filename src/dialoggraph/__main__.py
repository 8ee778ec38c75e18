"""``python -m dialoggraph`` runs the command line."""

from .cli import main

main()
