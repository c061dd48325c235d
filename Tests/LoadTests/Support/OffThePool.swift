import Foundation

/// Runs blocking work (waiting for processes, polling sockets) on a thread of its own, so it never holds one of the few threads every async test shares.
func offThePool<T: Sendable>(_ body: @escaping @Sendable () throws -> T) async throws -> T {
    try await withCheckedThrowingContinuation { continuation in
        Thread.detachNewThread { continuation.resume(with: Result { try body() }) }
    }
}
