"""`python -m quotegen.cli`: the command line."""

from quotegen.cli import main

main()
