"""The values an engine is asked with and answers with, a module per subject, each imported by
the code that builds or reads them (the container spec, the executor, the commands), never by
the `Engine` protocol itself, so that a command loads only the values it uses:

| module | values |
|---|---|
| `containers` | `ContainerRequest`, `ContainerFile` |
| `resources` | `NetworkRequest`, `VolumeRequest` |
| `images` | `BuildRequest`, `ImageDetails` |
| `readings` | `Health`, `ContainerEvent`, `PathStat` (what the engine tells of a container) |
| `commands` | `ExecRequest`, `LogRequest` (what `exec` and `logs` ask) |
"""
