import XCTest
@testable import FieldCore

struct FixedCapability: ArCapability { let isSupported: Bool }

final class ArRoutingTests: XCTestCase {
    func testOnlySupportedDevicesOpenTheArView() {
        XCTAssertEqual(ArRouting.screen(for: "hq", capability: FixedCapability(isSupported: true)), .arView(id: "hq"))
        XCTAssertEqual(ArRouting.screen(for: "hq", capability: FixedCapability(isSupported: false)), .buildingDetail(id: "hq"))
    }
}
