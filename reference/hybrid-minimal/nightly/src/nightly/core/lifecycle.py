"""Process lifecycle phases that drive the readiness probe."""

from enum import StrEnum


class Lifecycle(StrEnum):
    STARTING = "starting"
    READY = "ready"
    STOPPING = "stopping"
