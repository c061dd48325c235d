import Foundation

/// Decodes URL (`%XX`, `+`), JSON (`\uXXXX`, `\/`, ...) and HTML (`&name;`, `&#N;`, `&#xH;`) escapes in a window of bytes at once.
///
/// The escapes may be mixed freely, so no fixed pattern covers them; the
/// decoded view is searched instead. Every byte of the view remembers the
/// offset it came from and which escape made it, so a finding can name its
/// place in the original bytes and its decodings.
struct EscapeDecoder {
    /// Which escapes produced a view byte (a bit set).
    struct Kinds: OptionSet, Sendable {
        let rawValue: UInt8
        static let url = Kinds(rawValue: 1)
        static let json = Kinds(rawValue: 2)
        static let html = Kinds(rawValue: 4)

        /// The decodings in words, in a fixed order.
        var names: [String] {
            var names: [String] = []
            if contains(.json) { names.append("JSON \\u escapes") }
            if contains(.url) { names.append("URL encoding") }
            if contains(.html) { names.append("HTML entities") }
            return names
        }
    }

    /// The decoded bytes, where each came from, and what decoded it.
    struct View {
        var bytes: [UInt8] = []
        var sourceOffsets: [Int] = []
        var kinds: [Kinds] = []
    }

    /// Whether the escape starting at `index` is one this decoder turns into other bytes.
    static func startsEscape(_ bytes: UnsafeBufferPointer<UInt8>, at index: Int) -> Bool {
        let count = bytes.count
        switch bytes[index] {
        case UInt8(ascii: "+"):
            return true
        case UInt8(ascii: "%"):
            return index + 2 < count && isHex(bytes[index + 1]) && isHex(bytes[index + 2])
        case UInt8(ascii: "\\"):
            guard index + 1 < count else { return false }
            let next = bytes[index + 1]
            return next == UInt8(ascii: "u") || next == UInt8(ascii: "/") || next == UInt8(ascii: "\\")
        case UInt8(ascii: "&"):
            guard index + 1 < count else { return false }
            let next = bytes[index + 1]
            return next == UInt8(ascii: "#") || (next | 0x20) &- 97 < 26
        default:
            return false
        }
    }

    /// Decodes `bytes[range]`, keeping bytes that are not escapes as they are.
    ///
    /// With `plusAsSpace` false a `+` stays itself (a value holding `+`, such as
    /// a phone number, next to other escapes).
    static func decode(_ bytes: [UInt8], _ range: Range<Int>, plusAsSpace: Bool = true) -> View {
        var view = View()
        view.bytes.reserveCapacity(range.count)
        view.sourceOffsets.reserveCapacity(range.count)
        view.kinds.reserveCapacity(range.count)
        var index = range.lowerBound
        let end = range.upperBound
        func emit(_ produced: [UInt8], from source: Int, _ kind: Kinds) {
            for byte in produced {
                view.bytes.append(byte)
                view.sourceOffsets.append(source)
                view.kinds.append(kind)
            }
        }
        while index < end {
            let byte = bytes[index]
            if byte == UInt8(ascii: "%"), index + 2 < end, let high = hexValue(bytes[index + 1]), let low = hexValue(bytes[index + 2]) {
                emit([high << 4 | low], from: index, .url)
                index += 3
            } else if byte == UInt8(ascii: "+"), plusAsSpace {
                emit([0x20], from: index, .url)
                index += 1
            } else if byte == UInt8(ascii: "\\"), index + 1 < end, let (produced, length) = jsonEscape(bytes, at: index, end: end) {
                emit(produced, from: index, .json)
                index += length
            } else if byte == UInt8(ascii: "&"), let (produced, length) = htmlEntity(bytes, at: index, end: end) {
                emit(produced, from: index, .html)
                index += length
            } else {
                emit([byte], from: index, [])
                index += 1
            }
        }
        return view
    }

    /// A JSON escape at `index` (a backslash): the UTF-8 it stands for and its length.
    static func jsonEscape(_ bytes: [UInt8], at index: Int, end: Int) -> ([UInt8], Int)? {
        let next = bytes[index + 1]
        switch next {
        case UInt8(ascii: "u"):
            guard let unit = hex4(bytes, at: index + 2, end: end) else { return nil }
            if (0xD800..<0xDC00).contains(unit), index + 12 <= end, bytes[index + 6] == UInt8(ascii: "\\"), bytes[index + 7] == UInt8(ascii: "u"),
               let low = hex4(bytes, at: index + 8, end: end), (0xDC00..<0xE000).contains(low) {
                let scalar = 0x10000 + ((unit - 0xD800) << 10) + (low - 0xDC00)
                return (utf8(scalar), 12)
            }
            // A lone surrogate stands for nothing a canary holds; Latin-1 bytes above 0x7F are kept as UTF-8.
            guard !(0xD800..<0xE000).contains(unit) else { return nil }
            return (utf8(unit), 6)
        case UInt8(ascii: "/"), UInt8(ascii: "\\"), UInt8(ascii: "\""): return ([next], 2)
        case UInt8(ascii: "n"): return ([0x0A], 2)
        case UInt8(ascii: "t"): return ([0x09], 2)
        case UInt8(ascii: "r"): return ([0x0D], 2)
        default: return nil
        }
    }

    /// An HTML character reference at `index` (an ampersand): the UTF-8 it stands for and its length.
    static func htmlEntity(_ bytes: [UInt8], at index: Int, end: Int) -> ([UInt8], Int)? {
        var cursor = index + 1
        guard cursor < end else { return nil }
        if bytes[cursor] == UInt8(ascii: "#") {
            cursor += 1
            let isHexadecimal = cursor < end && (bytes[cursor] | 0x20) == UInt8(ascii: "x")
            if isHexadecimal { cursor += 1 }
            var value = 0
            let digitsStart = cursor
            while cursor < end, cursor - digitsStart < 8 {
                let byte = bytes[cursor]
                if isHexadecimal, let digit = hexValue(byte) { value = value * 16 + Int(digit) }
                else if !isHexadecimal, byte &- 48 < 10 { value = value * 10 + Int(byte - 48) }
                else { break }
                cursor += 1
            }
            guard cursor > digitsStart, cursor < end, bytes[cursor] == UInt8(ascii: ";"), value > 0, value < 0x110000,
                  !(0xD800..<0xE000).contains(value) else { return nil }
            return (utf8(value), cursor + 1 - index)
        }
        let nameStart = cursor
        while cursor < end, cursor - nameStart <= HTMLEntities.longestName, (bytes[cursor] | 0x20) &- 97 < 26 { cursor += 1 }
        guard cursor < end, bytes[cursor] == UInt8(ascii: ";"),
              let name = String(bytes: bytes[nameStart..<cursor], encoding: .ascii),
              let scalar = HTMLEntities.scalarsByName[name] else { return nil }
        return (Array(String(Character(scalar)).utf8), cursor + 1 - index)
    }

    static func isHex(_ byte: UInt8) -> Bool { hexValue(byte) != nil }

    static func hexValue(_ byte: UInt8) -> UInt8? {
        switch byte {
        case 48...57: return byte - 48
        case 65...70: return byte - 55
        case 97...102: return byte - 87
        default: return nil
        }
    }

    static func hex4(_ bytes: [UInt8], at index: Int, end: Int) -> Int? {
        guard index + 4 <= end else { return nil }
        var value = 0
        for offset in 0..<4 {
            guard let digit = hexValue(bytes[index + offset]) else { return nil }
            value = value << 4 | Int(digit)
        }
        return value
    }

    static func utf8(_ value: Int) -> [UInt8] {
        guard let scalar = Unicode.Scalar(UInt32(value)) else { return [] }
        return Array(String(Character(scalar)).utf8)
    }
}
