import Foundation

/// Paths to test fixtures shared by the test targets.
public enum Fixtures {
    /// The package root, found from this source file's location.
    public static let packageRoot: URL = URL(fileURLWithPath: #filePath)
        .deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()

    /// `Tests/Reference/` inside the repository: reference material (conformance files, designs, schemas) with its
    /// licences. Tests read nothing outside the repository root.
    public static let reference: URL = packageRoot.appendingPathComponent("Tests/Reference")

    /// The Topology Zoo conformance folder.
    public static let zoo: URL = reference.appendingPathComponent("conformance/zoo")

    /// The shipped reference designs.
    public static let topologies: URL = packageRoot.appendingPathComponent("topologies")
}
