"""Secrets and configs as swarm objects: their contents read from `file:`, `environment:` or
`content:` (`read_contents`, the one I/O of the stack), and the SecretSpec / ConfigSpec bodies
made from them (Data base64, the stack's label)."""

from __future__ import annotations

import base64
import hashlib
from collections.abc import Mapping
from typing import Any, Literal

from figlet.errors import ConfigError, Problem
from figlet.loader import locate_in
from figlet.loader._problems import Problems
from figlet.model import Project
from figlet.swarm._spec_labels import NAMESPACE
from figlet.swarm._spec_mounts import object_name

ObjectKind = Literal["secret", "config"]
KINDS: tuple[tuple[ObjectKind, str], ...] = (("secret", "secrets"), ("config", "configs"))


def read_contents(project: Project) -> dict[tuple[ObjectKind, str], bytes]:
    """The contents of every secret and config the stack creates, by (kind, key). A missing
    file or an unset variable is a located ConfigError (all of them at once)."""
    out: dict[tuple[ObjectKind, str], bytes] = {}
    problems: list[Problem] = []
    for kind, section in KINDS:
        for key, definition in (project.spec.get(section) or {}).items():
            if not isinstance(definition, Mapping) or definition.get("external"):
                continue
            at = (section, key)
            if definition.get("file"):
                path = str(definition["file"])
                try:
                    with open(path, "rb") as handle:
                        out[(kind, key)] = handle.read()
                except OSError as exc:
                    problems.append(
                        Problem(
                            f"cannot read the {kind} file {path}: {exc.strerror or exc}",
                            locate_in(project, (*at, "file")),
                            f"{section}.{key}.file",
                            "create the file, or point `file:` at an existing one",
                        )
                    )
            elif definition.get("environment"):
                variable = str(definition["environment"])
                value = project.environment.get(variable)
                if not value:
                    problems.append(
                        Problem(
                            f"the variable {variable} that the {kind} {key} is read from is "
                            "not set (a swarm refuses an empty " + kind + ")",
                            locate_in(project, (*at, "environment")),
                            f"{section}.{key}.environment",
                            f"set {variable} in the environment or in .env",
                        )
                    )
                else:
                    out[(kind, key)] = value.encode()
            elif definition.get("content") is not None:
                out[(kind, key)] = str(definition["content"]).encode()
    if problems:
        raise ConfigError(problems)
    return out


def object_spec(
    project: Project,
    kind: ObjectKind,
    key: str,
    definition: Mapping[str, Any],
    contents: Mapping[tuple[ObjectKind, str], bytes] | None,
    notes: Problems,
) -> tuple[dict[str, Any], str]:
    """The SecretSpec / ConfigSpec body and the sha256 of its contents ("" when the contents
    were not read: `contents` None, e.g. a plan without them)."""
    section = f"{kind}s"
    name = object_name(project, section, key, definition)
    if definition.get("external"):
        return {"Name": name}, ""
    labels = {str(k): str(v) for k, v in (definition.get("labels") or {}).items()}
    body: dict[str, Any] = {"Name": name, "Labels": {**labels, NAMESPACE: project.name}}
    digest = ""
    if contents is not None:
        data = contents.get((kind, key))
        if data is None:
            notes.add(
                f"the contents of the {kind} {key} were not read",
                (section, key),
                f"give `file:`, `environment:` or `content:` to {section}.{key}",
                key=True,
            )
        else:
            body["Data"] = base64.b64encode(data).decode("ascii")
            digest = hashlib.sha256(data).hexdigest()
    if definition.get("template_driver"):
        body["Templating"] = {"Name": str(definition["template_driver"])}
    if kind == "secret" and definition.get("driver"):
        driver: dict[str, Any] = {"Name": str(definition["driver"])}
        if definition.get("driver_opts"):
            driver["Options"] = {str(k): str(v) for k, v in definition["driver_opts"].items()}
        body["Driver"] = driver
    return body, digest
