import XCTest
@testable import FieldCore

final class BackgroundLimitsTests: XCTestCase {
    func testBackoffDoublesAndIsCapped() {
        XCTAssertEqual((1...4).map { BackgroundLimits.backoffDelay(retry: $0) }, [1, 2, 4, 8])
        XCTAssertEqual(BackgroundLimits.backoffDelay(retry: 40), BackgroundLimits.maxBackoff)
    }
}
