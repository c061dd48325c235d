import ScenarioLanguage

/// Decides, for one page, what the recorder masks, blocks or ignores, following rrweb's options.
///
/// The rules, in client mode:
/// - **Block** (`blockSelectors`, `blockClasses`, and rrweb's default `rr-block`): the
///   element itself matching is serialized as a placeholder; nothing under it is
///   recorded.
/// - **Text masking** (`maskTextSelectors`, `maskTextClasses`, default `rr-mask`, and
///   `data-private` when honoured): text whose element or any ancestor matches has
///   every non-space character replaced by `*`. The attributes `placeholder`, `title`,
///   `aria-label` and `alt` of such elements are masked the same way, and so are input
///   values under them (stricter than vanilla rrweb, which has leaked all three).
/// - **Input masking**: passwords always; with `maskAllInputs` every input, textarea,
///   select and contenteditable, including `type=hidden` (rrweb leaves hidden inputs and
///   contenteditable text unmasked; both have leaked real secrets). A masked value is
///   one `*` per UTF-16 unit.
/// - **Contenteditable** text counts as input: with `maskAllInputs` it is masked like text.
/// - **Ignore** (`ignoreSelectors`, `ignoreClasses`, default `rr-ignore`): no Input events.
///
/// Ancestors are looked up across shadow roots and into iframes, like the
/// selector engine's piercing queries. In raw mode nothing is changed.
///
/// A page owns its masker; `copy()` gives a page loaded from the cache its own.
///
/// What a refresh works out lives in one `Matches` value: a refresh rebuilds it through a single
/// `inout` access and a query reads it once, so the run-time exclusivity check is paid once per call,
/// not per set or per ancestor; inside, the compiler checks the struct's fields statically.
final class Masker {
    let policy: MaskingPolicy
    private var matches = Matches()
    private let blockClasses: [[UInt8]]
    private let maskClasses: [[UInt8]]
    private let ignoreClasses: [[UInt8]]

    /// What an element's own attributes ask for.
    private struct ClassFlags: OptionSet {
        let rawValue: UInt8
        static let block = ClassFlags(rawValue: 1)
        static let mask = ClassFlags(rawValue: 2)
        static let ignore = ClassFlags(rawValue: 4)
    }

    /// The matched sets and what they were worked out from.
    private struct Matches {
        /// `VirtualDOM.version` when the sets were worked out.
        var version = -1
        var blocked: Set<Int> = []
        var masked: Set<Int> = []
        var ignored: Set<Int> = []
        /// Per node id, what its `class` and `data-private` attributes say (`ClassFlags`), worked out once
        /// per node and again only after an attribute changes.
        var classFlags: [ClassFlags] = []
        /// The ids (from 1) whose `classFlags` are not empty, in increasing order, so a refresh visits only them.
        var flaggedIds: [Int] = []
        /// `VirtualDOM.attributeVersion` when `classFlags` was worked out.
        var classFlagsAttributeVersion = -1
    }

    init(policy: MaskingPolicy) {
        self.policy = policy
        blockClasses = (policy.blockClasses + ["rr-block"]).map { Array($0.utf8) }
        maskClasses = (policy.maskTextClasses + ["rr-mask"]).map { Array($0.utf8) }
        ignoreClasses = (policy.ignoreClasses + ["rr-ignore"]).map { Array($0.utf8) }
    }

    private init(copying other: Masker) {
        policy = other.policy
        matches = other.matches
        blockClasses = other.blockClasses
        maskClasses = other.maskClasses
        ignoreClasses = other.ignoreClasses
    }

    /// An independent masker in the same state, for another page of the same DOM.
    func copy() -> Masker { Masker(copying: self) }

    var isRaw: Bool { policy.mode == .raw }

    /// Recomputes the matched sets when the DOM changed.
    func refresh(_ dom: inout VirtualDOM) {
        guard matches.version != dom.version, !isRaw else { return }
        rebuild(&matches, &dom)
    }

    /// Works the sets out again; `matches` is one `inout` access for the whole rebuild.
    private func rebuild(_ matches: inout Matches, _ dom: inout VirtualDOM) {
        matches.version = dom.version
        matches.blocked = Set(policy.blockSelectors.flatMap { dom.select($0) })
        matches.masked = Set(policy.maskTextSelectors.flatMap { dom.select($0) })
        matches.ignored = Set(policy.ignoreSelectors.flatMap { dom.select($0) })
        if matches.classFlagsAttributeVersion == dom.attributeVersion - 1 {
            // One attribute changed since: only that node's flags can differ.
            updateFlags(of: dom.lastAttributeChange, &matches, dom)
            matches.classFlagsAttributeVersion = dom.attributeVersion
        } else if matches.classFlagsAttributeVersion != dom.attributeVersion {
            matches.classFlags.removeAll(keepingCapacity: true)
            matches.flaggedIds.removeAll(keepingCapacity: true)
            matches.classFlagsAttributeVersion = dom.attributeVersion
        }
        for id in matches.classFlags.count..<dom.count {
            let flags = flags(of: id, dom)
            matches.classFlags.append(flags)
            if id >= 1, !flags.isEmpty { matches.flaggedIds.append(id) }
        }
        for id in matches.flaggedIds where dom[id].alive {
            let flags = matches.classFlags[id]
            if flags.contains(.block) { matches.blocked.insert(id) }
            if flags.contains(.mask) { matches.masked.insert(id) }
            if flags.contains(.ignore) { matches.ignored.insert(id) }
        }
    }

    /// Works out again the flags of one node whose attributes changed, keeping `flaggedIds` in order.
    private func updateFlags(of id: Int, _ matches: inout Matches, _ dom: borrowing VirtualDOM) {
        // A node not flagged yet gets its flags with the other new nodes.
        guard id >= 1, id < matches.classFlags.count else { return }
        let flags = flags(of: id, dom)
        matches.classFlags[id] = flags
        let position = matches.flaggedIds.firstIndex { $0 >= id } ?? matches.flaggedIds.count
        let listed = position < matches.flaggedIds.count && matches.flaggedIds[position] == id
        if flags.isEmpty, listed { matches.flaggedIds.remove(at: position) }
        if !flags.isEmpty, !listed { matches.flaggedIds.insert(id, at: position) }
    }

    /// The node's fields are read in place: a copy of it retains every one of them.
    private func flags(of id: Int, _ dom: borrowing VirtualDOM) -> ClassFlags {
        guard dom[id].kind == .element else { return [] }
        var flags: ClassFlags = []
        for attribute in dom[id].attributes {
            if attribute.name == "class" {
                if Masker.hasClass(attribute.value, blockClasses) { flags.insert(.block) }
                if Masker.hasClass(attribute.value, maskClasses) { flags.insert(.mask) }
                if Masker.hasClass(attribute.value, ignoreClasses) { flags.insert(.ignore) }
            } else if attribute.name == "data-private", policy.honorsDataPrivate {
                flags.insert(.mask)
            }
        }
        return flags
    }

    /// Whether the space-separated class list holds one of `names`, compared byte by byte without allocating.
    static func hasClass(_ list: String, _ names: [[UInt8]]) -> Bool {
        var list = list
        return list.withUTF8 { bytes -> Bool in
            var start = 0
            while start < bytes.count {
                while start < bytes.count, bytes[start] == 0x20 || bytes[start] == 0x09 || bytes[start] == 0x0A { start += 1 }
                var end = start
                while end < bytes.count, bytes[end] != 0x20, bytes[end] != 0x09, bytes[end] != 0x0A { end += 1 }
                if end > start {
                    for name in names where name.count == end - start {
                        var equal = true
                        for offset in 0..<name.count where bytes[start + offset] != name[offset] { equal = false; break }
                        if equal { return true }
                    }
                }
                start = end
            }
            return false
        }
    }

    /// Some element of the page is blocked.
    var blocksAnything: Bool { !isRaw && !matches.blocked.isEmpty }

    /// The element itself is blocked: it becomes a placeholder.
    func isBlocked(_ id: Int) -> Bool { !isRaw && matches.blocked.contains(id) }

    /// The node or an ancestor is blocked: no events are recorded for it.
    func isInsideBlocked(_ id: Int, _ dom: VirtualDOM) -> Bool {
        guard !isRaw else { return false }
        // Read once: the walk below tests every ancestor.
        let blocked = matches.blocked
        return !blocked.isEmpty && anyAncestorOrSelf(id, dom) { blocked.contains($0) }
    }

    /// Text under `id` (an element, or a text node's parent) is masked.
    func masksText(under id: Int, _ dom: VirtualDOM) -> Bool {
        guard !isRaw else { return false }
        let tag = dom[id].tag
        if tag == "style" || tag == "script" { return false }
        if policy.maskAllInputs, isContentEditable(id, dom) { return true }
        let masked = matches.masked
        guard !masked.isEmpty else { return false }
        return anyAncestorOrSelf(id, dom) { masked.contains($0) }
    }

    /// The value of this form control (or contenteditable) is masked.
    func masksValue(of id: Int, _ dom: VirtualDOM) -> Bool {
        if isRaw { return false }
        // The node's fields are read in place: a copy of it retains every one of them.
        let isInput = dom[id].tag == "input"
        if isInput {
            let type = (dom[id].attribute("type") ?? "text").lowercased()
            if type == "password" || dom[id].attribute("data-rr-is-password") != nil { return true }
            switch type {
            case "radio", "checkbox", "submit", "button", "reset", "image": return false
            default: break
            }
        }
        let isControl = isInput || dom[id].tag == "textarea" || dom[id].tag == "select" || isContentEditable(id, dom)
        guard isControl else { return false }
        if policy.maskAllInputs { return true }
        return masksText(under: id, dom)
    }

    /// Input events for this control are not recorded.
    func ignoresInput(_ id: Int, _ dom: VirtualDOM) -> Bool {
        guard !isRaw else { return false }
        let ignored = matches.ignored
        return !ignored.isEmpty && anyAncestorOrSelf(id, dom) { ignored.contains($0) }
    }

    /// The element or an ancestor is `contenteditable`.
    func isContentEditable(_ id: Int, _ dom: VirtualDOM) -> Bool {
        var current: Int? = id
        while let node = current, dom[node].kind == .element {
            if let value = dom[node].attribute("contenteditable") { return value != "false" }
            current = dom.parentElement(of: node)
        }
        return false
    }

    /// The attribute value as the recorder sends it.
    func attribute(_ name: String, _ value: String, of id: Int, _ dom: VirtualDOM) -> String {
        if isRaw { return value }
        if name == "value", masksValue(of: id, dom) { return Masker.maskInput(value) }
        if Masker.isTextLike(name), masksText(under: id, dom) { return Masker.maskText(value) }
        return value
    }

    /// Attributes whose text people read, masked with the element's text.
    static func isTextLike(_ attribute: String) -> Bool {
        switch attribute {
        case "placeholder", "title", "aria-label", "alt": return true
        default: return false
        }
    }

    /// Text as the recorder sends it from under `parent`.
    func text(_ text: String, under parent: Int, _ dom: VirtualDOM) -> String {
        masksText(under: parent, dom) ? Masker.maskText(text) : text
    }

    /// A control's value as the recorder sends it.
    func value(_ value: String, of id: Int, _ dom: VirtualDOM) -> String {
        masksValue(of: id, dom) ? Masker.maskInput(value) : value
    }

    /// rrweb's text mask: every non-white-space character becomes `*`.
    static func maskText(_ text: String) -> String {
        String(String.UnicodeScalarView(text.unicodeScalars.map { $0.properties.isWhitespace ? $0 : "*" }))
    }

    /// rrweb's input mask: one `*` per UTF-16 code unit.
    static func maskInput(_ value: String) -> String {
        maskInput(length: value.utf16.count)
    }

    /// The input mask of a value `length` UTF-16 code units long.
    static func maskInput(length: Int) -> String {
        length < maskedInputs.count ? maskedInputs[length] : String(repeatingASCII: 0x2A, count: length)
    }

    /// The masks of the lengths most values have, made once: typing into a masked control sends one
    /// at every keystroke, and making each afresh cost ~200 instructions.
    private static let maskedInputs: [String] = (0..<128).map { String(repeatingASCII: 0x2A, count: $0) }

    private func anyAncestorOrSelf(_ id: Int, _ dom: VirtualDOM, _ test: (Int) -> Bool) -> Bool {
        var current = dom[id].kind == .element ? id : dom.parentElement(of: id)
        while let node = current {
            if test(node) { return true }
            current = dom.parentElement(of: node)
        }
        return false
    }
}
