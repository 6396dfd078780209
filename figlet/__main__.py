"""`python -m figlet`."""

from figlet.cli.entry import main

main()
