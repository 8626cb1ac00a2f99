import FabricModel

/// "Did you mean" for names people mistype: the closest known name by edit distance.
enum Suggestions {
    /// The candidate closest to `name` by Levenshtein distance, when within `maxDistance` (ties: smallest name);
    /// nil when none is that close or `name` is itself a candidate.
    /// - Complexity: O(candidates · |name|²) at worst; candidates whose length differs by more than `maxDistance`
    ///   are skipped in O(1).
    static func closest(to name: String, among candidates: some Sequence<String>, maxDistance: Int = 2) -> String? {
        let target = Array(name.unicodeScalars)
        var best: (distance: Int, name: String)?
        for candidate in candidates {
            let scalars = Array(candidate.unicodeScalars)
            if abs(scalars.count - target.count) > maxDistance { continue }
            let distance = editDistance(target, scalars)
            if distance == 0 { return nil }
            if distance <= maxDistance, best.map({ distance < $0.distance || (distance == $0.distance && candidate < $0.name) }) ?? true {
                best = (distance, candidate)
            }
        }
        return best?.name
    }

    /// The role word closest to an unknown role (`spline` → `spine`), from the names `Role(parsing:)` accepts.
    static func role(for word: String) -> String? {
        let key = word.trimmingASCIIWhitespace().lowercased()
        return closest(to: key, among: Role.acceptedNames, maxDistance: key.count <= 3 ? 1 : 2)
    }
}
