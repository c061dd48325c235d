import Replay
import SessionModel

/// Checks that seeking to a time gives the same DOM as playing from the start to that time.
package enum SeekEqualsPlay {
    /// The offsets to compare at: before the start, every snapshot time and its neighbours, random times, after the end.
    package static func offsets(for session: ReplaySession, seed: UInt64) -> [Int64] {
        var random = SplitMix64(seed: seed)
        var offsets: Set<Int64> = [-1, 0, 1, session.duration, session.duration + 1]
        for index in session.events.indices where session.events[index].type == .fullSnapshot {
            let offset = session.times[index] - session.startTime
            offsets.formUnion([offset, offset + 1])
        }
        for _ in 0..<6 { offsets.insert(Int64(random.int(in: 0...Int(max(session.duration, 1))))) }
        return offsets.sorted()
    }

    /// The first offset where seeking and playing disagree, with both DOMs; empty when they always agree.
    package static func problems(_ session: ReplaySession, seed: UInt64) -> [String] {
        var player = session.play()
        for offset in offsets(for: session, seed: seed) {
            player.advance(to: offset)
            let played = player.state.html()
            let sought = session.seek(to: offset).html()
            if played != sought {
                return ["at \(offset) ms: seeking gives\n\(sought)\nplaying gives\n\(played)"]
            }
        }
        return []
    }
}
