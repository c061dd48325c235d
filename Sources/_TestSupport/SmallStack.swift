import Foundation

/// Runs work on a thread with a small stack, as test runners and Swift Concurrency give their threads.
///
/// Deep documents must neither be read, replayed nor released by recursion;
/// the main thread's 8 MB stack would hide it, a 512 KB one does not.
///
/// ```swift
/// let ok = SmallStack.run { ReplaySession(bytes: deep).finalState().hasDocument }
/// ```
package enum SmallStack {
    /// The stack size of a secondary thread on Darwin and of Swift Concurrency's threads.
    package static let bytes = 512 * 1024

    /// Runs `body` on a new thread with a `bytes`-sized stack and returns its result.
    package static func run<Result: Sendable>(_ body: @escaping @Sendable () -> Result) -> Result {
        let box = ResultBox<Result>()
        let done = DispatchSemaphore(value: 0)
        let thread = Thread {
            box.value = body()
            done.signal()
        }
        thread.stackSize = bytes
        thread.start()
        done.wait()
        return box.value!
    }
}

/// The result of the work, written by the worker thread before it signals and read after the wait.
private final class ResultBox<Result: Sendable>: @unchecked Sendable {
    var value: Result?
}
