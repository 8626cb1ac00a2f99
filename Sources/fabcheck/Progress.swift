import Foundation

/// A one-line status on standard error while a long command runs (`fabcheck check: rule blast_radius done… 12 s`):
/// drawn only when standard error is a terminal and the command has run for more than a second, redrawn every half
/// second, erased when the command ends. Redirected output never sees it.
final class TerminalProgress: @unchecked Sendable {
    /// Whether standard error is a terminal that can redraw a line.
    static var standardErrorIsTerminal: Bool {
        isatty(STDERR_FILENO) != 0 && ProcessInfo.processInfo.environment["TERM"] != "dumb"
    }

    private let lock = NSLock()
    private let label: String
    private var phase: String
    private let start = DispatchTime.now().uptimeNanoseconds
    private var timer: (any DispatchSourceTimer)?
    private var drawn = false
    /// Whether anything can be drawn (standard error is a terminal).
    let enabled: Bool

    /// Starts the status `label: phase`; nothing is shown before a second has passed.
    init(_ label: String, phase: String, enabled: Bool = TerminalProgress.standardErrorIsTerminal) {
        self.label = label
        self.phase = phase
        self.enabled = enabled
        guard enabled else { return }
        let timer = DispatchSource.makeTimerSource(queue: .global(qos: .utility))
        timer.schedule(deadline: .now() + 1, repeating: 0.5)
        timer.setEventHandler { [weak self] in self?.draw() }
        self.timer = timer
        Self.registry.lock.lock()
        Self.registry.current = self
        Self.registry.lock.unlock()
        timer.resume()
    }

    /// The status being drawn now, if any, so diagnostics can erase it before they print.
    private final class Registry: @unchecked Sendable {
        let lock = NSLock()
        weak var current: TerminalProgress?
    }
    private static let registry = Registry()

    /// Erases the status line (it comes back on the next redraw) so a diagnostic starts on a clean line.
    static func eraseForMessage() {
        registry.lock.lock()
        let current = registry.current
        registry.lock.unlock()
        current?.erase()
    }

    private func erase() {
        lock.lock()
        defer { lock.unlock() }
        if drawn { FileHandle.standardError.write(Data("\r\u{1B}[K".utf8)) }
        drawn = false
    }

    /// Names what the command is doing now.
    func update(_ phase: String) {
        guard enabled else { return }
        lock.lock()
        self.phase = phase
        lock.unlock()
    }

    private func draw() {
        lock.lock()
        defer { lock.unlock() }
        guard timer != nil else { return }
        let seconds = Int(Double(DispatchTime.now().uptimeNanoseconds - start) / 1e9)
        let text = phase.count > 60 ? String(phase.prefix(59)) + "…" : phase
        FileHandle.standardError.write(Data("\r\u{1B}[K\(label): \(text)… \(seconds) s".utf8))
        drawn = true
    }

    /// Stops redrawing and erases the line if one was drawn.
    func finish() {
        lock.lock()
        defer { lock.unlock() }
        timer?.cancel()
        timer = nil
        if drawn { FileHandle.standardError.write(Data("\r\u{1B}[K".utf8)) }
        drawn = false
    }

    deinit { timer?.cancel() }
}
