import Compression
import SessionModel

/// Sentry Replay: an envelope with `replay_event` and `replay_recording` items, plus one `event` envelope per script error.
///
/// The recording item is `{"segment_id":N}\n` followed by the zlib-compressed
/// JSON array of rrweb events, with `length` in its item header, framed as
/// sentry-javascript's `serializeEnvelope` does. The replay id is the session id
/// when that is 32 hex digits, otherwise 32 hex digits derived from it; the
/// harness's own ids travel as `tags` so read-back can map them back.
public struct SentryAdapter: Adapter {
    public let name = "sentry"
    public var projectId: String
    public var publicKey: String
    public var sdkName: String
    public var sdkVersion: String
    public var compressRecording: Bool

    public init(projectId: String = "1", publicKey: String = "00000000000000000000000000000000", sdkName: String = "sentry.javascript.browser",
                sdkVersion: String = "8.40.0", compressRecording: Bool = true) {
        self.projectId = projectId
        self.publicKey = publicKey
        self.sdkName = sdkName
        self.sdkVersion = sdkVersion
        self.compressRecording = compressRecording
    }

    /// Reads `http://KEY@HOST:PORT/PROJECT`.
    public init?(dsn: String) {
        guard let at = dsn.firstIndex(of: "@"), let scheme = dsn.range(of: "://") else { return nil }
        let key = String(dsn[scheme.upperBound..<at])
        guard let project = dsn.split(separator: "/").last, !key.isEmpty else { return nil }
        self.init(projectId: String(project), publicKey: key)
    }

    public static func replayId(_ batch: UploadBatch) -> String { WireIds.hex32(batch.sessionId) }

    /// The event id of the n-th error of a batch: derived, so a resent batch resends the same ids.
    public static func errorEventId(_ batch: UploadBatch, index: Int) -> String {
        WireIds.hex32("error/\(batch.sessionId)/\(batch.windowId)/\(batch.sequence)/\(index)")
    }

    var path: String {
        "/api/\(projectId)/envelope/?sentry_key=\(publicKey)&sentry_version=7&sentry_client=\(PercentCoding.encode("\(sdkName)/\(sdkVersion)"))"
    }

    var sdk: JSONValue { ["name": .string(sdkName), "version": .string(sdkVersion)] }

    public func requests(for batch: UploadBatch) throws(AdapterError) -> [HTTPRequestBytes] {
        let replayId = Self.replayId(batch)
        let errors = ScriptError.thrown(in: batch.events)
        let errorIds = errors.indices.map { Self.errorEventId(batch, index: $0) }
        let sentAt = WireIds.iso8601(milliseconds: WireIds.lastTimestamp(batch))
        let urls: [JSONValue] = batch.events.compactMap { event in
            if case .meta(let meta) = event.data { return .string(meta.href) }
            return nil
        }
        var tags: JSONObject = [
            "harness.session": .string(batch.sessionId), "harness.window": .string(batch.windowId),
            "harness.page": .string(batch.pageId), "harness.distinct": .string(batch.distinctId),
            "harness.origin": .string(batch.origin),
        ]
        if let userId = batch.userId { tags["harness.user"] = .string(userId) }
        var replayEvent: JSONObject = [
            "type": "replay_event", "replay_id": .string(replayId), "event_id": .string(replayId),
            "segment_id": .integer(Int64(batch.sequence)), "replay_type": "session",
            "timestamp": .double(Double(WireIds.lastTimestamp(batch)) / 1000),
            "replay_start_timestamp": .double(Double(WireIds.firstTimestamp(batch)) / 1000),
            "urls": .array(urls), "error_ids": .array(errorIds.map { .string($0) }), "trace_ids": [],
            "platform": "javascript", "sdk": sdk, "tags": .object(tags),
            "request": ["headers": ["User-Agent": .string(batch.userAgent)]],
        ]
        if let userId = batch.userId { replayEvent["user"] = ["id": .string(userId)] }
        let recordingJSON = RecordingEncoder.encodeArray(batch.events)
        let payload = Array("{\"segment_id\":\(batch.sequence)}\n".utf8)
            + (compressRecording ? Zlib.compress(recordingJSON, format: .zlib) : recordingJSON)
        var body = JSONWriter.canonicalBytes(["event_id": .string(replayId), "sent_at": .string(sentAt), "sdk": sdk]) + [10]
        body += JSONWriter.canonicalBytes(["type": "replay_event"]) + [10]
        body += JSONWriter.canonicalBytes(.object(replayEvent)) + [10]
        body += JSONWriter.canonicalBytes(["type": "replay_recording", "length": .integer(Int64(payload.count))]) + [10]
        body += payload
        var requests = [envelopeRequest(body, batch: batch)]
        for (index, thrown) in errors.enumerated() {
            requests.append(envelopeRequest(errorEnvelope(thrown.error, at: thrown.timestamp, id: errorIds[index], replayId: replayId, batch: batch), batch: batch))
        }
        return requests
    }

    /// The envelope of one script error thrown at `timestamp`, its frames in Sentry's order: oldest call first, the throwing frame last.
    func errorEnvelope(_ error: ScriptError, at timestamp: Int64, id: String, replayId: String, batch: UploadBatch) -> [UInt8] {
        let frames: [JSONValue] = error.frames.reversed().map { frame in
            var object: JSONObject = ["filename": .string(frame.file), "lineno": .integer(Int64(frame.line)),
                                      "colno": .integer(Int64(frame.column)), "in_app": true]
            if let function = frame.function { object["function"] = .string(function) }
            return .object(object)
        }
        let url = batch.events.reversed().compactMap { event -> String? in
            if case .meta(let meta) = event.data { return meta.href }
            return nil
        }.first ?? batch.origin + "/"
        let event: JSONValue = [
            "event_id": .string(id), "timestamp": .double(Double(timestamp) / 1000), "platform": "javascript", "level": "error",
            "exception": ["values": [["type": .string(error.type), "value": .string(error.message), "stacktrace": ["frames": .array(frames)],
                                      "mechanism": ["type": "onerror", "handled": .bool(error.handled)]]]],
            "contexts": ["replay": ["replay_id": .string(replayId)]],
            "request": ["url": .string(url), "headers": ["User-Agent": .string(batch.userAgent)]],
            "sdk": sdk, "tags": ["replayId": .string(replayId)],
        ]
        var body = JSONWriter.canonicalBytes(["event_id": .string(id), "sent_at": .string(WireIds.iso8601(milliseconds: timestamp)), "sdk": sdk]) + [10]
        body += JSONWriter.canonicalBytes(["type": "event"]) + [10]
        body += JSONWriter.canonicalBytes(event)
        return body
    }

    func envelopeRequest(_ body: [UInt8], batch: UploadBatch) -> HTTPRequestBytes {
        HTTPRequestBytes(method: "POST", path: path, headers: [
            HTTPHeader("Content-Type", "text/plain;charset=UTF-8"),
            HTTPHeader("Origin", batch.origin),
            HTTPHeader("User-Agent", batch.userAgent),
        ], body: body)
    }
}

/// Reads Sentry envelopes: the header line, then items framed by `length` or by the next newline.
public struct SentryEnvelope: Sendable {
    public struct Item: Sendable {
        public var header: JSONValue
        public var payload: [UInt8]
        public var type: String { header["type"]?.stringValue ?? "" }
    }

    public var header: JSONValue
    public var items: [Item]

    public init(parsing bytes: [UInt8]) throws {
        var index = 0
        func line() -> [UInt8] {
            let end = bytes[index...].firstIndex(of: 10) ?? bytes.count
            defer { index = min(end + 1, bytes.count) }
            return Array(bytes[index..<end])
        }
        header = try JSONReader.parse(line())
        items = []
        while index < bytes.count {
            let itemHeaderBytes = line()
            if itemHeaderBytes.isEmpty { continue }
            let itemHeader = try JSONReader.parse(itemHeaderBytes)
            let payload: [UInt8]
            if let length = itemHeader["length"]?.intValue {
                guard length >= 0, index + length <= bytes.count else { throw AdapterError("envelope item is cut short") }
                payload = Array(bytes[index..<(index + length)])
                index += length
                if index < bytes.count, bytes[index] == 10 { index += 1 }
            } else {
                payload = line()
            }
            items.append(Item(header: itemHeader, payload: payload))
        }
    }

    /// The segment id and rrweb events of a `replay_recording` payload (zlib or plain).
    public static func recording(_ payload: [UInt8]) throws -> (segmentId: Int, events: [Event]) {
        guard let newline = payload.firstIndex(of: 10) else { throw AdapterError("recording has no segment header line") }
        let segment = try JSONReader.parse(Array(payload[..<newline]))
        var rest = Array(payload[(newline + 1)...])
        if rest.first == 0x78 { rest = try Zlib.decompress(rest, format: .zlib, limit: 256 << 20) }
        return (segment["segment_id"]?.intValue ?? -1, try RecordingDecoder.decode(rest))
    }
}
