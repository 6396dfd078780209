"""Engine labels. figlet uses Compose's own, so each tool sees the other's projects."""

from __future__ import annotations

PROJECT = "com.docker.compose.project"
SERVICE = "com.docker.compose.service"
CONTAINER_NUMBER = "com.docker.compose.container-number"
CONFIG_HASH = "com.docker.compose.config-hash"
ONEOFF = "com.docker.compose.oneoff"
WORKING_DIR = "com.docker.compose.project.working_dir"
CONFIG_FILES = "com.docker.compose.project.config_files"
DEPENDS_ON = "com.docker.compose.depends_on"
VERSION = "com.docker.compose.version"
IMAGE = "com.docker.compose.image"
NETWORK = "com.docker.compose.network"
VOLUME = "com.docker.compose.volume"
REPLACE = "com.docker.compose.replace"
# figlet's own: the hosts-file entries figlet wrote into a container, "name=address,..."
HOSTS = "io.figlet.container_spec.hosts"

# The value written into VERSION: the Compose version whose label format figlet follows.
COMPOSE_VERSION = "2.40.3"
# figlet's own: the hashed service config, compressed ("z1:" + base64(zlib(json))), so that a
# later plan can say which fields changed (see figlet.planner.config_hash)
CONFIG = "io.figlet.config"
