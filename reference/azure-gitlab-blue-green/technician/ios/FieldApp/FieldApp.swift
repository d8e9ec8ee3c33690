import FieldCore
import SwiftUI
import ARKit

// The buildings come from the system's first IoT service, behind the web host's /api/<service>/ route.
private let api = APIClient(
    baseURL: URL(string: "http://localhost:8080/api")!,
    service: "telemetry"
)

@main
struct FieldApp: App {
    var body: some Scene {
        WindowGroup {
            TabView {
                NavigationStack { BuildingsListView() }
                    .tabItem { Label("Buildings", systemImage: "building.2") }
                StatusView()
                    .tabItem { Label("Status", systemImage: "info.circle") }
            }
        }
    }
}

/// `List` is lazy: rows are created as they scroll in (virtualization).
struct BuildingsListView: View {
    @State private var buildings: [Building]?
    @State private var error: String?

    var body: some View {
        Group {
            if let error { Text(error) } else if let buildings {
                List(buildings) { building in
                    NavigationLink(value: building) {
                        VStack(alignment: .leading) {
                            Text(building.name).font(.headline)
                            Text("\(Int(building.floorAreaM2)) m²").foregroundStyle(.secondary)
                        }
                    }
                }
                .navigationDestination(for: Building.self) { BuildingDetailView(building: $0) }
            } else { ProgressView() }
        }
        .navigationTitle("Buildings")
        .task {
            do { buildings = try await api.buildings() } catch {
                self.error = "The server could not be reached. Check your connection and try again."
            }
        }
    }
}

struct BuildingDetailView: View {
    let building: Building

    var body: some View {
        VStack(alignment: .leading, spacing: 8) {
            Text(building.name).font(.title)
            Text("Floor area: \(Int(building.floorAreaM2)) m²")
            if ARWorldTrackingConfiguration.isSupported {
                NavigationLink("View in AR") { ARBuildingView(building: building) }
            } else {
                Text("AR is not available on this device")
            }
            Spacer()
        }
        .padding()
        .navigationTitle(building.name)
    }
}

struct StatusView: View {
    var body: some View {
        VStack(alignment: .leading) {
            Text("Status").font(.title)
            Text("Conflict policy: \(conflictPolicy)")
        }
        .padding()
    }
}

struct DeviceArCapability: ArCapability {
    var isSupported: Bool { ARWorldTrackingConfiguration.isSupported }
}

/// The AR view: an ARKit session with the building's name anchored in front of the camera.
struct ARBuildingView: UIViewRepresentable {
    let building: Building

    func makeUIView(context: Context) -> ARSCNView {
        let view = ARSCNView()
        let text = SCNText(string: building.name, extrusionDepth: 0.5)
        let node = SCNNode(geometry: text)
        node.scale = SCNVector3(0.005, 0.005, 0.005)
        node.position = SCNVector3(0, 0, -1)
        view.scene.rootNode.addChildNode(node)
        view.session.run(ARWorldTrackingConfiguration())
        return view
    }

    func updateUIView(_ uiView: ARSCNView, context: Context) {}

    static func dismantleUIView(_ uiView: ARSCNView, coordinator: ()) {
        uiView.session.pause() // the camera and tracking are the biggest battery cost: stop them on leave
    }
}
