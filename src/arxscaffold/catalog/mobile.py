"""Mobile application decisions: the `mobile` section of the decisions file."""

from __future__ import annotations

from arxscaffold.catalog.model import Area, Option, choice, flag

AREA = Area(
    "mobile",
    "Mobile application architecture",
    3,
    "Technicians work on site with AR overlays, poor connectivity and push notifications for alarms; "
    "the roadmap weighs a cross-platform strategy against native apps.",
    (
        "Native performance, memory and battery",
        "AR capability",
        "Offline work on site",
        "One codebase vs platform fidelity",
    ),
    (
        choice(
            "mobile.platform",
            "Platform",
            "react-native",
            (
                Option(
                    "react-native",
                    "React Native (bare, TypeScript)",
                    ("Shares TypeScript and API client with the web app", "Large ecosystem"),
                    ("Bridge overhead for heavy AR work",),
                ),
                Option(
                    "flutter",
                    "Flutter (Dart)",
                    ("Consistent UI, fast rendering",),
                    ("Dart is a new language for the team",),
                ),
                Option(
                    "native",
                    "Native (Kotlin + Swift)",
                    ("Best AR (ARKit/ARCore) and performance",),
                    ("Two codebases",),
                ),
            ),
        ),
        flag(
            "mobile.ar",
            "Augmented reality",
            False,
            "AR capability module with a non-AR fallback.",
        ),
        flag(
            "mobile.offline_sync",
            "Offline sync",
            True,
            "Persisted outbox replayed on reconnect.",
        ),
        flag("mobile.push", "Push notifications", True, "FCM/APNs registration and routing."),
    ),
    kinds=("mobile",),
    confirmation="mobile smoke: type check and unit tests of the shell",
)
