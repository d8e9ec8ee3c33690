import Foundation

/// A building as the IoT service's `/v1/buildings` answers it.
public struct Building: Codable, Equatable, Identifiable, Hashable, Sendable {
    public let id: String
    public let name: String
    public let floorAreaM2: Double

    enum CodingKeys: String, CodingKey {
        case id, name
        case floorAreaM2 = "floor_area_m2"
    }
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

/// The IoT service's buildings through the web host: `<baseURL>/<service>/v1/buildings[/{id}]`.
public struct APIClient: Sendable {
    public let baseURL: URL
    public let service: String
    public var timeout: TimeInterval = 8

    public init(baseURL: URL, service: String) {
        self.baseURL = baseURL
        self.service = service
    }

    public func buildings() async throws -> [Building] { try await get("\(service)/v1/buildings") }

    public func building(id: String) async throws -> Building { try await get("\(service)/v1/buildings/\(id)") }

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
