"""What every stack of this component declares: the inputs `pulumi up` would apply."""

from __future__ import annotations

import json
from collections.abc import Callable
from typing import Any

import pulumi
import pytest

from cloud import GOOGLE_LB_RANGES, NGINX_NAMESPACE, PROFILES
from kubemock import Declared, install, manifests, objects, one, run_stack, stack_config
from settings import WorkloadArgs
from workload import MONITORING_NAMESPACE, Workload, volume_name

Run = Callable[..., list[Declared]]
# Overrides that make any component public (the web app is; services are not).
PUBLIC: dict[str, Any] = {"public": True, "host": "app.test.example.com"}


def config(env: str) -> dict[str, Any]:
    return stack_config(env)


def class_of(ingress: dict[str, Any]) -> str:
    """The ingress class, from the field or (GKE) the annotation; never both."""
    spec_class = ingress["spec"].get("ingressClassName")
    annotated = ingress["metadata"].get("annotations", {}).get("kubernetes.io/ingress.class")
    assert bool(spec_class) != bool(annotated), "the API refuses both; one is required"
    return str(spec_class or annotated)


def pods(declared: list[Declared]) -> list[dict[str, Any]]:
    deployments = objects(declared, "Deployment")
    assert deployments, "no Deployment declared"
    return [d["spec"]["template"]["spec"] for d in deployments]


def test_namespace_enforces_restricted_pod_security(stack: list[Declared], env: str) -> None:
    app = config(env)["app"]
    labels = one(stack, "Namespace", f"{app}-{env}")["metadata"]["labels"]
    for mode in ("enforce", "audit", "warn"):
        assert labels[f"pod-security.kubernetes.io/{mode}"] == "restricted"


def test_every_namespaced_object_lives_in_the_stack_namespace(
    stack: list[Declared], env: str
) -> None:
    namespace = f"{config(env)['app']}-{env}"
    for item in stack:
        if item.kind and item.kind != "Namespace":
            assert item.inputs["metadata"]["namespace"] == namespace, item.name


def test_service_account_token_is_not_mounted(stack: list[Declared], env: str) -> None:
    app = config(env)["app"]
    assert one(stack, "ServiceAccount", app)["automountServiceAccountToken"] is False
    for pod in pods(stack):
        assert pod["serviceAccountName"] == app
        assert pod["automountServiceAccountToken"] is False


def test_containers_are_hardened(stack: list[Declared]) -> None:
    for pod in pods(stack):
        assert pod["securityContext"]["runAsNonRoot"] is True
        assert pod["securityContext"]["seccompProfile"] == {"type": "RuntimeDefault"}
        for container in pod["containers"]:
            sc = container["securityContext"]
            assert sc["runAsNonRoot"] is True
            assert sc["runAsUser"] >= 10000
            assert sc["readOnlyRootFilesystem"] is True
            assert sc["allowPrivilegeEscalation"] is False
            assert sc["privileged"] is False
            assert sc["capabilities"] == {"drop": ["ALL"]}
            assert sc["seccompProfile"] == {"type": "RuntimeDefault"}


def test_only_the_declared_paths_are_writable_and_secrets_are_referenced(
    stack: list[Declared], env: str
) -> None:
    assert not objects(stack, "Secret"), "secret values must never be declared in code"
    writable = {path: volume_name(path) for path in config(env)["writablePaths"]}
    assert "/tmp" in writable
    for pod in pods(stack):
        volumes = {v["name"]: v for v in pod["volumes"]}
        empty = {n: v["emptyDir"] for n, v in volumes.items() if "emptyDir" in v}
        assert sorted(empty) == sorted(writable.values())
        assert all(e["medium"] == "Memory" and e["sizeLimit"] for e in empty.values())
        assert volumes["secrets"]["secret"]["optional"] is True
        for container in pod["containers"]:
            mounts = {m["mountPath"]: m for m in container["volumeMounts"]}
            state = {config(env)["statePath"]: "state"} if config(env).get("statePath") else {}
            assert {p: m["name"] for p, m in mounts.items() if not m.get("readOnly")} == {
                **writable,
                **state,
            }
            assert mounts["/run/secrets/app"]["readOnly"] is True
            assert "env" not in container, "settings come from the ConfigMap only"


def test_resources_and_probes(stack: list[Declared], env: str) -> None:
    res = config(env)["resources"]
    port = int(config(env)["port"])
    for pod in pods(stack):
        container = pod["containers"][0]
        assert container["resources"] == {
            "requests": {"cpu": res["cpuRequest"], "memory": res["memoryRequest"]},
            "limits": {"cpu": res["cpuLimit"], "memory": res["memoryLimit"]},
        }
        assert container["ports"] == [{"containerPort": port, "name": "http", "protocol": "TCP"}]
        assert container["livenessProbe"]["httpGet"] == {"path": "/healthz", "port": "http"}
        assert container["startupProbe"]["httpGet"] == {"path": "/healthz", "port": "http"}
        assert container["readinessProbe"]["httpGet"] == {"path": "/readyz", "port": "http"}


def test_pods_spread_across_zones(stack: list[Declared]) -> None:
    for pod in pods(stack):
        keys = {c["topologyKey"] for c in pod["topologySpreadConstraints"]}
        assert "topology.kubernetes.io/zone" in keys


def test_image_comes_from_config(stack: list[Declared], env: str) -> None:
    image = config(env)["image"]
    stable = [
        d
        for d in objects(stack, "Deployment")
        if d["metadata"]["name"] in (config(env)["app"], f"{config(env)['app']}-blue")
    ]
    assert stable
    for deployment in stable:
        container = deployment["spec"]["template"]["spec"]["containers"][0]
        assert container["image"] == f"{image['repository']}:{image['tag']}"
        assert container["imagePullPolicy"] == "Always"


def test_pods_pull_with_the_namespaces_registry_secret(stack: list[Declared], env: str) -> None:
    secret = config(env)["imagePullSecret"]
    assert secret, "a private registry needs the pull secret named in Pulumi.yaml"
    for pod in pods(stack):
        assert pod["imagePullSecrets"] == [{"name": secret}]


def test_an_empty_pull_secret_leaves_pulls_anonymous(run: Run, env: str) -> None:
    for pod in pods(run(env, imagePullSecret="")):
        assert "imagePullSecrets" not in pod


def test_rollouts_never_drop_below_desired_replicas(run: Run, env: str) -> None:
    for deployment in objects(run(env, statePath=""), "Deployment"):
        rolling = deployment["spec"]["strategy"]["rollingUpdate"]
        assert rolling["maxUnavailable"] == 0


def test_pods_keep_serving_until_the_load_balancer_lets_go(stack: list[Declared]) -> None:
    for pod in pods(stack):
        wait = pod["containers"][0]["lifecycle"]["preStop"]["sleep"]["seconds"]
        assert wait >= 5, "endpoints and IP-target load balancers need seconds to stop sending"
        # The kubelet kills the pod at the grace period: the wait plus the app's own drain must fit.
        assert pod["terminationGracePeriodSeconds"] >= wait + 10


@pytest.mark.parametrize("strategy", ["rolling", "blue-green", "canary"])
def test_a_component_with_state_runs_one_writer_on_its_own_volume(
    run: Run, env: str, strategy: str
) -> None:
    app = config(env)["app"]
    declared = run(env, statePath="/var/lib/state", stateSize="2Gi", strategy=strategy)
    (deployment,) = objects(declared, "Deployment")
    spec = deployment["spec"]
    assert deployment["metadata"]["name"] == app, "released in place, whatever the strategy"
    assert spec["replicas"] == 1
    assert spec["strategy"] == {"type": "Recreate"}, "the old writer stops before the new one"
    assert not objects(declared, "HorizontalPodAutoscaler")
    claim = one(declared, "PersistentVolumeClaim", f"{app}-state")
    assert claim["spec"]["accessModes"] == ["ReadWriteOnce"]
    assert claim["spec"]["resources"]["requests"]["storage"] == "2Gi"
    pod = spec["template"]["spec"]
    volumes = {v["name"]: v for v in pod["volumes"]}
    assert volumes["state"]["persistentVolumeClaim"] == {"claimName": f"{app}-state"}
    mounts = {m["mountPath"]: m for m in pod["containers"][0]["volumeMounts"]}
    assert mounts["/var/lib/state"]["name"] == "state"
    assert not mounts["/var/lib/state"].get("readOnly")


def test_autoscaler_follows_the_decisions(run: Run, env: str) -> None:
    scaling = config(env)["autoscaling"]
    stack = run(env, statePath="")
    hpas = objects(stack, "HorizontalPodAutoscaler")
    assert hpas
    for hpa in hpas:
        assert hpa["apiVersion"] == "autoscaling/v2"
        assert hpa["spec"]["minReplicas"] == scaling["minReplicas"]
        assert hpa["spec"]["maxReplicas"] == scaling["maxReplicas"]
        target = hpa["spec"]["metrics"][0]["resource"]["target"]
        assert target == {"type": "Utilization", "averageUtilization": scaling["cpuTargetPercent"]}
        deployment = one(stack, "Deployment", hpa["spec"]["scaleTargetRef"]["name"])
        assert "replicas" not in deployment["spec"], "the autoscaler owns the replica count"


def test_every_deployment_has_a_disruption_budget(stack: list[Declared]) -> None:
    budgets = {
        json.dumps(p["spec"]["selector"], sort_keys=True)
        for p in objects(stack, "PodDisruptionBudget")
    }
    for deployment in objects(stack, "Deployment"):
        assert json.dumps(deployment["spec"]["selector"], sort_keys=True) in budgets


def test_ingress_is_tls_and_follows_the_cloud(run: Run, env: str) -> None:
    cfg = {**config(env), **PUBLIC}
    wanted = PROFILES[cfg["cloud"]]
    ingress = one(run(env, **PUBLIC), "Ingress", cfg["app"])
    assert class_of(ingress) == wanted.class_name
    assert ingress["spec"]["tls"] == [{"hosts": [cfg["host"]], "secretName": f"{cfg['app']}-tls"}]
    for key, value in wanted.annotations.items():
        assert ingress["metadata"]["annotations"][key] == value


@pytest.mark.parametrize("cloud", sorted(PROFILES))
def test_each_cloud_gets_its_ingress_class_and_traffic_source(
    run: Run, env: str, cloud: str
) -> None:
    declared = run(env, cloud=cloud, ingressSourceCidrs=[], **PUBLIC)
    app = config(env)["app"]
    assert class_of(one(declared, "Ingress", app)) == PROFILES[cloud].class_name
    sources = one(declared, "NetworkPolicy", f"{app}-allow")["spec"]["ingress"][0]["from"]
    names = [
        s["namespaceSelector"]["matchLabels"]["kubernetes.io/metadata.name"]
        for s in sources
        if "namespaceSelector" in s
    ]
    cidrs = [s["ipBlock"]["cidr"] for s in sources if "ipBlock" in s]
    if cloud in ("azure", "hybrid"):
        assert NGINX_NAMESPACE in names and not cidrs
    elif cloud == "gcp":
        assert tuple(cidrs) == GOOGLE_LB_RANGES
    else:
        assert cidrs == ["10.0.0.0/16"]


def test_network_is_denied_unless_allowed(stack: list[Declared], env: str) -> None:
    cfg = config(env)
    deny = one(stack, "NetworkPolicy", "default-deny")["spec"]
    assert deny == {"podSelector": {}, "policyTypes": ["Ingress", "Egress"]}
    allow = one(stack, "NetworkPolicy", f"{cfg['app']}-allow")["spec"]
    for rule in allow["ingress"]:
        assert rule["ports"] == [{"port": int(cfg["port"]), "protocol": "TCP"}]
        assert rule["from"], "an empty `from` would admit every source"
    dns = allow["egress"][0]
    assert dns["ports"] == [{"port": 53, "protocol": "UDP"}, {"port": 53, "protocol": "TCP"}]
    extra = 1 + bool(cfg.get("callees")) + bool(cfg.get("egress"))
    assert len(allow["egress"]) == extra, "egress goes to DNS, callees and the declared ports only"


def test_egress_reaches_the_declared_ports_and_no_other(run: Run, env: str) -> None:
    app = config(env)["app"]
    ports = [{"name": "mqtt", "port": 1883}, {"name": "db", "port": 5432}]
    declared = run(env, callees=[], egress=ports)
    rules = one(declared, "NetworkPolicy", f"{app}-allow")["spec"]["egress"]
    allowed = [{"port": 5432, "protocol": "TCP"}, {"port": 1883, "protocol": "TCP"}]
    assert rules[1] == {"ports": allowed}
    assert len(rules) == 2
    closed = one(run(env, callees=[], egress=[]), "NetworkPolicy", f"{app}-allow")["spec"]["egress"]
    assert len(closed) == 1, "without declared ports only DNS is reachable"


@pytest.mark.parametrize("metrics", [True, False])
def test_prometheus_may_scrape_only_a_component_with_metrics(
    run: Run, env: str, metrics: bool
) -> None:
    app = config(env)["app"]
    declared = run(env, monitoring="prometheus", metrics=metrics)
    rules = one(declared, "NetworkPolicy", f"{app}-allow")["spec"]["ingress"]
    sources = [source for rule in rules for source in rule["from"]]
    names = [
        s["namespaceSelector"]["matchLabels"]["kubernetes.io/metadata.name"]
        for s in sources
        if "namespaceSelector" in s
    ]
    assert (MONITORING_NAMESPACE in names) is metrics
    quiet = one(run(env, monitoring="none", metrics=metrics), "NetworkPolicy", f"{app}-allow")
    assert MONITORING_NAMESPACE not in json.dumps(quiet["spec"])


def _peer(name: str, env: str) -> dict[str, Any]:
    return {
        "namespaceSelector": {"matchLabels": {"kubernetes.io/metadata.name": f"{name}-{env}"}},
        "podSelector": {"matchLabels": {"app.kubernetes.io/name": name}},
    }


def test_each_topology_edge_is_allowed_one_way_only(run: Run, env: str) -> None:
    app = config(env)["app"]
    declared = run(env, callers=["billing"], callees=["ledger"], egress=[])
    allow = one(declared, "NetworkPolicy", f"{app}-allow")["spec"]
    assert any(rule["from"] == [_peer("billing", env)] for rule in allow["ingress"])
    assert allow["egress"][1:] == [{"to": [_peer("ledger", env)]}]
    sources = json.dumps(allow["ingress"])
    assert "ledger" not in sources, "a callee may not call back in"
    assert "billing" not in json.dumps(allow["egress"]), "a caller is not called"


def test_settings_go_to_a_config_map(stack: list[Declared], env: str) -> None:
    cfg = config(env)
    data = one(stack, "ConfigMap", f"{cfg['app']}-settings")["data"]
    assert data[f"{cfg['envPrefix']}PORT"] == str(cfg["port"])
    for key, value in cfg["settings"].items():
        assert data[f"{cfg['envPrefix']}{key}"] == str(value)


def test_blue_green_service_follows_the_active_slot(run: Run, env: str) -> None:
    app = config(env)["app"]
    for active, idle in (("blue", "green"), ("green", "blue")):
        declared = run(
            env,
            strategy="blue-green",
            statePath="",
            blueGreen={"active": active, "tags": {"blue": "1.0.0", "green": "1.1.0"}},
        )
        assert {d["metadata"]["name"] for d in objects(declared, "Deployment")} == {
            f"{app}-blue",
            f"{app}-green",
        }
        live = one(declared, "Service", app)["spec"]["selector"]
        preview = one(declared, "Service", f"{app}-preview")["spec"]["selector"]
        assert live["app.kubernetes.io/track"] == active
        assert preview["app.kubernetes.io/track"] == idle


@pytest.mark.parametrize("cloud", sorted(PROFILES))
def test_canary_gets_its_weight(run: Run, env: str, cloud: str) -> None:
    app = config(env)["app"]
    declared = run(
        env,
        strategy="canary",
        cloud=cloud,
        statePath="",
        canary={"tag": "2.0.0", "weight": 20},
        **PUBLIC,
    )
    canary = one(declared, "Deployment", f"{app}-canary")
    assert canary["spec"]["replicas"] == 1
    assert canary["spec"]["template"]["spec"]["containers"][0]["image"].endswith(":2.0.0")
    weighting = PROFILES[cloud].weighting
    if weighting == "nginx":
        annotations = one(declared, "Ingress", f"{app}-canary")["metadata"]["annotations"]
        assert annotations["nginx.ingress.kubernetes.io/canary"] == "true"
        assert annotations["nginx.ingress.kubernetes.io/canary-weight"] == "20"
    elif weighting == "alb":
        annotations = one(declared, "Ingress", app)["metadata"]["annotations"]
        groups = json.loads(annotations["alb.ingress.kubernetes.io/actions.weighted"])
        weights = {g["serviceName"]: g["weight"] for g in groups["forwardConfig"]["targetGroups"]}
        assert weights == {app: 80, f"{app}-canary": 20}
    else:
        # No weighting in the controller: one Service over both tracks, replicas set the share.
        assert "app.kubernetes.io/track" not in one(declared, "Service", app)["spec"]["selector"]


def test_exported_manifests_are_plain_and_reproducible(env: str) -> None:
    first = manifests(run_stack(env))
    assert first == manifests(run_stack(env))
    port = int(config(env)["port"])
    deployment = next(text for name, text in first.items() if ".deployment-" in name)
    assert f"containerPort: {port}\n" in deployment, "integers must not turn into floats"


def test_stack_outputs_tell_where_it_runs(env: str) -> None:
    install(env)
    args = WorkloadArgs.from_config(pulumi.Config(), env)

    @pulumi.runtime.test
    def outputs() -> pulumi.Output[None]:
        workload = Workload("outputs", args)

        def check(values: list[str]) -> None:
            namespace, url, image = values
            assert namespace == f"{args.app}-{env}"
            if args.public:
                assert url == f"https://{args.host}/"
            else:
                assert url == f"http://{args.app}.{namespace}.svc.cluster.local/"
            assert image == args.image

        return pulumi.Output.all(workload.namespace, workload.url, workload.image).apply(check)

    outputs()


@pytest.mark.parametrize("strategy", ["rolling", "blue-green", "canary"])
def test_release_state_is_exported_whole_for_the_release_script(env: str, strategy: str) -> None:
    # ci/release.sh reads every value back from the stack outputs before each step.
    install(
        env,
        {
            "strategy": strategy,
            "image": {"repository": "registry.test/team/app", "tag": "b2"},
            "blueGreen": {
                "active": "green",
                "tags": {"blue": "b1", "green": "b2"},
                "warmIdle": True,
            },
            "canary": {"tag": "b3", "weight": 50},
        },
    )
    state = WorkloadArgs.from_config(pulumi.Config(), env).release_state()
    expected = {"imageRepository": "registry.test/team/app", "imageTag": "b2"}
    if strategy == "blue-green":
        expected |= {"activeColour": "green", "blueTag": "b1", "greenTag": "b2", "warmIdle": "true"}
    elif strategy == "canary":
        expected |= {"canaryTag": "b3", "canaryWeight": "50"}
    assert state == expected


@pytest.mark.parametrize("weight", [10, 50])
def test_an_unweighted_canary_splits_by_pod_count_without_an_autoscaler(
    run: Run, env: str, weight: int
) -> None:
    # GKE's Ingress cannot weight: one Service balances per pod, so the pod counts are the share.
    app = config(env)["app"]
    declared = run(
        env,
        cloud="gcp",
        strategy="canary",
        statePath="",
        canary={"tag": "2.0.0", "weight": weight},
        **PUBLIC,
    )
    scaling = config(env)["autoscaling"]
    ceiling = max(scaling["maxReplicas"], scaling["minReplicas"])
    stable = one(declared, "Deployment", app)["spec"]["replicas"]
    canary = one(declared, "Deployment", f"{app}-canary")["spec"]["replicas"]
    assert scaling["minReplicas"] <= stable <= ceiling
    if abs(100 * canary / (stable + canary) - weight) > 5:
        # A small share needs more stable pods than maxReplicas allows: one canary pod beside the
        # most stable pods allowed is the nearest share, never a larger canary.
        assert (stable, canary) == (ceiling, 1), (stable, canary, ceiling)
    assert not objects(declared, "HorizontalPodAutoscaler"), "an autoscaler would change the share"
    assert "app.kubernetes.io/track" not in one(declared, "Service", app)["spec"]["selector"]


@pytest.mark.parametrize("cloud", sorted(PROFILES))
def test_a_promoted_canary_leaves_no_canary_objects(run: Run, env: str, cloud: str) -> None:
    app = config(env)["app"]
    declared = run(
        env,
        cloud=cloud,
        strategy="canary",
        statePath="",
        canary={"tag": "2.0.0", "weight": 0},
        **PUBLIC,
    )
    names = {d.inputs.get("metadata", {}).get("name", "") for d in declared}
    assert not [n for n in names if "canary" in n], names
    assert one(declared, "HorizontalPodAutoscaler", app)


def test_blue_green_idle_colour_keeps_one_pod_until_warmed_for_the_switch(
    run: Run, env: str
) -> None:
    app = config(env)["app"]
    tags = {"blue": "1.0.0", "green": "1.1.0"}
    for warm, idle_replicas in ((False, 1), (True, config(env)["autoscaling"]["minReplicas"])):
        declared = run(
            env,
            strategy="blue-green",
            statePath="",
            blueGreen={"active": "blue", "tags": tags, "warmIdle": warm},
        )
        assert one(declared, "Deployment", f"{app}-green")["spec"]["replicas"] == idle_replicas
        assert "replicas" not in one(declared, "Deployment", f"{app}-blue")["spec"], (
            "the live colour autoscales"
        )
        autoscaled = {h["metadata"]["name"] for h in objects(declared, "HorizontalPodAutoscaler")}
        assert autoscaled == ({f"{app}-blue", f"{app}-green"} if warm else {f"{app}-blue"})
