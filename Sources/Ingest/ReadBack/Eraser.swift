/// Asks an endpoint to erase everything of one visitor, so the erasure check can read back and find nothing.
///
/// ```swift
/// if let failure = try await target.eraser?.erase(visitor: "device-1", origins: ["https://shop.example"]) { print(failure) }
/// ```
public protocol Eraser: Sendable {
    /// nil when the endpoint acknowledged the erasure; otherwise what it answered, in words.
    func erase(visitor: String, origins: [String]) async throws -> String?
}

extension ReferenceReadBack: Eraser {
    public func erase(visitor: String, origins: [String]) async throws -> String? {
        let status = try await erase(visitor: visitor)
        return (200..<300).contains(status) ? nil : "erasing visitor \(visitor) answered \(status)"
    }
}
