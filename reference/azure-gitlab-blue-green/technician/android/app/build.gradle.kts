plugins {
    alias(libs.plugins.android.application)
    alias(libs.plugins.kotlin.android)
    alias(libs.plugins.kotlin.compose)
}

android {
    namespace = "io.arxos.fieldapp"
    compileSdk = 35

    defaultConfig {
        applicationId = "io.arxos.technician"
        minSdk = 26
        targetSdk = 35
        versionCode = 1
        versionName = "0.1.0"
        // The buildings come from the system's first IoT service: <API_BASE_URL>/<IOT_SERVICE>/v1/...
        buildConfigField("String", "IOT_SERVICE", "\"telemetry\"")
    }

    // The API: debug builds reach `make up` on the developer's machine through the emulator's alias
    // for it (cleartext, debug only); release builds reach production over HTTPS.
    buildTypes {
        debug {
            buildConfigField("String", "API_BASE_URL", "\"http://10.0.2.2:8080/api\"")
        }
        release {
            buildConfigField("String", "API_BASE_URL", "\"https://console.prod.campus.example.com/api\"")
            isMinifyEnabled = true
            proguardFiles(getDefaultProguardFile("proguard-android-optimize.txt"))
        }
    }
    buildFeatures {
        compose = true
        buildConfig = true
    }
    compileOptions {
        sourceCompatibility = JavaVersion.VERSION_17
        targetCompatibility = JavaVersion.VERSION_17
    }
    lint {
        warningsAsErrors = false
        abortOnError = true
    }
}

kotlin {
    jvmToolchain(17)
}

dependencies {
    implementation("io.arxos:fieldcore:0.1.0") // the included build in ../core
    implementation(platform(libs.compose.bom))
    implementation(libs.compose.material3)
    implementation(libs.compose.material.icons)
    implementation(libs.compose.ui.tooling.preview)
    implementation(libs.activity.compose)
    implementation(libs.lifecycle.viewmodel.compose)
    implementation(libs.navigation.compose)
    implementation(libs.coil.compose)
    implementation(libs.work.runtime)
    implementation(libs.arcore)
    implementation(libs.arsceneview)
    testImplementation(libs.junit)
    androidTestImplementation(platform(libs.compose.bom))
    androidTestImplementation(libs.compose.ui.test.junit4)
}
