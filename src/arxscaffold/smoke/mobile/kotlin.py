"""Compile and test the native Android app's pure-Kotlin core without Gradle or the Android SDK.

The compiler comes from npm (`kotlin-compiler`, JetBrains' own distribution) and runs on the machine's JDK.
The generated tests are ordinary JUnit 4 tests (`org.junit.Test` + `kotlin.test` assertions) that Gradle runs
in CI; here JUnit itself is not obtainable, so a two-file stand-in provides the `@Test` annotation and a
runner that calls every annotated method, reporting each and failing on the first broken assertion.
"""

from __future__ import annotations

import os
import shutil
import subprocess
import time
from dataclasses import dataclass
from pathlib import Path

from arxscaffold.smoke.harness.kotlin_compiler import KOTLIN_COMPILER, kotlin_home
from arxscaffold.smoke.harness.toolchain import version

CORE = Path("android") / "core"

JUNIT_STAND_IN = """\
package org.junit

/** Source-compatible stand-in for JUnit 4's annotation (retained at run time for the runner). */
@Retention(AnnotationRetention.RUNTIME)
@Target(AnnotationTarget.FUNCTION)
annotation class Test
"""

RUNNER = """\
package arxscaffold.smoke

import java.io.File
import java.lang.reflect.InvocationTargetException
import kotlin.system.exitProcess

/** Runs every @org.junit.Test method of every *Test class under a class folder; exit 1 when any fails. */
fun main(args: Array<String>) {
    val root = File(args[0])
    val loader = Thread.currentThread().contextClassLoader
    val classes = root.walkTopDown()
        .filter { it.isFile && it.name.endsWith("Test.class") }
        .map { it.relativeTo(root).path.removeSuffix(".class").replace(File.separatorChar, '.') }
        .sorted()
        .toList()
    var passed = 0
    var failed = 0
    for (name in classes) {
        val type = loader.loadClass(name)
        val tests = type.declaredMethods
            .filter { it.isAnnotationPresent(org.junit.Test::class.java) }
            .sortedBy { it.name }
        for (method in tests) {
            try {
                method.invoke(type.getDeclaredConstructor().newInstance())
                passed++
                println("PASS ${type.simpleName}.${method.name}")
            } catch (e: InvocationTargetException) {
                failed++
                println("FAIL ${type.simpleName}.${method.name}: ${e.targetException}")
            }
        }
    }
    println("$passed passed, $failed failed")
    exitProcess(if (failed == 0 && passed > 0) 0 else 1)
}
"""


@dataclass
class KotlinOutcome:
    compile_seconds: float
    test_seconds: float
    report: str

    def summary(self) -> str:
        last = self.report.strip().splitlines()[-1] if self.report.strip() else "no output"
        return f"kotlin core compile {self.compile_seconds:.1f}s, tests {self.test_seconds:.1f}s ({last})"


def java_missing() -> bool:
    return shutil.which("java") is None or shutil.which("npm") is None


def toolchain() -> str:
    return f"{KOTLIN_COMPILER}; {version('java', '-version')}"


def _kotlinc(home: Path, args: list[str], cwd: Path) -> subprocess.CompletedProcess[str]:
    command = [
        "java",
        "-Xmx1g",
        "-cp",
        str(home / "lib" / "kotlin-preloader.jar"),
        "org.jetbrains.kotlin.preloading.Preloader",
        "-cp",
        str(home / "lib" / "kotlin-compiler.jar"),
        "org.jetbrains.kotlin.cli.jvm.K2JVMCompiler",
        "-kotlin-home",
        str(home),
        *args,
    ]
    return subprocess.run(command, cwd=cwd, capture_output=True, text=True, timeout=900, check=False)


class KotlinFailure(Exception):
    pass


def check_core(project: Path, scratch: Path) -> KotlinOutcome:
    """Compile android/core (main, tests, the stand-in), run the tests; raise KotlinFailure on failure."""
    home = kotlin_home()
    core = project / CORE
    sources = sorted(str(p) for p in (core / "src").rglob("*.kt"))
    if not any("/test/" in s for s in sources):
        raise KotlinFailure(f"no tests under {CORE}/src/test")
    scratch.mkdir(parents=True, exist_ok=True)
    (scratch / "JUnitStandIn.kt").write_text(JUNIT_STAND_IN)
    (scratch / "Runner.kt").write_text(RUNNER)
    classes = scratch / "classes"
    kotlin_test = home / "lib" / "kotlin-test.jar"
    start = time.monotonic()
    compiled = _kotlinc(
        home,
        [
            "-no-reflect",
            "-jvm-target",
            "17",
            "-Werror",
            "-cp",
            str(kotlin_test),
            "-d",
            str(classes),
            str(scratch / "JUnitStandIn.kt"),
            str(scratch / "Runner.kt"),
            *sources,
        ],
        project,
    )
    compile_seconds = time.monotonic() - start
    if compiled.returncode != 0:
        output = (compiled.stdout + compiled.stderr)[-4000:]
        raise KotlinFailure(f"kotlinc failed (exit {compiled.returncode}):\n{output}")
    start = time.monotonic()
    classpath = os.pathsep.join([str(classes), str(home / "lib" / "kotlin-stdlib.jar"), str(kotlin_test)])
    ran = subprocess.run(
        ["java", "-cp", classpath, "arxscaffold.smoke.RunnerKt", str(classes)],
        capture_output=True,
        text=True,
        timeout=300,
        check=False,
    )
    test_seconds = time.monotonic() - start
    report = ran.stdout + ran.stderr
    if ran.returncode != 0:
        raise KotlinFailure(f"core tests failed (exit {ran.returncode}):\n{report[-4000:]}")
    return KotlinOutcome(compile_seconds, test_seconds, report)
