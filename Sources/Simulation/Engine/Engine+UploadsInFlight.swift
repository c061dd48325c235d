import SessionModel

/// An unload that cuts several uploads at once: the buffer goes out as that many batches just before it.
extension Engine {
    /// Sends the buffer as `count` batches (fewer when it holds fewer events), cuts them all 5 ms later, and closes the page.
    ///
    /// Each batch keeps its own sequence number; every one not acknowledged by the unload goes
    /// to localStorage like any `during-upload` batch, and the next visit sends them in order.
    func unloadDuringUploads(_ page: PageState, count: Int) {
        flushMoves(page)
        let events = page.buffer
        let parts = min(count, events.count)
        if parts > 0 {
            var start = 0
            // Sizes each event as `emit` does (its compact encoding, and a comma), with one encoder for all of
            // them: an array encoded per event cost a writer and two allocations each.
            var sizer = EventListEncoder(reservingCapacity: 1 << 16)
            for part in 0..<parts {
                let end = events.count * (part + 1) / parts
                page.buffer = Array(events[start..<end])
                page.bufferBytes = page.buffer.reduce(0) { $0 + sizer.append($1) + 1 }
                flush(page, at: clock, transport: "fetch")
                start = end
            }
        }
        advance(to: clock + 5)
        lose(page, at: clock)
        page.isOpen = false
        openPages.removeAll { $0 === page }
    }
}
