import SessionModel

/// Where a `<video>` or `<audio>` is in its media, as rrweb's replayer `MediaManager` keeps it.
///
/// rrweb (`packages/rrweb/src/replay/media/index.ts`) stores, per media
/// element, whether it plays, its current time at the last interaction, when
/// that was and the playback rate; on a seek it sets the element's time to
/// `currentTimeAtLastInteraction + (now - lastInteraction) / 1000 * playbackRate`
/// while playing, and to the time of the last interaction while paused. The
/// media's duration is not in a recording, so a looping media's time is not
/// wrapped (rrweb's virtual DOM, used while seeking, has no duration either).
struct MediaClock: Equatable {
    var isPlaying: Bool
    /// Seconds into the media at `since`.
    var currentTime: Double
    /// The replay time (ms, the event's timestamp) of the last interaction, or of the element's creation.
    var since: Int64
    var playbackRate: Double

    /// The state rrweb's `addMediaElements` reads from a snapshot's `rr_media*` properties and attributes, as of `time`.
    init(snapshot attributes: JSONObject, at time: Int64) {
        if let state = attributes["rr_mediaState"]?.stringValue {
            isPlaying = state == "played"
        } else {
            isPlaying = attributes["autoplay"].map { !$0.isNull } ?? false
        }
        currentTime = Self.number(attributes["rr_mediaCurrentTime"]) ?? 0
        playbackRate = Self.number(attributes["rr_mediaPlaybackRate"]) ?? 1
        since = time
    }

    /// The state after a MediaInteraction of `type` at `time`, as rrweb's `getMediaStateFromMutation` makes it.
    ///
    /// Playing after a play (0), paused after a pause (1), otherwise as before
    /// (or playing when the element has `autoplay`); what the event leaves out stays.
    mutating func interact(type: Int, currentTime: Double?, playbackRate: Double?, autoplay: Bool, at time: Int64) {
        isPlaying = type == 0 || (type != 1 && (isPlaying || autoplay))
        if let currentTime { self.currentTime = currentTime }
        if let playbackRate { self.playbackRate = playbackRate }
        since = time
    }

    /// The media's current time at replay time `now`: advanced since the last interaction while playing.
    func currentTime(at now: Int64) -> Double {
        guard isPlaying, now > since else { return currentTime }
        return currentTime + Double(now - since) / 1000 * playbackRate
    }

    private static func number(_ value: JSONValue?) -> Double? {
        switch value {
        case .integer(let number)?: return Double(number)
        case .double(let number)?: return number
        default: return nil
        }
    }
}
