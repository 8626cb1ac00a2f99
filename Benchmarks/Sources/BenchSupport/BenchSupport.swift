import Foundation

/// Helpers shared by the benchmark executables: timing, medians and peak memory.
public enum Bench {
    /// Runs `body` `repetitions` times and returns the median wall time in seconds.
    public static func median(repetitions: Int = 5, _ body: () throws -> Void) rethrows -> Double {
        var times: [Double] = []
        for _ in 0..<max(repetitions, 1) {
            let start = DispatchTime.now().uptimeNanoseconds
            try body()
            times.append(Double(DispatchTime.now().uptimeNanoseconds - start) / 1e9)
        }
        times.sort()
        return times[times.count / 2]
    }

    /// Wall time of one run of `body`, in seconds.
    public static func time(_ body: () throws -> Void) rethrows -> Double {
        let start = DispatchTime.now().uptimeNanoseconds
        try body()
        return Double(DispatchTime.now().uptimeNanoseconds - start) / 1e9
    }

    /// Peak resident set size of this process so far, in bytes (Linux `VmHWM`).
    public static func peakResidentBytes() -> Int {
        guard let status = try? String(contentsOfFile: "/proc/self/status", encoding: .utf8) else { return 0 }
        for line in status.split(separator: "\n") where line.hasPrefix("VmHWM:") {
            let digits = line.split(separator: " ").compactMap { Int($0) }
            if let kib = digits.first { return kib * 1024 }
        }
        return 0
    }

    /// Resets the peak RSS counter (`VmHWM`) so a later reading covers only what follows (Linux ≥ 4.0).
    public static func resetPeakResident() {
        try? "5".write(toFile: "/proc/self/clear_refs", atomically: false, encoding: .utf8)
    }

    /// Formats seconds with 3 significant decimals.
    public static func seconds(_ value: Double) -> String { String(format: "%.3f s", value) }

    /// Formats bytes as MiB.
    public static func mebibytes(_ value: Int) -> String { String(format: "%.1f MiB", Double(value) / 1_048_576) }
}
