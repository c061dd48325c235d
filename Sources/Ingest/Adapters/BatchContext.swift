import SessionModel

/// What a batch alone does not know about its place in a run: its page view's URL and number, and its number within the page view.
///
/// Made for a whole delivery plan by `BatchContext.plan(_:)`, since "the last
/// chunk of a page view" or "the page's URL" depend on the other batches.
///
/// ```swift
/// let contexts = BatchContext.plan(batches)
/// let requests = try adapter.requests(for: batches[0], context: contexts[0])
/// ```
public struct BatchContext: Sendable, Equatable {
    /// The URL of the batch's page view: the `href` of the Meta event its page recorded, or nil when no batch of the page carries one.
    public var pageURL: String?
    /// The page view's number within its (session, window), from 0, by the order of first sequence.
    public var pageIndex: Int
    /// The batch's number within its page view, from 0 (a batch sent twice has one number).
    public var pageSequence: Int
    /// Whether no later batch of the same page view is in the run.
    public var isLastChunk: Bool

    public init(pageURL: String?, pageIndex: Int, pageSequence: Int, isLastChunk: Bool) {
        self.pageURL = pageURL
        self.pageIndex = pageIndex
        self.pageSequence = pageSequence
        self.isLastChunk = isLastChunk
    }

    /// The context of every batch of a delivery plan, in the plan's order.
    public static func plan(_ batches: [UploadBatch]) -> [BatchContext] {
        struct Window: Hashable { var session: String; var window: String }
        struct Page: Hashable { var window: Window; var page: String }
        var sequencesOfPage: [Page: [Int]] = [:]
        var firstSequence: [Page: Int] = [:]
        var urlOfPage: [Page: (sequence: Int, url: String)] = [:]
        var pagesOfWindow: [Window: [Page]] = [:]
        for batch in batches {
            let window = Window(session: batch.sessionId, window: batch.windowId)
            let page = Page(window: window, page: batch.pageId)
            if sequencesOfPage[page] == nil { pagesOfWindow[window, default: []].append(page) }
            sequencesOfPage[page, default: []].append(batch.sequence)
            firstSequence[page] = min(firstSequence[page] ?? .max, batch.sequence)
            for event in batch.events {
                guard case .meta(let meta) = event.data else { continue }
                if urlOfPage[page].map({ batch.sequence < $0.sequence }) ?? true { urlOfPage[page] = (batch.sequence, meta.href) }
                break
            }
        }
        var indexOfPage: [Page: Int] = [:]
        for (_, pages) in pagesOfWindow {
            for (index, page) in pages.sorted(by: { (firstSequence[$0]!, $0.page) < (firstSequence[$1]!, $1.page) }).enumerated() {
                indexOfPage[page] = index
            }
        }
        let distinct = sequencesOfPage.mapValues { Array(Set($0)).sorted() }
        return batches.map { batch in
            let page = Page(window: Window(session: batch.sessionId, window: batch.windowId), page: batch.pageId)
            let sequences = distinct[page] ?? [batch.sequence]
            return BatchContext(pageURL: urlOfPage[page]?.url, pageIndex: indexOfPage[page] ?? 0,
                                pageSequence: sequences.firstIndex(of: batch.sequence) ?? 0, isLastChunk: batch.sequence == sequences.last)
        }
    }
}
