"""The `figlet` command line: thin typer commands over the core."""
