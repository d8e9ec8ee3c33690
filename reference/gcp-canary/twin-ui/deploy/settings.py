"""This stack's configuration as one typed object: the only place that reads pulumi.Config."""

from __future__ import annotations

import math
from dataclasses import dataclass, field
from typing import Any, Literal

import pulumi

from cloud import namespace_for, profile

Strategy = Literal["rolling", "blue-green", "canary"]
Cloud = Literal["aws", "azure", "gcp", "hybrid"]
STRATEGIES: tuple[str, ...] = ("rolling", "blue-green", "canary")
CLOUDS: tuple[str, ...] = ("aws", "azure", "gcp", "hybrid")


@dataclass(frozen=True)
class Resources:
    cpu_request: str
    memory_request: str
    cpu_limit: str
    memory_limit: str


@dataclass(frozen=True)
class Track:
    """One Deployment of a release: its name suffix, image tag and how many pods it runs."""

    suffix: str
    tag: str
    minimum: int  # pods; the autoscaler's minimum when ``autoscaled``
    maximum: int
    autoscaled: bool
    # The Deployment also states ``minimum`` replicas: a colour warmed up for the switch has them
    # ready before traffic arrives, not once the autoscaler has reacted.
    pinned: bool = False


def canary_split(weight: int, min_replicas: int, max_replicas: int) -> tuple[int, int]:
    """(stable, canary) pods whose ratio is the canary's share behind one Service that balances
    per pod (no controller weights the traffic): 10% is 9 + 1 pods, 50% is 2 + 2 (with a minimum of
    2). Stable grows as far as ``max_replicas`` to reach a small share; beyond, the share is the
    nearest one that fits (a canary always has one pod)."""
    weight = min(max(weight, 1), 99)
    stable = min(
        max(min_replicas, math.ceil((100 - weight) / weight)), max(max_replicas, min_replicas)
    )
    canary = max(1, round(stable * weight / (100 - weight)))
    return stable, canary


@dataclass(frozen=True)
class WorkloadArgs:
    app: str
    system: str
    env: str
    namespace: str
    port: int
    cloud: Cloud
    strategy: Strategy
    image_repository: str
    image_tag: str
    host: str
    min_replicas: int
    max_replicas: int
    cpu_target_percent: int
    resources: Resources
    env_prefix: str
    settings: dict[str, str]
    secret_name: str
    # A Secret of type kubernetes.io/dockerconfigjson in the namespace that the pods pull with;
    # empty: none (a public registry, or nodes that pull with the cloud's own identity).
    image_pull_secret: str
    # Prometheus in the cluster scrapes this component: monitoring is on and it serves /metrics.
    monitoring: bool
    # The only writable paths, each a memory-backed emptyDir (e.g. /tmp; nginx also needs its
    # rendered config and cache folders).
    writable_paths: tuple[str, ...] = ("/tmp",)
    # A folder that outlives the pod (a PersistentVolumeClaim), e.g. a SQLite database. Its one
    # writer means one replica, no autoscaler, and releases that stop the old pod first.
    state_path: str = ""
    state_size: str = "1Gi"
    # The system's topology: the components this one calls (NetworkPolicy egress) and the ones
    # that call it (ingress). Each edge is allowed one way only.
    callees: tuple[str, ...] = ()
    callers: tuple[str, ...] = ()
    # Destination ports beyond DNS and callees: name -> TCP port (MQTT broker, database, Modbus).
    egress: dict[str, int] = field(default_factory=dict)
    ingress_source_cidrs: tuple[str, ...] = ()
    # Reached from the internet through an Ingress on ``host`` (the web app); an internal service
    # has none and is reached in the cluster only (the web app proxies /api/<service>/ to it).
    public: bool = True
    # blue-green: which slot the Service sends traffic to, and the image tag of each slot.
    active_slot: str = "blue"
    slot_tags: dict[str, str] = field(default_factory=dict)
    # canary: the canary's image tag and its share of traffic in percent.
    canary_tag: str = ""
    canary_weight: int = 0
    # blue-green: the idle colour runs at the live one's size (set by ci/release.sh for the switch);
    # otherwise it keeps one pod, enough to test it and to switch back to.
    warm_idle: bool = False

    @property
    def single_replica(self) -> bool:
        return bool(self.state_path)

    @property
    def image(self) -> str:
        return f"{self.image_repository}:{self.image_tag}"

    @property
    def canary_running(self) -> bool:
        """A canary takes traffic: after promotion (weight 0) its Deployment is removed."""
        return self.strategy == "canary" and self.canary_weight > 0 and not self.single_replica

    @property
    def canary_weighted(self) -> bool:
        """The ingress controller splits traffic by weight; else pod counts set the share."""
        return profile(self.cloud, self.ingress_source_cidrs, self.public).weighting is not None

    def tracks(self) -> dict[str, Track]:
        """track label -> the Deployment that runs it."""
        lo, hi = self.min_replicas, self.max_replicas
        if self.single_replica:
            # One writer on one volume: a second colour or a canary would need its own copy of the
            # data, so this component is released in place (Recreate) whatever the strategy.
            return {"stable": Track("", self.image_tag, 1, 1, False)}
        if self.strategy == "blue-green":
            colours: dict[str, Track] = {}
            for slot in ("blue", "green"):
                tag = self.slot_tags.get(slot, self.image_tag)
                if slot == self.active_slot or self.warm_idle:
                    colours[slot] = Track(
                        f"-{slot}", tag, lo, hi, True, pinned=slot != self.active_slot
                    )
                else:
                    colours[slot] = Track(f"-{slot}", tag, 1, 1, False)
            return colours
        if self.canary_running and self.canary_weighted:
            return {
                "stable": Track("", self.image_tag, lo, hi, True),
                "canary": Track("-canary", self.canary_tag, 1, 1, False),
            }
        if self.canary_running:
            # No autoscaler while the canary runs: it would change the ratio that is the share.
            stable, canary = canary_split(self.canary_weight, lo, hi)
            return {
                "stable": Track("", self.image_tag, stable, stable, False),
                "canary": Track("-canary", self.canary_tag, canary, canary, False),
            }
        return {"stable": Track("", self.image_tag, lo, hi, True)}

    def deployments(self) -> dict[str, str]:
        """Deployment name -> "<tag> <min>-<max>[ autoscaled]": what a release leaves running."""
        running: dict[str, str] = {}
        for t in self.tracks().values():
            scaling = " autoscaled" if t.autoscaled else ""
            running[f"{self.app}{t.suffix}"] = f"{t.tag} {t.minimum}-{t.maximum}{scaling}"
        return running

    def release_state(self) -> dict[str, str]:
        """The release state as stack outputs: ci/release.sh reads it back before every step.

        The outputs are what the last successful `pulumi up` applied, kept by the Pulumi backend;
        the Pulumi.<env>.yaml of a CI job's checkout is thrown away with the job.
        """
        state = {"imageRepository": self.image_repository, "imageTag": self.image_tag}
        if self.strategy == "blue-green":
            state["activeColour"] = self.active_slot
            state["warmIdle"] = "true" if self.warm_idle else "false"
            for slot in ("blue", "green"):
                state[f"{slot}Tag"] = self.slot_tags.get(slot, self.image_tag)
        elif self.strategy == "canary":
            state["canaryTag"] = self.canary_tag
            state["canaryWeight"] = str(self.canary_weight)
        return state

    @staticmethod
    def from_config(config: pulumi.Config, env: str) -> WorkloadArgs:
        app = config.require("app")
        image: dict[str, Any] = config.require_object("image")
        scaling: dict[str, Any] = config.require_object("autoscaling")
        res: dict[str, Any] = config.require_object("resources")
        strategy = config.require("strategy")
        cloud = config.require("cloud")
        if strategy not in STRATEGIES:
            raise ValueError(f"strategy {strategy!r} is not one of {', '.join(STRATEGIES)}")
        if cloud not in CLOUDS:
            raise ValueError(f"cloud {cloud!r} is not one of {', '.join(CLOUDS)}")
        blue_green: dict[str, Any] = config.get_object("blueGreen") or {}
        canary: dict[str, Any] = config.get_object("canary") or {}
        args = WorkloadArgs(
            app=app,
            system=config.require("system"),
            env=env,
            namespace=namespace_for(app, env),
            port=config.require_int("port"),
            cloud=cloud,  # type: ignore[arg-type]
            strategy=strategy,  # type: ignore[arg-type]
            image_repository=str(image["repository"]),
            image_tag=str(image["tag"]),
            host=config.get("host") or "",
            min_replicas=int(scaling["minReplicas"]),
            max_replicas=int(scaling["maxReplicas"]),
            cpu_target_percent=int(scaling["cpuTargetPercent"]),
            resources=Resources(
                str(res["cpuRequest"]),
                str(res["memoryRequest"]),
                str(res["cpuLimit"]),
                str(res["memoryLimit"]),
            ),
            env_prefix=config.require("envPrefix"),
            settings={str(k): str(v) for k, v in (config.get_object("settings") or {}).items()},
            secret_name=config.get("secretName") or f"{app}-secrets",
            image_pull_secret=config.get("imagePullSecret") or "",
            monitoring=config.get("monitoring") == "prometheus"
            and config.get_bool("metrics") is not False,
            writable_paths=tuple(config.get_object("writablePaths") or ("/tmp",)),
            state_path=config.get("statePath") or "",
            state_size=config.get("stateSize") or "1Gi",
            callees=tuple(config.get_object("callees") or ()),
            callers=tuple(config.get_object("callers") or ()),
            egress={str(e["name"]): int(e["port"]) for e in config.get_object("egress") or ()},
            ingress_source_cidrs=tuple(config.get_object("ingressSourceCidrs") or ()),
            public=config.get_bool("public") is not False,
            active_slot=str(blue_green.get("active", "blue")),
            slot_tags={str(k): str(v) for k, v in (blue_green.get("tags") or {}).items()},
            canary_tag=str(canary.get("tag", image["tag"])),
            canary_weight=int(canary.get("weight", 0)),
            warm_idle=str(blue_green.get("warmIdle", False)).lower() == "true",
        )
        if args.public and not args.host:
            raise ValueError("a public component needs a host (the name its Ingress serves)")
        if args.min_replicas > args.max_replicas:
            raise ValueError("autoscaling.minReplicas is above autoscaling.maxReplicas")
        if args.active_slot not in ("blue", "green"):
            raise ValueError(f"blueGreen.active must be blue or green, not {args.active_slot!r}")
        for path in (*args.writable_paths, *([args.state_path] if args.state_path else [])):
            if not path.startswith("/") or path == "/":
                raise ValueError(f"writablePaths and statePath are folders below /, not {path!r}")
        if not 0 <= args.canary_weight <= 100:
            raise ValueError("canary.weight is a percentage (0-100)")
        return args
