#!/usr/bin/env bash
# Release steps of site-portal (canary) against the Pulumi project in deploy/.
# The CI pipelines call one sub-command per step so a failure names the step; people can run the
# same commands by hand (see docs/pipelines.md). Stack = environment name.
#
# Environment: STACK (dev, ...), IMAGE_REPOSITORY, IMAGE_TAG (the commit SHA), KUBECONFIG.
# Pulumi config it sets (read by deploy/): image.repository, image.tag, canary.tag, canary.weight.
# Stack outputs it reads: namespace, url. Stack tags it keeps: image-tag, previous-image-tag.
set -euo pipefail

APP=site-portal
cd "$(dirname "$0")/../deploy"
: "${STACK:?set STACK to the environment name}"

cfg() { pulumi config set --stack "$STACK" --path "$1" "$2"; }
cfg_get() { pulumi config get --stack "$STACK" --path "$1" 2>/dev/null || true; }
up() { pulumi up --stack "$STACK" --yes --skip-preview --diff; }
output() { pulumi stack output --stack "$STACK" "$1"; }
image() {
  : "${IMAGE_REPOSITORY:?set IMAGE_REPOSITORY}" "${IMAGE_TAG:?set IMAGE_TAG}"
  cfg image.repository "$IMAGE_REPOSITORY"
}

# Wait for a Deployment to be fully rolled out (its readiness probe hits /readyz), then, for
# traffic-carrying targets, ask the public URL for /healthz.
check() {
  local target=${1:-live} ns deployment
  ns=$(output namespace)
  if [ "$target" = canary ]; then deployment="$APP-canary"; else deployment="$APP"; fi
  kubectl --namespace "$ns" rollout status "deployment/$deployment" --timeout=300s
  if [ "$target" != idle ]; then
    curl --fail --silent --show-error --retry 10 --retry-delay 6 --retry-all-errors \
      "$(output url)/healthz"
  fi
}

case "${1:-}" in
  preview)
    image
    cfg image.tag "$IMAGE_TAG"
    pulumi preview --stack "$STACK" --diff
    ;;
  canary)  # canary <weight>: the new tag takes <weight>% of the traffic
    image
    cfg canary.tag "$IMAGE_TAG"
    cfg canary.weight "${2:?canary needs a weight}"
    up
    ;;
  promote)
    image
    cfg image.tag "$IMAGE_TAG"
    cfg canary.weight 0
    up
    ;;
  check)
    check "${2:-live}"
    ;;
  record)  # remember the tag that passed its checks, and the one before it, for rollback
    previous=$(pulumi stack tag get --stack "$STACK" image-tag 2>/dev/null || true)
    if [ -n "$previous" ] && [ "$previous" != "$IMAGE_TAG" ]; then
      pulumi stack tag set --stack "$STACK" previous-image-tag "$previous"
    fi
    pulumi stack tag set --stack "$STACK" image-tag "$IMAGE_TAG"
    ;;
  rollback)  # rollback [tag]: redeploy the given tag, else the previous good one
    tag=${2:-$(pulumi stack tag get --stack "$STACK" previous-image-tag)}
    echo "rolling $APP in $STACK back to $tag"
    cfg canary.weight 0
    cfg image.tag "$tag"
    up
    check live
    pulumi stack tag set --stack "$STACK" image-tag "$tag"
    ;;
  *)
    echo "usage: STACK=<env> IMAGE_TAG=<sha> $0 preview|canary <weight>|promote|check [live|idle|canary]|record|rollback [tag]" >&2
    exit 2
    ;;
esac
