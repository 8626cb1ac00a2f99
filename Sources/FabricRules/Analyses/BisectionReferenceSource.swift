import FabricGraph
import FabricModel

/// Where a check finds a related design's proven bisection bound (`BisectionReference`: the healthy design behind a
/// failure state, the other version of a diff), which bounds the design under check once the capacity it lacks is
/// subtracted (the healthy-minus-failures certificate); the bracket reports the best of that and its own.
public struct BisectionReferenceSource: Sendable {
    let resolve: @Sendable () -> BisectionReference?
    /// Known before the bracket runs: it is then the bracket's first certificate and its search's target.
    let isKnown: Bool

    /// A reference at hand now (e.g. the healthy design's bracket, computed first).
    public static func known(_ reference: BisectionReference) -> BisectionReferenceSource {
        BisectionReferenceSource(resolve: { reference }, isKnown: true)
    }

    /// `topology` bracketed on its own when the bracket first needs it (`BisectionReference.bracketing`): the healthy
    /// design of a failure state.
    public static func bracketing(_ topology: Topology, name: String) -> BisectionReferenceSource {
        BisectionReferenceSource(resolve: { BisectionReference.bracketing(topology, name: name) }, isKnown: true)
    }

    /// A reference computed on demand (another context's own bracket, which may be running on the other core);
    /// combined with the bracket once both exist.
    public static func deferred(_ resolve: @escaping @Sendable () -> BisectionReference?) -> BisectionReferenceSource {
        BisectionReferenceSource(resolve: resolve, isKnown: false)
    }
}
