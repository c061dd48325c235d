/// Lays compact canonical JSON out in the pretty style, without parsing it into values.
///
/// This is what `JSONWriter.Style.pretty` means: two-space indentation, one
/// member or element per line, `": "` after a key, and empty containers as `{}`
/// and `[]`. A container opening deeper than `deepestIndentedLevel` is written
/// compact on its line, so a deep page costs bytes in proportion to its JSON, not
/// to its depth times its lines. Only white space is added, so text that was
/// encoded once can be printed both ways.
///
/// ```swift
/// PrettyPrinter.pretty(Array(#"{"a":[1,{}],"b":"x,y"}"#.utf8))
/// // {
/// //   "a": [
/// //     1,
/// //     {}
/// //   ],
/// //   "b": "x,y"
/// // }
/// ```
enum PrettyPrinter {
    /// How many levels are indented (128 spaces at most); deeper containers stay compact.
    ///
    /// Far deeper than any report, golden or manifest (21 levels at most), so those print one member a line.
    static let deepestIndentedLevel = 64

    /// The pretty form of `compact`, which must be compact canonical JSON (no white space outside strings):
    /// an array, or text lent in place (`EncodedJSON.withUnsafeBytes`).
    static func pretty<Bytes: RandomAccessCollection<UInt8>>(_ compact: Bytes) -> [UInt8] where Bytes.Index == Int {
        var output: [UInt8] = []
        output.reserveCapacity(compact.count * 2)
        var depth = 0
        var inString = false
        var index = compact.startIndex
        func newline() {
            output.append(0x0A)
            for _ in 0..<depth { output.append(0x20); output.append(0x20) }
        }
        while index < compact.endIndex {
            let byte = compact[index]
            index += 1
            if inString {
                output.append(byte)
                if byte == UInt8(ascii: "\\") {
                    output.append(compact[index])
                    index += 1
                } else if byte == UInt8(ascii: "\"") {
                    inString = false
                }
                continue
            }
            switch byte {
            case UInt8(ascii: "\""):
                inString = true
                output.append(byte)
            case UInt8(ascii: "{"), UInt8(ascii: "["):
                if depth >= deepestIndentedLevel {
                    let end = endOfContainer(in: compact, openingAt: index - 1)
                    output.append(contentsOf: compact[(index - 1)..<end])
                    index = end
                    continue
                }
                output.append(byte)
                let close = byte == UInt8(ascii: "{") ? UInt8(ascii: "}") : UInt8(ascii: "]")
                if index < compact.endIndex, compact[index] == close {
                    output.append(close)
                    index += 1
                } else {
                    depth += 1
                    newline()
                }
            case UInt8(ascii: "}"), UInt8(ascii: "]"):
                depth -= 1
                newline()
                output.append(byte)
            case UInt8(ascii: ","):
                output.append(byte)
                newline()
            case UInt8(ascii: ":"):
                output.append(byte)
                output.append(0x20)
            default:
                output.append(byte)
            }
        }
        return output
    }

    /// The index just past the bracket closing the container that opens at `start`, or the end of `compact`.
    private static func endOfContainer<Bytes: RandomAccessCollection<UInt8>>(in compact: Bytes, openingAt start: Int) -> Int where Bytes.Index == Int {
        var open = 0
        var inString = false
        var index = start
        while index < compact.endIndex {
            let byte = compact[index]
            index += 1
            if inString {
                if byte == UInt8(ascii: "\\") { index += 1 } else if byte == UInt8(ascii: "\"") { inString = false }
                continue
            }
            switch byte {
            case UInt8(ascii: "\""): inString = true
            case UInt8(ascii: "{"), UInt8(ascii: "["): open += 1
            case UInt8(ascii: "}"), UInt8(ascii: "]"):
                open -= 1
                if open == 0 { return index }
            default: break
            }
        }
        return compact.endIndex
    }
}
