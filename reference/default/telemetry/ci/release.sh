#!/usr/bin/env bash
# Release steps of telemetry (rolling) against the Pulumi project in deploy/.
# The CI pipelines call one sub-command per step so a failure names the step; people can run the
# same commands by hand (see docs/pipelines.md). Stack = environment name.
#
# Environment: STACK (dev, ...), IMAGE_REPOSITORY, IMAGE_TAG (the commit SHA), KUBECONFIG (or the
# cloud CLI's login). Optional: HEALTH_RETRIES, HEALTH_RETRY_DELAY (seconds), FORWARD_PORT.
#
# Release state (see docs/pipelines.md, "Release state"): every step reads it from the stack's
# outputs, the values the last successful `pulumi up` applied, kept by the Pulumi backend. The
# checkout's Pulumi.<env>.yaml is thrown away with the CI job, so its committed values only seed a
# stack's first release. Every step sets every value again before `pulumi up`:
# image.repository, image.tag.
# Stack outputs it reads: namespace, url, imageRepository, imageTag.
# Stack tags it keeps for rollback: image-tag, previous-image-tag.
set -euo pipefail

APP="telemetry"
cd "$(dirname "$0")/../deploy"
: "${STACK:?set STACK to the environment name}"
HEALTH_RETRIES=${HEALTH_RETRIES:-10}
HEALTH_RETRY_DELAY=${HEALTH_RETRY_DELAY:-6}
# Local port of the port-forward that tests a Deployment the public URL does not reach.
FORWARD_PORT=${FORWARD_PORT:-18080}

cfg() { pulumi config set --stack "$STACK" --path "$1" "$2"; }
cfg_get() { pulumi config get --stack "$STACK" --path "$1" 2>/dev/null || true; }
output() { pulumi stack output --stack "$STACK" "$1" 2>/dev/null || true; }
up() { pulumi up --stack "$STACK" --yes --skip-preview --diff; }
need() { if [ -z "${!1:-}" ]; then echo "set $1" >&2; exit 2; fi; }

# One state value: the stack output, else (first release) the committed config value.
state() {
  local value
  value=$(output "$1")
  if [ -z "$value" ]; then value=$(cfg_get "$2"); fi
  printf '%s' "$value"
}

load() {
  # Reading all outputs fails loudly when the backend cannot be read; a missing one below means
  # the stack has not been released yet.
  pulumi stack output --stack "$STACK" --json >/dev/null
  repository=$(state imageRepository image.repository)
  tag=$(state imageTag image.tag)
}

# Writes the whole state into this checkout's stack config, so `pulumi up` applies all of it.
apply() {
  cfg image.repository "$repository"
  cfg image.tag "$tag"
}

# The new build (IMAGE_REPOSITORY:IMAGE_TAG) is what the step releases.
new_build() {
  need IMAGE_REPOSITORY
  need IMAGE_TAG
  repository=$IMAGE_REPOSITORY
}

# The one Deployment runs the tag; the state says so on every track.
in_place() {
  tag=$1
}

probe() {
  curl --fail --silent --show-error --retry "$HEALTH_RETRIES" --retry-delay "$HEALTH_RETRY_DELAY" \
    --retry-all-errors "$1"
}

# GET /healthz of one of a Deployment's pods through a port-forward: this component has no public URL (its url output is the in-cluster Service).
probe_pod() {
  local pid status=0 log
  log=$(mktemp)
  kubectl --namespace "$1" port-forward "deployment/$2" "$FORWARD_PORT:http" >"$log" &
  pid=$!
  for _ in $(seq 60); do  # up to 30 s for kubectl to say it listens
    if grep -q '^Forwarding from' "$log" || ! kill -0 "$pid" 2>/dev/null; then break; fi
    sleep 0.5
  done
  probe "http://127.0.0.1:$FORWARD_PORT/healthz" || status=$?
  kill "$pid" 2>/dev/null || true
  wait "$pid" 2>/dev/null || true
  rm -f "$log"
  return "$status"
}

# Wait for a Deployment to be fully rolled out (its readiness probe hits /readyz), then ask it for
# /healthz: the public URL for the live track, a port-forward for a track without public traffic.
check() {
  local target=${1:-live} ns deployment
  load
  ns=$(output namespace)
  deployment="$APP"
  if [ "$target" != live ]; then echo "check: $target is not a target of a rolling release" >&2; exit 2; fi
  kubectl --namespace "$ns" rollout status "deployment/$deployment" --timeout=300s
  # Internal (no Ingress): the runner reaches the pod through the API server, never the cluster's DNS.
  probe_pod "$ns" "$deployment"
}

case "${1:-}" in
  preview)  # what the first release step would change
    load
    new_build
    in_place "$IMAGE_TAG"
    apply
    pulumi preview --stack "$STACK" --diff
    ;;
  up)
    load
    new_build
    tag=$IMAGE_TAG
    apply
    up
    ;;
  check)
    check "${2:-live}"
    ;;
  record)  # remember the tag that passed its checks, and the one before it, for rollback
    need IMAGE_TAG
    previous=$(pulumi stack tag get --stack "$STACK" image-tag 2>/dev/null || true)
    if [ -n "$previous" ] && [ "$previous" != "$IMAGE_TAG" ]; then
      pulumi stack tag set --stack "$STACK" previous-image-tag "$previous"
    fi
    pulumi stack tag set --stack "$STACK" image-tag "$IMAGE_TAG"
    ;;
  rollback)  # rollback [tag]: redeploy the given tag, else the previous good one
    target=${2:-}
    if [ -z "$target" ]; then
      target=$(pulumi stack tag get --stack "$STACK" previous-image-tag 2>/dev/null || true)
    fi
    if [ -z "$target" ]; then
      echo "no tag given and no previous-image-tag recorded on stack $STACK" >&2
      exit 1
    fi
    echo "rolling $APP in $STACK back to $target"
    load  # the image repository stays the deployed one
    in_place "$target"
    apply
    up
    check live
    pulumi stack tag set --stack "$STACK" image-tag "$target"
    ;;
  *)
    echo "usage: STACK=<env> IMAGE_TAG=<sha> $0 preview|up|check [live]|record|rollback [tag]" >&2
    exit 2
    ;;
esac
