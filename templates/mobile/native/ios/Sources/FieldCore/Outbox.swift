import Foundation

/// Conflict policy: SERVER WINS, LOCAL KEPT FOR REVIEW. On HTTP 409 the server's version stays authoritative and
/// the local change moves to `conflicts` with the server's copy; refused changes are kept the same way.
public let conflictPolicy = "server-wins-keep-local"

public struct Change: Codable, Equatable, Sendable {
    /// Idempotency key: sent with every attempt, so a retry after a lost answer cannot apply twice.
    public let id: String
    public let kind: String
    public let entityId: String
    public let payload: String
    public let createdAt: Date
    public var attempts: Int
}

public struct Conflict: Codable, Equatable, Sendable {
    public let change: Change
    public let reason: String
    public let server: String?
}

public enum SendResult: Equatable, Sendable {
    case applied
    case conflict(server: String?)
    case rejected(reason: String)
    case retry(reason: String)
}

public protocol SyncTransport: Sendable {
    func send(_ change: Change) async -> SendResult
}

public struct OutboxState: Codable, Equatable, Sendable {
    public var queue: [Change] = []
    public var conflicts: [Conflict] = []
    public init() {}
}

public protocol OutboxStore: Sendable {
    func load() throws -> OutboxState
    func save(_ state: OutboxState) throws
}

/// Persists the outbox as JSON, written atomically (a crash mid-write keeps the previous file).
public struct FileOutboxStore: OutboxStore {
    let url: URL
    public init(url: URL) { self.url = url }

    public func load() throws -> OutboxState {
        guard FileManager.default.fileExists(atPath: url.path) else { return OutboxState() }
        return try JSONDecoder().decode(OutboxState.self, from: Data(contentsOf: url))
    }

    public func save(_ state: OutboxState) throws {
        try JSONEncoder().encode(state).write(to: url, options: .atomic)
    }
}

public struct ReplayReport: Equatable, Sendable {
    public var applied: [String] = []
    public var conflicts: [String] = []
    public var blockedBy: String?
}

/// Every change is persisted first, then replayed strictly in order when the connection returns.
/// An actor: one replay at a time, so nothing is sent twice.
public actor Outbox {
    private let store: OutboxStore
    private let newId: @Sendable () -> String
    private let sleep: @Sendable (TimeInterval) async -> Void
    private var state: OutboxState

    public init(
        store: OutboxStore,
        newId: @escaping @Sendable () -> String = { UUID().uuidString },
        sleep: @escaping @Sendable (TimeInterval) async -> Void = { try? await Task.sleep(for: .seconds($0)) }
    ) throws {
        self.store = store
        self.newId = newId
        self.sleep = sleep
        state = try store.load()
    }

    @discardableResult
    public func enqueue(kind: String, entityId: String, payload: String) throws -> Change {
        let change = Change(id: newId(), kind: kind, entityId: entityId, payload: payload, createdAt: Date(), attempts: 0)
        var next = state
        next.queue.append(change)
        try update(next)
        return change
    }

    public var pending: [Change] { state.queue }
    public var conflicts: [Conflict] { state.conflicts }

    public func replay(_ transport: SyncTransport, limit: Int = BackgroundLimits.maxChangesPerReplay) async throws -> ReplayReport {
        var report = ReplayReport()
        while report.applied.count + report.conflicts.count < limit, var head = state.queue.first {
            var result = SendResult.retry(reason: "not sent")
            for attempt in 1...BackgroundLimits.maxAttemptsPerReplay {
                if attempt > 1 { await sleep(BackgroundLimits.backoffDelay(retry: attempt - 1)) }
                head.attempts += 1
                result = await transport.send(head)
                if case .retry = result {
                    var next = state
                    next.queue[0] = head
                    try update(next)
                    continue
                }
                break
            }
            var next = state
            switch result {
            case .retry:
                report.blockedBy = head.id // later changes may depend on this one: never skip ahead
                return report
            case .applied:
                report.applied.append(head.id)
            case .conflict(let server):
                report.conflicts.append(head.id)
                next.conflicts.append(Conflict(change: head, reason: "conflict", server: server))
            case .rejected(let reason):
                report.conflicts.append(head.id)
                next.conflicts.append(Conflict(change: head, reason: "rejected", server: reason))
            }
            next.queue.removeFirst()
            try update(next)
        }
        return report
    }

    private func update(_ next: OutboxState) throws {
        try store.save(next)
        state = next
    }
}
