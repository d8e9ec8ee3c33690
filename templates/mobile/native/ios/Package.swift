// swift-tools-version:5.10
// FieldCore: the iOS app's pure logic (outbox, notification routing, backoff), tested with `swift test` on any
// machine with Swift; the SwiftUI app in FieldApp/ links it.
import PackageDescription

let package = Package(
    name: "FieldCore",
    platforms: [.iOS(.v17), .macOS(.v14)],
    products: [.library(name: "FieldCore", targets: ["FieldCore"])],
    targets: [
        .target(name: "FieldCore"),
        .testTarget(name: "FieldCoreTests", dependencies: ["FieldCore"]),
    ]
)
