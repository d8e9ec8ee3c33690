"""Pulumi entry point: this stack's configuration in, one Workload out. No logic lives here."""

import pulumi

from settings import WorkloadArgs
from workload import Workload

args = WorkloadArgs.from_config(pulumi.Config(), pulumi.get_stack())
workload = Workload(args.app, args)

pulumi.export("namespace", workload.namespace)
pulumi.export("url", workload.url)
pulumi.export("image", workload.image)
