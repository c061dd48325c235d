import SessionModel

/// Checks that one person's visits to two unrelated sites share no stored identifier.
///
/// The identifiers compared are the session, window, page and visitor ids (not
/// the user id: an application that identifies the same user on both sites links
/// them on purpose). Values are compared across the two sets only.
public enum LinkageCheck {
    /// A value stored for both sites, and under which fields.
    public struct Link: Sendable, Equatable, CustomStringConvertible {
        public var value: String
        public var fieldOnA: String
        public var fieldOnB: String
        public var description: String { "'\(value)' is stored as \(fieldOnA) on site A and as \(fieldOnB) on site B" }
    }

    public static func links(siteA: [UploadBatch], siteB: [UploadBatch]) -> [Link] {
        func identifiers(_ batches: [UploadBatch]) -> [(String, String)] {
            batches.flatMap { [("sessionId", $0.sessionId), ("windowId", $0.windowId), ("pageId", $0.pageId), ("distinctId", $0.distinctId)] }
                .filter { !$0.1.isEmpty }
        }
        let onB = identifiers(siteB)
        var links: [Link] = []
        var seen: Set<String> = []
        for (fieldA, value) in identifiers(siteA) where !seen.contains(value) {
            if let (fieldB, _) = onB.first(where: { $0.1 == value }) {
                seen.insert(value)
                links.append(Link(value: value, fieldOnA: fieldA, fieldOnB: fieldB))
            }
        }
        return links
    }
}
