import Simulation

extension Simulation {
    /// The same simulation with `suffix` appended to every session, window, page and device id.
    ///
    /// A run against an endpoint that keeps data between runs (a staging
    /// deployment, a real target's database) uses a fresh suffix, so earlier
    /// runs of the same scenario and seed are not mistaken for duplicates.
    /// Goldens are unaffected: ids are replaced by placeholders there.
    public func namespaced(_ suffix: String) -> Simulation {
        guard !suffix.isEmpty else { return self }
        func tag(_ id: String) -> String { id + "-" + suffix }
        var copy = self
        for offset in copy.sessions.indices {
            copy.sessions[offset].sessionId = tag(copy.sessions[offset].sessionId)
            copy.sessions[offset].deviceId = tag(copy.sessions[offset].deviceId)
            for window in copy.sessions[offset].windows.indices {
                copy.sessions[offset].windows[window].windowId = tag(copy.sessions[offset].windows[window].windowId)
                for page in copy.sessions[offset].windows[window].pages.indices {
                    copy.sessions[offset].windows[window].pages[page].pageId = tag(copy.sessions[offset].windows[window].pages[page].pageId)
                }
            }
        }
        for offset in copy.uploads.indices {
            copy.uploads[offset].batch.sessionId = tag(copy.uploads[offset].batch.sessionId)
            copy.uploads[offset].batch.windowId = tag(copy.uploads[offset].batch.windowId)
            copy.uploads[offset].batch.pageId = tag(copy.uploads[offset].batch.pageId)
            copy.uploads[offset].batch.distinctId = tag(copy.uploads[offset].batch.distinctId)
        }
        return copy
    }
}
