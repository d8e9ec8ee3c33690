"""Pulumi entry point: this stack's configuration in, one Platform out. No logic lives here."""

import pulumi

from platform_stack import Platform, PlatformArgs

args = PlatformArgs.from_config(pulumi.Config(), pulumi.get_stack())
platform = Platform(args.system, args)

pulumi.export("namespaces", platform.namespaces)
pulumi.export("storageClass", platform.storage_class)
