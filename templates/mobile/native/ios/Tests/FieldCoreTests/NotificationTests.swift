import XCTest
@testable import FieldCore

/// A fake transport: tests rotate tokens as APNs would.
final class FakeTransport: PushTransport {
    var permission = true
    var token: String? = "token-1"
    var refresh: ((String) -> Void)?
    func requestPermission() async -> Bool { permission }
    func currentToken() async -> String? { token }
    func onTokenRefresh(_ listener: @escaping (String) -> Void) { refresh = listener }
}

final class Registry: TokenRegistry, @unchecked Sendable {
    var tokens: [String] = []
    func register(_ token: String) async throws { tokens.append(token) }
}

@MainActor
final class NotificationTests: XCTestCase {
    func testRouting() {
        XCTAssertEqual(NotificationRouter.route(["type": "alarm", "buildingId": "hq"]), .buildingDetail(id: "hq"))
        XCTAssertEqual(NotificationRouter.route(["type": "sync"]), .status)
        XCTAssertNil(NotificationRouter.route(["type": "alarm"]))
        XCTAssertNil(NotificationRouter.route(["type": "marketing"]))
    }

    func testTokenIsRegisteredAndReRegisteredOnRefresh() async {
        let transport = FakeTransport()
        let registry = Registry()
        let service = NotificationService(transport: transport, registry: registry)
        let started = await service.start()
        XCTAssertTrue(started)
        await service.register("token-2")
        await service.register("token-2")
        XCTAssertEqual(registry.tokens, ["token-1", "token-2"])
    }

    func testWithoutPermissionNothingIsRegistered() async {
        let transport = FakeTransport()
        transport.permission = false
        let registry = Registry()
        let started = await NotificationService(transport: transport, registry: registry).start()
        XCTAssertFalse(started)
        XCTAssertEqual(registry.tokens, [])
    }
}
