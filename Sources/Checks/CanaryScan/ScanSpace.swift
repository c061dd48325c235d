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
    private var parsedRoot: JSONValue??

    init(bytes: [UInt8], parent: ScanSpace?, offsetInParent: Int, decoding: String?) {
        self.bytes = bytes
        self.parent = parent
        self.offsetInParent = offsetInParent
        self.decoding = decoding
        depth = (parent?.depth ?? -1) + 1
    }

    /// The space's bytes as JSON, parsed once, or nil when they are not JSON.
    var root: JSONValue? {
        if let parsedRoot { return parsedRoot }
        let first = bytes.first { ![0x20, 0x0A, 0x0D, 0x09].contains($0) }
        let value = first == UInt8(ascii: "{") || first == UInt8(ascii: "[") ? try? JSONReader.parse(bytes) : nil
        parsedRoot = .some(value)
        return value
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

    /// The JSON path (outermost first, `→` between spaces) and the most specific capture path at `offset`.
    ///
    /// The outermost space that names a specific path wins (a base64 field of an
    /// input event is an input leak whatever it decodes to); spaces that are not
    /// JSON or tell only "incremental" or "envelope" defer to the inner spaces.
    func location(of offset: Int) -> (jsonPath: String?, capturePath: CapturePath?) {
        var paths: [String] = []
        var captures: [CapturePath] = []
        var space: ScanSpace? = self
        var at = offset
        while let current = space {
            if let root = current.root, let components = JSONLocator.path(in: current.bytes, at: at) {
                paths.insert(JSONPath(components).description, at: 0)
                if let capture = CapturePath.classify(components, in: root) { captures.insert(capture, at: 0) }
            }
            at = current.offsetInParent
            space = current.parent
        }
        let specific = captures.first { ![.incremental, .envelopeField, .unknown].contains($0) }
        return (paths.isEmpty ? nil : paths.joined(separator: " → "), specific ?? captures.last)
    }
}
