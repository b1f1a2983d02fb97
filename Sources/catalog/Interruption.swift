import Foundation

/// Ctrl-C (SIGINT) during `add`: the first one asks the command to stop once the group of files
/// it is writing is committed and reported, so that every architecture in the catalog has had
/// its line; a second one ends the process at once (the first restores the default action).
enum Interruption {
    /// Set by the signal handler, read by the command between steps. A `sig_atomic_t` written
    /// by a signal handler is the one object C lets a handler and the program share (C11
    /// 7.14.1.1); it only ever goes from 0 to 1.
    nonisolated(unsafe) private static var flag: sig_atomic_t = 0

    /// Installs the SIGINT handler.
    static func catchFirst() {
        signal(SIGINT) { _ in
            Interruption.flag = 1
            signal(SIGINT, SIG_DFL)
        }
    }

    /// Whether Ctrl-C has been pressed since ``catchFirst()``.
    static var isRequested: Bool { flag != 0 }
}
