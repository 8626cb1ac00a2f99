import Foundation

/// Paths to test fixtures shared by the test targets.
public enum Fixtures {
    /// The package root, found from this source file's location.
    public static let packageRoot: URL = URL(fileURLWithPath: #filePath)
        .deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()

    /// `../shared/` beside the package root: reference material (conformance files, designs, schemas).
    public static let shared: URL = packageRoot.deletingLastPathComponent().appendingPathComponent("shared")

    /// The Topology Zoo conformance folder.
    public static let zoo: URL = shared.appendingPathComponent("conformance/zoo")

    /// The shipped reference designs.
    public static let topologies: URL = packageRoot.appendingPathComponent("topologies")
}
