import Foundation

/// The same resource shape as the web app's API client: `/buildings` and `/buildings/{id}`.
public struct Building: Codable, Equatable, Identifiable, Hashable, Sendable {
    public let id: String
    public let name: String
    public let city: String
    public let floors: Int
    public let areaM2: Double
    public let photoUrl: String?
}

/// The screens of the shell; notifications route to these, never to raw strings.
public enum Screen: Equatable, Hashable, Sendable {
    case buildingsList
    case buildingDetail(id: String)
    case status
    case arView(id: String)
}

/// Background work limits: iOS grants ~30 s of background time, so sync runs in bounded batches.
public enum BackgroundLimits {
    public static let maxChangesPerReplay = 50
    public static let replayBudget: TimeInterval = 25
    public static let maxAttemptsPerReplay = 4
    public static let baseBackoff: TimeInterval = 1
    public static let maxBackoff: TimeInterval = 30

    /// Exponential backoff for retry 1, 2, 3 ...: base, 2 x base, 4 x base, capped.
    public static func backoffDelay(retry: Int) -> TimeInterval {
        min(maxBackoff, baseBackoff * pow(2, Double(max(0, retry - 1))))
    }
}

public struct APIClient: Sendable {
    public let baseURL: URL
    public var timeout: TimeInterval = 8

    public init(baseURL: URL) { self.baseURL = baseURL }

    public func buildings() async throws -> [Building] { try await get("buildings") }

    public func building(id: String) async throws -> Building { try await get("buildings/\(id)") }

    private func get<T: Decodable>(_ path: String) async throws -> T {
        var request = URLRequest(url: baseURL.appendingPathComponent(path), timeoutInterval: timeout)
        request.setValue("application/json", forHTTPHeaderField: "Accept")
        let (data, response) = try await URLSession.shared.data(for: request)
        guard let http = response as? HTTPURLResponse, (200..<300).contains(http.statusCode) else {
            throw URLError(.badServerResponse)
        }
        return try JSONDecoder().decode(T.self, from: data)
    }
}
