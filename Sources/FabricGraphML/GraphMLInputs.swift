internal import CLibXML2
import FabricModel

#if canImport(Glibc)
    import Glibc
#elseif canImport(Darwin)
    import Darwin
#endif

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
            guard argument != standardInputArgument, isFolder(argument) else {
                paths.append(argument)
                continue
            }
            var relative: [String] = []
            collectDesignFiles(in: argument, relative: "", into: &relative)
            if relative.isEmpty {
                throw .cannotOpen(path: argument, reason: "is a folder with no .graphml or .graphml.gz file below it")
            }
            relative.sort { Array($0.utf8).lexicographicallyPrecedes(Array($1.utf8)) }
            let base = argument.hasSuffix("/") ? argument : argument + "/"
            paths += relative.map { base + $0 }
        }
        return paths
    }

    /// Whether `path` is a folder (following a symbolic link given as an argument).
    static func isFolder(_ path: String) -> Bool {
        var info = stat()
        return stat(path, &info) == 0 && (info.st_mode & S_IFMT) == S_IFDIR
    }

    /// Adds the design files below `folder` (paths relative to the walk's root) to `found`. Hidden entries are skipped;
    /// symbolic links to files count, symbolic links to folders are not followed (no cycles); unreadable folders are
    /// skipped (their files would fail to open anyway).
    static func collectDesignFiles(in folder: String, relative: String, into found: inout [String]) {
        guard let directory = opendir(folder) else { return }
        defer { closedir(directory) }
        while let entry = readdir(directory) {
            let name = withUnsafeBytes(of: entry.pointee.d_name) { raw in
                String(decoding: raw.prefix { $0 != 0 }, as: UTF8.self)
            }
            guard !name.hasPrefix(".") else { continue }
            let path = folder.hasSuffix("/") ? folder + name : folder + "/" + name
            let child = relative.isEmpty ? name : relative + "/" + name
            var link = stat()
            guard lstat(path, &link) == 0 else { continue }
            if (link.st_mode & S_IFMT) == S_IFDIR {
                collectDesignFiles(in: path, relative: child, into: &found)
                continue
            }
            guard isDesignFile(name) else { continue }
            var target = stat()
            if stat(path, &target) == 0, (target.st_mode & S_IFMT) == S_IFREG { found.append(child) }
        }
    }
}

extension GraphMLReader {
    /// Reads GraphML from standard input, plain or gzip-compressed (libxml2 decompresses by content), counting the
    /// bytes against `ReaderOptions.maxFileBytes`; `fileName` names it in locations.
    /// - Complexity: O(input size + nodes + links), one pass.
    public static func readStandardInput(
        fileName: String = GraphMLInputs.standardInputName,
        options: ReaderOptions = .default
    ) throws(GraphMLError) -> ImportResult {
        xmlInitParser()
        // libxml2 opens "-" as standard input through zlib's transparent reader.
        let input = try CountingInput(path: GraphMLInputs.standardInputArgument, limit: options.maxFileBytes)
        let unmanaged = Unmanaged.passRetained(input)
        guard
            let context = xmlCreateIOParserCtxt(
                nil, nil, CountingInput.onRead, CountingInput.onClose,
                unmanaged.toOpaque(), XML_CHAR_ENCODING_NONE)
        else {
            throw .cannotOpen(path: fileName, reason: "libxml2 could not create a parser")
        }
        _ = xmlCtxtUseOptions(context, parseOptions)
        // Over the limit this is `decompressedTooLarge`: the bytes read, decompressed or plain, passed the limit.
        return try parse(context: context, fileName: fileName, options: options, sizeHint: 0, counting: input)
    }
}
