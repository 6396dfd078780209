"""Engines: what figlet drives. `Engine` is the seam; `DockerEngine` is the real one."""
