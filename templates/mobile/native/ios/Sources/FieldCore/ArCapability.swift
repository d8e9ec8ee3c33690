/// AR behind an interface: ARKit's `ARWorldTrackingConfiguration.isSupported`, asked at run time.
public protocol ArCapability {
    var isSupported: Bool { get }
}

public enum ArRouting {
    /// Devices without AR get the 2D detail screen as the fallback.
    public static func screen(for buildingId: String, capability: ArCapability) -> Screen {
        capability.isSupported ? .arView(id: buildingId) : .buildingDetail(id: buildingId)
    }
}
