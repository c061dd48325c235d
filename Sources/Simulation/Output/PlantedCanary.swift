import ScenarioLanguage
import SessionModel

/// A secret the simulation planted, with its exact value and what policy says must happen to it.
public struct PlantedCanary: Sendable, Equatable {
    /// The generated value, exactly as planted; a privacy scan searches stored data for it.
    public var value: String
    /// The kind of secret.
    public var kind: Canary.Kind
    /// The scenario's label for it, if any.
    public var label: String?
    /// Where it was planted: `input #card`, `network request-header Authorization`, `console`, ...
    public var plantedIn: String
    /// The capture path that carries it: `input`, `mutation`, `network`, `console`, `error`, `identify`.
    public var capturePath: String
    /// The page URL.
    public var page: String
    /// The person who typed or sent it.
    public var person: String
    /// Whether the masking policy says the recorder must not send it.
    public var mustBeMasked: Bool
    /// The virtual clock (epoch ms) when it was planted, which tells what an `erase` step came after.
    public var plantedAt: Int64 = 0

    var json: JSONValue {
        var object: JSONObject = [
            "value": .string(value), "kind": .string(kind.rawValue), "plantedIn": .string(plantedIn),
            "capturePath": .string(capturePath), "page": .string(page), "person": .string(person), "mustBeMasked": .bool(mustBeMasked),
        ]
        if let label { object["label"] = .string(label) }
        return .object(object)
    }
}

/// Makes realistic canary values from the seed; the same canary (kind and label) always gets the same value in one run.
struct CanaryGenerator {
    private var random: SeededRandom
    private var values: [(key: String, value: String)] = []

    init(seed: UInt64) {
        random = SeededRandom.stream(seed, "canaries")
    }

    /// The value for `canary` under `person`; unlabelled canaries are per person, so two people get two secrets.
    mutating func value(for canary: Canary, person: String) -> String {
        let key = canary.kind.rawValue + ":" + (canary.label ?? ("@" + person))
        if let existing = values.first(where: { $0.key == key }) { return existing.value }
        var value = make(canary.kind)
        while values.contains(where: { $0.value == value }) { value = make(canary.kind) }
        values.append((key, value))
        return value
    }

    private static let firstNames = ["Amelia", "Bruno", "Chiara", "Dmitri", "Esme", "Farid", "Greta", "Hiro", "Ines", "Jonas", "Kalani", "Lior", "Marisol", "Nikolai", "Oona", "Pavel"]
    /// `firstNames` as email addresses start (lower case, ASCII only), in the same order, made once.
    private static let emailNames = firstNames.map { $0.lowercased().filter(\.isASCII) }
    private static let lastNames = ["Abernathy", "Brennholz", "Castellano", "Drummond", "Eklund", "Fairweather", "Grünewald", "Halvorsen", "Iwasaki", "Jovanović", "Kowalczyk", "Lindqvist"]
    private static let streets = ["Quillfeather Lane", "Marigold Terrace", "Old Ropewalk", "Kestrel Row", "Juniper Close", "Tanners Yard"]
    private static let cities = ["Ashbury", "Brackenford", "Coldharbour", "Dunmere", "Elmstead"]

    /// `count` random decimal digits, made as ASCII bytes (as Characters, each digit cost a string of its own).
    private mutating func digits(_ count: Int) -> String {
        String(decoding: (0..<count).map { _ in UInt8(ascii: "0") + UInt8(random.int(in: 0...9)) }, as: UTF8.self)
    }

    /// `count` characters picked at random from the ASCII `letters`.
    private mutating func letters(_ count: Int, from letters: [UInt8]) -> String {
        String(decoding: (0..<count).map { _ in letters[random.int(in: 0...(letters.count - 1))] }, as: UTF8.self)
    }

    /// The alphabets the random parts are picked from, as ASCII bytes: made once, not for every value.
    private static let passwordLetters = Array("abcdefghijkmnpqrstuvwxyzABCDEFGHJKLMNPQRSTUVWXYZ23456789".utf8)
    private static let tokenLetters = Array("abcdefghijklmnopqrstuvwxyz0123456789".utf8)
    private static let base64URLLetters = Array("ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_".utf8)

    private mutating func make(_ kind: Canary.Kind) -> String {
        switch kind {
        case .card:
            let prefix = random.pick(["4", "51", "52", "53", "37"])
            let length = prefix == "37" ? 15 : 16
            var body = prefix + digits(length - prefix.count - 1)
            body.append(CanaryGenerator.luhnCheckDigit(body))
            return body
        case .email:
            return random.pick(CanaryGenerator.emailNames) + "." + digits(6) + "@example.test"
        case .phone:
            return "+1 555 0" + digits(2) + " " + digits(4)
        case .password:
            return letters(14, from: CanaryGenerator.passwordLetters) + "!" + digits(2)
        case .token:
            return "tok_" + letters(24, from: CanaryGenerator.tokenLetters)
        case .name:
            return random.pick(CanaryGenerator.firstNames) + " " + random.pick(CanaryGenerator.lastNames) + "-" + random.pick(CanaryGenerator.lastNames)
        case .address:
            return "\(random.int(in: 11...989)) \(random.pick(CanaryGenerator.streets)), \(random.pick(CanaryGenerator.cities)) \(digits(5))"
        case .jwt:
            // {"alg":"HS256","typ":"JWT"} . {"sub":"user-DIGITS","iat":DIGITS} . a random 43-character signature.
            let payload = "{\"sub\":\"user-\(digits(8))\",\"iat\":17\(digits(8))}"
            let signature = letters(43, from: CanaryGenerator.base64URLLetters)
            return "eyJhbGciOiJIUzI1NiIsInR5cCI6IkpXVCJ9." + CanaryGenerator.base64URL(Array(payload.utf8)) + "." + signature
        case .ip:
            let range = random.pick(["192.0.2.", "198.51.100.", "203.0.113."])
            return range + String(random.int(in: 1...254))
        }
    }

    /// Unpadded base64url, as JWT segments are written.
    static func base64URL(_ bytes: [UInt8]) -> String {
        var text: [UInt8] = []
        var index = 0
        while index < bytes.count {
            let chunk = bytes[index..<min(index + 3, bytes.count)]
            let value = chunk.enumerated().reduce(0) { $0 | Int($1.element) << (16 - 8 * $1.offset) }
            for position in 0...chunk.count { text.append(base64URLLetters[(value >> (18 - 6 * position)) & 63]) }
            index += 3
        }
        return String(decoding: text, as: UTF8.self)
    }

    /// The Luhn check digit that makes `digits` (ASCII decimal digits) + it valid.
    static func luhnCheckDigit(_ digits: String) -> Character {
        var sum = 0
        for (offset, byte) in digits.utf8.reversed().enumerated() {
            var value = Int(byte - UInt8(ascii: "0"))
            if offset % 2 == 0 { value *= 2; if value > 9 { value -= 9 } }
            sum += value
        }
        return Character(Unicode.Scalar(UInt8(ascii: "0") + UInt8((10 - sum % 10) % 10)))
    }

    /// Whether a digit string passes the Luhn check.
    static func isLuhnValid(_ digits: String) -> Bool {
        var sum = 0
        for (offset, character) in digits.reversed().enumerated() {
            guard var value = Int(String(character)) else { return false }
            if offset % 2 == 1 { value *= 2; if value > 9 { value -= 9 } }
            sum += value
        }
        return sum % 10 == 0
    }
}

/// One distinct planted value, and whether it may appear in stored data at all.
///
/// A value planted on several paths must not appear only if every path masks
/// it: once policy lets it through anywhere, finding it proves nothing.
public struct CanaryValue: Sendable, Equatable {
    public var value: String
    public var kind: Canary.Kind
    public var mustNotAppear: Bool

    /// Each distinct value of `canaries` once, in planting order.
    public static func distinct(_ canaries: [PlantedCanary]) -> [CanaryValue] {
        var values: [CanaryValue] = []
        for canary in canaries {
            if let index = values.firstIndex(where: { $0.value == canary.value }) {
                values[index].mustNotAppear = values[index].mustNotAppear && canary.mustBeMasked
            } else {
                values.append(CanaryValue(value: canary.value, kind: canary.kind, mustNotAppear: canary.mustBeMasked))
            }
        }
        return values
    }
}
