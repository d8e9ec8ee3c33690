import XCTest
@testable import FieldCore

final class MemoryStore: OutboxStore, @unchecked Sendable {
    var state = OutboxState()
    func load() throws -> OutboxState { state }
    func save(_ state: OutboxState) throws { self.state = state }
}

/// Answers from a script and records (idempotency key, entity) of every attempt.
actor Scripted: SyncTransport {
    var answers: [SendResult]
    var seen: [[String]] = []
    init(_ answers: [SendResult] = []) { self.answers = answers }
    func send(_ change: Change) async -> SendResult {
        seen.append([change.id, change.entityId])
        return answers.isEmpty ? .applied : answers.removeFirst()
    }
}

final class Sleeps: @unchecked Sendable { var values: [TimeInterval] = [] }

final class OutboxTests: XCTestCase {
    func makeOutbox(_ store: OutboxStore = MemoryStore(), sleeps: Sleeps = Sleeps()) throws -> Outbox {
        let counter = Sleeps()
        return try Outbox(
            store: store,
            newId: { counter.values.append(0); return "key-\(counter.values.count)" },
            sleep: { sleeps.values.append($0) }
        )
    }

    func testChangesAreReplayedInOrder() async throws {
        let outbox = try makeOutbox()
        for entity in ["a", "b", "c"] { try await outbox.enqueue(kind: "edit", entityId: entity, payload: "{}") }
        let transport = Scripted()
        let report = try await outbox.replay(transport)
        let seen = await transport.seen
        XCTAssertEqual(seen.map { $0[1] }, ["a", "b", "c"])
        XCTAssertEqual(report.applied, ["key-1", "key-2", "key-3"])
    }

    func testRetriesBackOffWithTheSameIdempotencyKey() async throws {
        let sleeps = Sleeps()
        let outbox = try makeOutbox(sleeps: sleeps)
        try await outbox.enqueue(kind: "edit", entityId: "a", payload: "{}")
        let transport = Scripted([.retry(reason: "503"), .retry(reason: "503")])
        _ = try await outbox.replay(transport)
        let seen = await transport.seen
        XCTAssertEqual(seen, Array(repeating: ["key-1", "a"], count: 3))
        XCTAssertEqual(sleeps.values, [1, 2])
    }

    func testAFailingChangeBlocksTheOnesBehindIt() async throws {
        let outbox = try makeOutbox()
        try await outbox.enqueue(kind: "edit", entityId: "a", payload: "{}")
        try await outbox.enqueue(kind: "edit", entityId: "b", payload: "{}")
        let down = Scripted(Array(repeating: .retry(reason: "offline"), count: 10))
        let report = try await outbox.replay(down)
        XCTAssertEqual(report.blockedBy, "key-1")
        let pending = await outbox.pending
        XCTAssertEqual(pending.map(\.attempts), [BackgroundLimits.maxAttemptsPerReplay, 0])
    }

    func testConflictsKeepTheLocalChangeForReview() async throws {
        let outbox = try makeOutbox()
        try await outbox.enqueue(kind: "edit", entityId: "a", payload: #"{"floors":4}"#)
        let report = try await outbox.replay(Scripted([.conflict(server: #"{"floors":5}"#)]))
        XCTAssertEqual(conflictPolicy, "server-wins-keep-local")
        XCTAssertEqual(report.conflicts, ["key-1"])
        let kept = await outbox.conflicts
        XCTAssertEqual(kept.first?.change.payload, #"{"floors":4}"#)
        XCTAssertEqual(kept.first?.server, #"{"floors":5}"#)
    }

    func testTheQueueSurvivesARestart() async throws {
        let url = FileManager.default.temporaryDirectory.appendingPathComponent(UUID().uuidString + ".json")
        try await makeOutbox(FileOutboxStore(url: url)).enqueue(kind: "edit", entityId: "a", payload: "{}")
        let pending = try await makeOutbox(FileOutboxStore(url: url)).pending
        XCTAssertEqual(pending.map(\.entityId), ["a"])
    }
}
