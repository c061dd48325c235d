import SessionModel

/// One coordinate system a scan reports offsets in: the document, or bytes decoded out of it (inflated, base64, Latin-1).
///
/// A space knows where it sits in its parent, so a finding deep inside can name
/// the document offset, the innermost JSON path and the capture path.
final class ScanSpace {
    let bytes: [UInt8]
    let parent: ScanSpace?
    let offsetInParent: Int
    /// How this space was decoded out of its parent; nil for the document.
    let decoding: String?
    let depth: Int

    init(bytes: [UInt8], parent: ScanSpace?, offsetInParent: Int, decoding: String?) {
        self.bytes = bytes
        self.parent = parent
        self.offsetInParent = offsetInParent
        self.decoding = decoding
        depth = (parent?.depth ?? -1) + 1
    }

    /// Whether the bytes start like JSON.
    var looksLikeJSON: Bool {
        let first = bytes.first { ![0x20, 0x0A, 0x0D, 0x09].contains($0) }
        return first == UInt8(ascii: "{") || first == UInt8(ascii: "[")
    }

    /// The decodings from the document down to this space, outermost first.
    var decodings: [String] {
        (parent?.decodings ?? []) + (decoding.map { [$0] } ?? [])
    }

    /// The offset in the document of `offset` in this space (for a decoded space, where its encoded form starts).
    func documentOffset(_ offset: Int) -> Int {
        guard let parent else { return offset }
        return parent.documentOffset(offsetInParent)
    }

    /// The JSON path and capture path of each offset of this space, found in one walk.
    func locate(_ offsets: [Int]) -> [Int: (path: String, capturePath: CapturePath?)] {
        let sorted = Array(Set(offsets)).sorted()
        guard looksLikeJSON, let all = JSONLocator.levels(in: bytes, at: sorted) else { return [:] }
        var located: [Int: (path: String, capturePath: CapturePath?)] = [:]
        for (offset, levels) in zip(sorted, all) {
            located[offset] = (JSONPath(JSONLocator.path(levels, in: bytes)).description, capturePath(levels))
        }
        return located
    }

    /// The capture path of the innermost event around a place, parsing only that event (documents can be large).
    func capturePath(_ levels: [JSONLocator.Level]) -> CapturePath? {
        for depth in levels.indices.reversed() where bytes[levels[depth].start] == UInt8(ascii: "{") {
            guard let end = JSONLocator.end(of: levels[depth].start, in: bytes),
                  let object = try? JSONReader.parse(Array(bytes[levels[depth].start..<end])) else { continue }
            let inside = JSONLocator.path(Array(levels[depth...]), in: bytes)
            if let objectValue = object.objectValue, case .integer? = objectValue["type"], objectValue["data"] != nil {
                return CapturePath.classify(inside, in: object)
            }
            if depth == 0 { return CapturePath.classify(inside, in: object) }
        }
        return nil
    }
}

/// Where findings are, resolved for all of a document's findings at once.
///
/// The outermost space that names a specific capture path wins (a base64 field
/// of an input event is an input leak whatever it decodes to); spaces that are
/// not JSON, or tell only "incremental" or "envelope", defer to inner ones. The
/// JSON path lists each space's path, outermost first, joined by `→`.
struct FindingLocations {
    private var located: [ObjectIdentifier: [Int: (path: String, capturePath: CapturePath?)]] = [:]

    init(_ places: [(space: ScanSpace, offset: Int)]) {
        var queries: [ObjectIdentifier: (space: ScanSpace, offsets: [Int])] = [:]
        for place in places {
            var space: ScanSpace? = place.space
            var offset = place.offset
            while let current = space {
                queries[ObjectIdentifier(current), default: (current, [])].offsets.append(offset)
                offset = current.offsetInParent
                space = current.parent
            }
        }
        for (key, query) in queries { located[key] = query.space.locate(query.offsets) }
    }

    func location(of offset: Int, in space: ScanSpace) -> (jsonPath: String?, capturePath: CapturePath?) {
        var paths: [String] = []
        var captures: [CapturePath] = []
        var current: ScanSpace? = space
        var at = offset
        while let here = current {
            if let found = located[ObjectIdentifier(here)]?[at] {
                paths.insert(found.path, at: 0)
                if let capture = found.capturePath { captures.insert(capture, at: 0) }
            }
            at = here.offsetInParent
            current = here.parent
        }
        let specific = captures.first { ![.incremental, .envelopeField, .unknown].contains($0) }
        return (paths.isEmpty ? nil : paths.joined(separator: " → "), specific ?? captures.last)
    }
}
