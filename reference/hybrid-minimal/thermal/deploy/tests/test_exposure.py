"""What the internet reaches: only the web app's host (its /api/<service>/ routes are proxied in the
cluster), through the cloud's load balancer, with certificates that can actually issue."""

from __future__ import annotations

import json
from collections.abc import Callable
from typing import Any

import pytest

from cloud import ACME_SOLVER_LABEL, ACME_SOLVER_PORT, NGINX_NAMESPACE, PROFILES, cluster_issuer
from kubemock import Declared, objects, one, stack_config

Run = Callable[..., list[Declared]]
PUBLIC: dict[str, Any] = {"public": True, "host": "app.test.example.com"}


def sources(declared: list[Declared], app: str) -> list[dict[str, Any]]:
    rules = one(declared, "NetworkPolicy", f"{app}-allow")["spec"]["ingress"]
    return [source for rule in rules for source in rule["from"]]


@pytest.mark.parametrize("cloud", sorted(PROFILES))
def test_an_internal_component_has_no_ingress_and_admits_no_load_balancer(
    run: Run, env: str, cloud: str
) -> None:
    app = stack_config(env)["app"]
    declared = run(env, cloud=cloud, public=False, monitoring="none")
    assert not objects(declared, "Ingress"), "internal services are reached through the web app"
    admitted = sources(declared, app)
    assert not [s for s in admitted if "ipBlock" in s], "no load balancer address may call in"
    assert NGINX_NAMESPACE not in json.dumps(admitted)
    for rule in one(declared, "NetworkPolicy", f"{app}-allow")["spec"]["ingress"]:
        assert rule["from"], "an empty `from` admits every source"


def test_only_the_web_app_is_public_by_default(stack: list[Declared], env: str) -> None:
    cfg = stack_config(env)
    ingresses = objects(stack, "Ingress")
    if cfg["public"]:
        assert cfg["envPrefix"] == "", "only the web app is public"
        assert ingresses
    else:
        assert not ingresses and "host" not in cfg


@pytest.mark.parametrize("cloud", sorted(PROFILES))
def test_acme_solver_pods_are_let_through_the_default_deny(run: Run, env: str, cloud: str) -> None:
    declared = run(env, cloud=cloud, **PUBLIC)
    policies = [
        p
        for p in objects(declared, "NetworkPolicy")
        if p["spec"]["podSelector"].get("matchLabels") == {ACME_SOLVER_LABEL: "true"}
    ]
    if not PROFILES[cloud].acme:
        assert not policies, "ACM certificates need no solver"
        return
    (policy,) = policies
    (rule,) = policy["spec"]["ingress"]
    assert rule["ports"] == [{"port": ACME_SOLVER_PORT, "protocol": "TCP"}]
    if PROFILES[cloud].source_namespace:
        assert rule["from"] == [
            {"namespaceSelector": {"matchLabels": {"kubernetes.io/metadata.name": NGINX_NAMESPACE}}}
        ]
    annotations = one(declared, "Ingress", stack_config(env)["app"])["metadata"]["annotations"]
    assert annotations["cert-manager.io/cluster-issuer"] == cluster_issuer(env)


def test_gke_ingress_is_picked_up_and_keeps_http_open_for_acme(run: Run, env: str) -> None:
    ingress = one(run(env, cloud="gcp", **PUBLIC), "Ingress", stack_config(env)["app"])
    annotations = ingress["metadata"]["annotations"]
    # GKE ignores an Ingress that names its class only in spec.ingressClassName.
    assert annotations["kubernetes.io/ingress.class"] == "gce"
    assert "ingressClassName" not in ingress["spec"]
    # Let's Encrypt asks for the HTTP-01 token over plain HTTP.
    assert annotations.get("kubernetes.io/ingress.allow-http") != "false"
    assert annotations["acme.cert-manager.io/http01-edit-in-place"] == "true"


def test_aws_ingresses_of_one_environment_share_one_alb(run: Run, env: str) -> None:
    cfg = stack_config(env)
    declared = run(env, cloud="aws", strategy="canary", statePath="", **PUBLIC)
    for ingress in objects(declared, "Ingress"):
        group = ingress["metadata"]["annotations"]["alb.ingress.kubernetes.io/group.name"]
        assert group == f"{cfg['system']}-{env}"


@pytest.mark.parametrize("cloud", sorted(PROFILES))
def test_an_internal_canary_shares_one_service_as_no_controller_weights_it(
    run: Run, env: str, cloud: str
) -> None:
    app = stack_config(env)["app"]
    canary = {"tag": "2.0.0", "weight": 10}
    declared = run(env, cloud=cloud, public=False, strategy="canary", statePath="", canary=canary)
    (service,) = objects(declared, "Service")
    # The web app's proxy calls this one Service; replicas set the canary's share behind it.
    assert "app.kubernetes.io/track" not in service["spec"]["selector"]
    assert "annotations" not in service["metadata"] or not service["metadata"]["annotations"]
    assert one(declared, "Deployment", f"{app}-canary")["spec"]["replicas"] == 1
