// Pure Kotlin/JVM: the outbox, notification routing and backoff, testable without the Android SDK.
plugins {
    alias(libs.plugins.kotlin.jvm)
}

group = "io.arxos"
version = "0.1.0"

kotlin {
    jvmToolchain(17)
}

dependencies {
    testImplementation(kotlin("test"))
    testImplementation(libs.junit)
}

tasks.test {
    useJUnit()
}
