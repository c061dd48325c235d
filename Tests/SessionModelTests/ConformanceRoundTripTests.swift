import SessionModel
import _TestSupport
import XCTest

/// Every third-party recording decodes into the typed model and encodes back to the same JSON.
final class ConformanceRoundTripTests: XCTestCase {
    func testEveryRecordingRoundTrips() throws {
        guard ConformanceCorpus.folder != nil else { throw XCTSkip(ConformanceCorpus.skipMessage) }
        let recordings = ConformanceCorpus.recordings
        XCTAssertEqual(recordings.count, 37, "the conformance folder should hold 37 recordings")
        for url in recordings {
            let bytes = try ConformanceCorpus.bytes(of: url)
            let original = try JSONReader.parse(bytes)
            let events: [Event]
            do {
                events = try RecordingDecoder.decode(bytes)
            } catch {
                XCTFail("\(url.lastPathComponent): \(error)")
                continue
            }
            let encoded = RecordingEncoder.encodeArray(events)
            let reparsed = try JSONReader.parse(encoded)
            XCTAssertEqual(reparsed, original, "\(url.lastPathComponent) changed in a decode-encode round trip")
            XCTAssertEqual(
                String(decoding: encoded, as: UTF8.self), JSONWriter.canonicalString(original),
                "\(url.lastPathComponent): typed encoding differs from the canonical form of the input")
        }
    }
}
