"""The labels a stack's objects carry: `docker stack deploy`'s own (so that `docker stack ps`
and `docker service ls` see a figlet deployment, and figlet sees a stack's) and figlet's."""

from __future__ import annotations

NAMESPACE = "com.docker.stack.namespace"  # the stack (= project) an object belongs to
STACK_IMAGE = "com.docker.stack.image"  # the image as written in the file
SPEC_HASH = "io.figlet.swarm.spec-hash"  # figlet's own: sha256 of the service spec it sent
