internal import CLibXML2
import FabricModel
import Foundation

/// The command-line inputs of `check`, `validate` and `info`: files, folders and `-` for standard input.
public enum GraphMLInputs {
    /// The argument that means standard input.
    public static let standardInputArgument = "-"
    /// How standard input is named in diagnostics and findings.
    public static let standardInputName = "<stdin>"

    /// Whether a file name is a design fabcheck reads from a folder: `*.graphml` or `*.graphml.gz`.
    public static func isDesignFile(_ name: String) -> Bool {
        name.hasSuffix(".graphml") || name.hasSuffix(".graphml.gz")
    }

    /// Expands the arguments in order: a folder becomes every `*.graphml` / `*.graphml.gz` file below it (hidden files
    /// and folders skipped, symbolic links to folders not followed), sorted by path; files and `-` stay as given.
    /// A folder with no design below it is an error (a mistyped folder must not pass as clean).
    /// - Complexity: O(entries below the folders · log) for the sort.
    public static func expand(_ arguments: [String]) throws(GraphMLError) -> [String] {
        var paths: [String] = []
        for argument in arguments {
            var isFolder: ObjCBool = false
            guard argument != standardInputArgument,
                  FileManager.default.fileExists(atPath: argument, isDirectory: &isFolder), isFolder.boolValue else {
                paths.append(argument)
                continue
            }
            let found = designFiles(below: argument)
            if found.isEmpty {
                throw .cannotOpen(path: argument, reason: "is a folder with no .graphml or .graphml.gz file below it")
            }
            paths += found
        }
        return paths
    }

    /// The design files below `folder`, as `folder/relative/path`, sorted by their relative path (byte order).
    static func designFiles(below folder: String) -> [String] {
        let root = URL(fileURLWithPath: folder, isDirectory: true)
        guard let walker = FileManager.default.enumerator(
            at: root, includingPropertiesForKeys: [.isRegularFileKey, .isDirectoryKey], options: [.skipsHiddenFiles]
        ) else { return [] }
        var relative: [String] = []
        let prefix = root.standardizedFileURL.path.hasSuffix("/") ? root.standardizedFileURL.path : root.standardizedFileURL.path + "/"
        for case let url as URL in walker {
            guard isDesignFile(url.lastPathComponent) else { continue }
            let values = try? url.resourceValues(forKeys: [.isRegularFileKey, .isDirectoryKey])
            // Symbolic links to files count (resource values follow them); folders named *.graphml do not.
            guard values?.isDirectory != true else { continue }
            let path = url.standardizedFileURL.path
            relative.append(path.hasPrefix(prefix) ? String(path.dropFirst(prefix.count)) : url.lastPathComponent)
        }
        relative.sort { Array($0.utf8).lexicographicallyPrecedes(Array($1.utf8)) }
        let base = folder.hasSuffix("/") ? folder : folder + "/"
        return relative.map { base + $0 }
    }
}

extension GraphMLReader {
    /// Reads GraphML from standard input, plain or gzip-compressed (libxml2 decompresses by content), counting the
    /// bytes against `ReaderOptions.maxFileBytes`; `fileName` names it in locations.
    /// - Complexity: O(input size + nodes + links), one pass.
    public static func readStandardInput(fileName: String = GraphMLInputs.standardInputName,
                                         options: ReaderOptions = .default) throws(GraphMLError) -> ImportResult {
        xmlInitParser()
        // libxml2 opens "-" as standard input through zlib's transparent reader.
        let input = try CountingInput(path: GraphMLInputs.standardInputArgument, limit: options.maxFileBytes)
        let unmanaged = Unmanaged.passRetained(input)
        guard let context = xmlCreateIOParserCtxt(nil, nil, CountingInput.onRead, CountingInput.onClose,
                                                  unmanaged.toOpaque(), XML_CHAR_ENCODING_NONE) else {
            throw .cannotOpen(path: fileName, reason: "libxml2 could not create a parser")
        }
        _ = xmlCtxtUseOptions(context, parseOptions)
        // Over the limit this is `decompressedTooLarge`: the bytes read, decompressed or plain, passed the limit.
        return try parse(context: context, fileName: fileName, options: options, sizeHint: 0, counting: input)
    }
}
