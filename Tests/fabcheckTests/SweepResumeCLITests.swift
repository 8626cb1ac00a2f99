import FabricTestSupport
import Foundation
import Testing

/// `sweep --stream FILE` writes each finished part as one JSON line; a run cut off mid-line resumes with `--resume
/// FILE` and prints exactly what one uninterrupted run prints.
@Suite struct SweepResumeCLITests {
    @Test(arguments: [["--metric", "traffic", "--format", "json"], ["--elements", "devices", "--format", "csv"]])
    func interruptedAndResumedEqualsOneRun(options: [String]) throws {
        let pod = OneAnswerCLITests.railPod
        let plain = try CLI.run(["sweep", pod] + options)
        #expect(plain.status == 0, "\(plain.stderr)")
        let streamFile = try CLI.temporaryFile("", name: "sweep.jsonl")
        let streamed = try CLI.run(["sweep", pod, "--stream", streamFile] + options)
        #expect(streamed.stdout == plain.stdout)
        let lines = try String(contentsOfFile: streamFile, encoding: .utf8).split(separator: "\n")
        #expect(lines.count > 3)
        for line in lines { #expect((try? JSONSerialization.jsonObject(with: Data(line.utf8))) != nil) }
        // Interrupted in the middle of the fourth part: three parts and a torn line stay.
        let torn = lines.prefix(3).joined(separator: "\n") + "\n" + lines[3].prefix(lines[3].count / 2)
        let cut = try CLI.temporaryFile(torn, name: "sweep-cut.jsonl")
        let resumed = try CLI.run(["sweep", pod, "--resume", cut] + options)
        #expect(resumed.status == 0, "\(resumed.stderr)")
        #expect(resumed.stdout == plain.stdout)
        #expect(resumed.stderr.contains("resuming: 3 of \(lines.count) parts done"))
        #expect(try String(contentsOfFile: cut, encoding: .utf8) == lines.joined(separator: "\n") + "\n")
        // Another sweep's file is refused.
        let other = try CLI.run(["sweep", pod, "--resume", cut, "--metric", "capacity"])
        #expect(other.status == 2)
        #expect(other.stderr.contains("cannot resume this sweep"))
    }
}
