"""The `figlet` command line: thin commands over the core (see `app.py`)."""
