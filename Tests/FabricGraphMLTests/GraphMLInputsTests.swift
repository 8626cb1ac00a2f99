import FabricGraphML
import FabricModel
import Foundation
import Testing

@Suite("command-line inputs: folders")
struct GraphMLInputsTests {
    /// `root/` with designs at several depths, a hidden folder, other files, a folder named like a design, a symbolic
    /// link to a design (counted) and one to a folder (not followed: it points back up, a cycle).
    func makeTree() throws -> URL {
        let root = FileManager.default.temporaryDirectory.appendingPathComponent("fabcheck-inputs-\(UUID().uuidString)")
        let manager = FileManager.default
        for folder in ["x/y", "B", ".hidden", "odd.graphml"] {
            try manager.createDirectory(at: root.appendingPathComponent(folder), withIntermediateDirectories: true)
        }
        for file in [
            "x/y/deep.graphml.gz", "x/a.graphml", "B/z.graphml", "top.graphml", ".hidden/h.graphml", "x/notes.graphml.txt",
            "x/pod.GRAPHML",
        ] {
            try Data("<graphml/>".utf8).write(to: root.appendingPathComponent(file))
        }
        try manager.createSymbolicLink(atPath: root.appendingPathComponent("x/link.graphml").path, withDestinationPath: "../top.graphml")
        try manager.createSymbolicLink(atPath: root.appendingPathComponent("x/loop").path, withDestinationPath: "..")
        return root
    }

    @Test("every .graphml and .graphml.gz below, sorted by relative path in byte order; files and - pass through")
    func expandsFolders() throws {
        let root = try makeTree()
        defer { try? FileManager.default.removeItem(at: root) }
        let expanded = try GraphMLInputs.expand(["-", root.path, "plain.graphml"])
        // Byte order: "B" < "top" < "x" (uppercase first); the symbolic link to a file counts, the one to a folder does not.
        #expect(
            expanded == ["-"]
                + ["B/z.graphml", "top.graphml", "x/a.graphml", "x/link.graphml", "x/y/deep.graphml.gz"]
                .map { root.path + "/" + $0 } + ["plain.graphml"])
        #expect(try GraphMLInputs.expand([root.path + "/x/y/"]) == [root.path + "/x/y/deep.graphml.gz"])
    }

    @Test("a folder without a design is an error naming it")
    func emptyFolder() throws {
        let root = try makeTree()
        defer { try? FileManager.default.removeItem(at: root) }
        let folder = root.appendingPathComponent("odd.graphml").path
        #expect(throws: GraphMLError.cannotOpen(path: folder, reason: "is a folder with no .graphml or .graphml.gz file below it")) {
            try GraphMLInputs.expand([folder])
        }
    }
}
