import Foundation

/// Push behind one interface: APNs registration is a PushTransport, the backend registry a TokenRegistry.
public protocol PushTransport: AnyObject {
    func requestPermission() async -> Bool
    func currentToken() async -> String?
    func onTokenRefresh(_ listener: @escaping (String) -> Void)
}

public protocol TokenRegistry {
    func register(_ token: String) async throws
}

public enum NotificationRouter {
    /// Alarms and work orders open their building, sync notices open Status; unknown types open nothing.
    public static func route(_ data: [String: String]) -> Screen? {
        let building = data["buildingId"].flatMap { $0.isEmpty ? nil : $0 }
        switch data["type"] {
        case "alarm", "work-order": return building.map { .buildingDetail(id: $0) }
        case "sync": return .status
        default: return nil
        }
    }
}

@MainActor
public final class NotificationService {
    private let transport: PushTransport
    private let registry: TokenRegistry
    public private(set) var registeredToken: String?

    public init(transport: PushTransport, registry: TokenRegistry) {
        self.transport = transport
        self.registry = registry
    }

    /// Registers the current token and keeps it registered when APNs rotates it.
    public func start() async -> Bool {
        guard await transport.requestPermission() else { return false }
        if let token = await transport.currentToken() { await register(token) }
        transport.onTokenRefresh { [weak self] token in Task { @MainActor in await self?.register(token) } }
        return true
    }

    func register(_ token: String) async {
        guard token != registeredToken else { return }
        registeredToken = token // claimed first: APNs may report the same token twice
        do { try await registry.register(token) } catch { registeredToken = nil }
    }
}
