"""Smoke checks of the Pulumi deploy stacks (each component's deploy/, each system's platform/), rendered
to Kubernetes and validated."""
