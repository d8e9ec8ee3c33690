"""Pulumi entry point: this stack's configuration in, one Workload out. No logic lives here."""

import pulumi

from settings import WorkloadArgs
from workload import Workload

args = WorkloadArgs.from_config(pulumi.Config(), pulumi.get_stack())
workload = Workload(args.app, args)

pulumi.export("namespace", workload.namespace)
pulumi.export("url", workload.url)
pulumi.export("image", workload.image)
# The release state ci/release.sh reads back (image repository and tags, colour, canary weight).
for key, value in args.release_state().items():
    pulumi.export(key, value)
# What the release leaves running: Deployment -> image tag and pod count (canary and idle colour).
pulumi.export("deployments", args.deployments())
