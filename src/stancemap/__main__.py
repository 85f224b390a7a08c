"""``python -m stancemap`` runs the command-line interface."""

from stancemap.cli import main

main()
