import Compression
import SessionModel
import Testing

@Suite("zlib")
struct ZlibTests {
    static let sample = Array(String(repeating: #"{"type":3,"data":{"source":1,"positions":[{"x":1,"y":2,"id":9,"timeOffset":-50}]}}"#, count: 200).utf8)

    @Test("compresses and decompresses each format", arguments: Zlib.Format.allCases)
    func roundTrip(_ format: Zlib.Format) throws {
        let packed = Zlib.compress(Self.sample, format: format)
        #expect(packed.count < Self.sample.count / 10)
        #expect(try Zlib.decompress(packed, format: format, limit: 1 << 20) == Self.sample)
    }

    @Test("tells gzip and zlib apart by the header")
    func autodetect() throws {
        for format in [Zlib.Format.gzip, .zlib] {
            #expect(try Zlib.decompress(Zlib.compress(Self.sample, format: format), format: nil, limit: 1 << 20) == Self.sample)
        }
        let gzip = Zlib.compress(Self.sample, format: .gzip)
        #expect(gzip.prefix(2) == [0x1F, 0x8B])
    }

    @Test("stops a decompression bomb at the limit")
    func bomb() {
        let bomb = Zlib.compress([UInt8](repeating: 0, count: 50 << 20), format: .gzip, level: 9)
        #expect(bomb.count < 100_000)
        #expect(throws: Zlib.Failure.tooLarge(limit: 1 << 20)) { try Zlib.decompress(bomb, format: .gzip, limit: 1 << 20) }
    }

    @Test("rejects corrupt, truncated and trailing data")
    func corrupt() {
        let packed = Zlib.compress(Self.sample, format: .zlib)
        #expect(throws: Zlib.Failure.self) { try Zlib.decompress(Array(packed.prefix(packed.count / 2)), format: .zlib, limit: 1 << 20) }
        #expect(throws: Zlib.Failure.self) { try Zlib.decompress(Array("not compressed".utf8), format: .gzip, limit: 1 << 20) }
        #expect(throws: Zlib.Failure.self) { try Zlib.decompress(packed + [1, 2, 3], format: .zlib, limit: 1 << 20) }
        #expect(throws: Zlib.Failure.self) { try Zlib.decompress(packed, format: .gzip, limit: 1 << 20) }
    }
}
