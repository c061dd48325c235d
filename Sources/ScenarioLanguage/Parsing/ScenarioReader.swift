import Markup
import SessionModel

/// Reads lines into a `ParsedScenario`, collecting diagnostics and recovering at the next line.
struct ScenarioReader {
    /// The block the indented lines that follow belong to.
    private enum Block {
        case none
        /// A block whose first line failed: its lines are skipped without more errors.
        case broken
        case person(Int, seen: [String])
        case sdk(SDKBuilder)
        case masking
        case page(Int, htmlSeen: Bool)
        case network(Int)
        case throwError(Int)
    }

    /// A `repeat` block being read: where its header is, and how its body is indented.
    private struct OpenRepeat {
        var headerIndex: Int
        var headerIndent: Int
        /// The indentation of the body's step lines, set by the first of them.
        var bodyIndent: Int?
        /// How many steps one run of the body takes, nested repeats expanded.
        var expandedSteps = 0
    }

    /// SDK overrides collected until the block ends.
    private struct SDKBuilder {
        var kind: SDKProfile.Kind
        var storage: SDKProfile.IdentityStorage?
        var flush: Milliseconds?
        var bytes: Int?
        var events: Int?
        var idle: Milliseconds?
        var maxSession: Milliseconds?
        var crossOriginIframes: Bool?
        var seen: [String: Range<Int>] = [:]
        var profile: SDKProfile {
            var profile = SDKProfile(kind: kind, identityStorage: storage, flushInterval: flush, batchByteCap: bytes, batchEventCap: events, idleTimeout: idle)
            if let maxSession { profile.maxSessionDuration = maxSession }
            if let crossOriginIframes { profile.recordsCrossOriginIframes = crossOriginIframes }
            return profile
        }
    }

    let source: SourceText
    private(set) var parsed = ParsedScenario()
    private(set) var diagnostics: [Diagnostic] = []
    private var block = Block.none
    private var lineIndex = 0
    private var firstSeen: [String: Range<Int>] = [:]
    /// The `repeat` blocks the current line may belong to, innermost last.
    private var repeats: [OpenRepeat] = []
    /// The indentation (bytes of spaces and tabs) of the line being read.
    private var lineIndent = 0

    init(source: SourceText) {
        self.source = source
    }

    mutating func readAll() {
        while lineIndex < source.lines.count {
            let line = lineIndex
            readLine(line)
            lineIndex = max(lineIndex, line + 1)
        }
        closeBlock()
        closeRepeats(atOrDeeperThan: 0)
        if parsed.name == nil {
            let span = source.lines.first.map { $0.lowerBound..<($0.lowerBound + 1) } ?? 0..<1
            diagnostics.append(source.diagnostic("missing scenario name", span: span, label: "start the file with scenario \"NAME\""))
        }
    }

    private mutating func report(_ error: LineError) {
        diagnostics.append(source.diagnostic(error.message, span: error.span, label: error.label, notes: error.notes))
    }

    private mutating func readLine(_ line: Int) {
        var cursor = LineCursor(source: source, line: line)
        let range = source.lines[line]
        var indented = !range.isEmpty && LineCursor.isSpace(source.bytes[range.lowerBound])
        if cursor.atEnd() { return }
        lineIndent = cursor.position - range.lowerBound
        if !repeats.isEmpty {
            closeRepeats(atOrDeeperThan: lineIndent)
            if let open = repeats.last {
                let bodyIndent = open.bodyIndent ?? lineIndent
                repeats[repeats.count - 1].bodyIndent = bodyIndent
                if lineIndent == bodyIndent {
                    indented = false
                } else if lineIndent < bodyIndent {
                    report(LineError(message: "inconsistent indentation in repeat", span: cursor.nextTokenSpan(), label: "indent the repeated steps alike, by \(bodyIndent) spaces"))
                    return
                }
            }
        }
        if indented {
            switch block {
            case .none:
                let span = cursor.nextTokenSpan()
                report(LineError(message: "indented line outside a block", span: span, label: "only the lines of a person, sdk, masking, page, fetch, xhr or throw block are indented"))
            case .broken:
                // Skip a heredoc under a failed block too, so its HTML lines are not read as steps.
                if source.lineText(line).trimmingSpaces.hasSuffix("<<<") { _ = readHeredoc() }
                return
            default:
                do throws(LineError) { try readBlockLine(&cursor) } catch { report(error) }
            }
            return
        }
        closeBlock()
        guard let keyword = cursor.nextWord() else {
            let span = cursor.nextTokenSpan()
            report(LineError(message: "expected a keyword at the start of the line", span: span, label: "a line starts with a keyword such as visit or click"))
            return
        }
        do throws(LineError) {
            let isHeader = Keywords.lineStartIsHeader[keyword.text]
            if isHeader == true, !repeats.isEmpty {
                block = .broken
                throw LineError(message: "\(keyword.text) inside a repeat", span: keyword.span, label: "only steps can be repeated; move it to column 1 before the repeat")
            } else if isHeader == true {
                try readHeader(keyword, &cursor)
            } else if isHeader == false {
                do throws(LineError) {
                    try readStep(keyword, &cursor)
                } catch {
                    parsed.steps.append(ParsedStep(action: nil, location: source.location(of: keyword.span.lowerBound), spans: StepSpans(keyword: keyword.span), failedKeyword: keyword.text))
                    if ["fetch", "xhr", "throw", "repeat"].contains(keyword.text) { block = .broken }
                    throw error
                }
            } else {
                let suggestion = Suggestions.closest(to: keyword.text, among: Keywords.lineStarts)
                let isHeader = suggestion.map { Keywords.header.contains($0) } ?? false
                if !isHeader {
                    parsed.steps.append(ParsedStep(action: nil, location: source.location(of: keyword.span.lowerBound), spans: StepSpans(keyword: keyword.span), failedKeyword: suggestion))
                }
                block = .broken
                throw LineError(message: "unknown \(isHeader ? "keyword" : "step") \"\(keyword.text)\"", span: keyword.span, label: suggestion.map { "did you mean \"\($0)\"?" })
            }
        } catch {
            report(error)
        }
    }

    private mutating func closeBlock() {
        if case .sdk(let builder) = block { parsed.sdk = builder.profile }
        block = .none
    }

    /// Ends every open `repeat` whose header is indented at least `indent`, checking its body and size.
    private mutating func closeRepeats(atOrDeeperThan indent: Int) {
        while let open = repeats.last, open.headerIndent >= indent {
            closeBlock()
            repeats.removeLast()
            let header = parsed.steps[open.headerIndex]
            parsed.steps.append(ParsedStep(action: nil, location: header.location, spans: header.spans, endsRepeat: true))
            guard case .repeatSteps(let count, _)? = header.action else { continue }
            if open.bodyIndent == nil {
                report(LineError(message: "repeat has no steps", span: header.spans.keyword, label: "indent the steps to repeat on the lines below it"))
            }
            let expanded = count * max(1, open.expandedSteps)
            if expanded > Limits.expandedSteps, open.expandedSteps <= Limits.expandedSteps {
                report(LineError(message: "repeat runs \(expanded) steps", span: header.spans.keyword, label: "at most \(Limits.expandedSteps) steps may run once every repeat is expanded"))
            }
            if !repeats.isEmpty { repeats[repeats.count - 1].expandedSteps += expanded } else { parsed.expandedSteps += expanded }
        }
    }

    /// Remembers the first place of a once-only declaration and reports a repeat.
    private mutating func once(_ what: String, _ span: Range<Int>) throws(LineError) {
        if let first = firstSeen[what] {
            let line = source.lineIndex(of: first.lowerBound) + 1
            throw LineError(message: "duplicate \(what)", span: span, label: "already given on line \(line)")
        }
        firstSeen[what] = span
    }

    // MARK: Header lines

    private mutating func readHeader(_ keyword: Token, _ cursor: inout LineCursor) throws(LineError) {
        switch keyword.text {
        case "scenario":
            let name = try cursor.expectString("a scenario name")
            try cursor.expectEnd(after: "the scenario name")
            try once("scenario name", keyword.span)
            guard !name.text.isEmpty else { throw LineError(message: "empty scenario name", span: name.span, label: "give the scenario a name") }
            parsed.name = name.text
        case "seed":
            guard let word = cursor.nextWord() else { throw cursor.missing("a seed") }
            guard !word.text.utf8.contains(where: { $0 < 0x30 || $0 > 0x39 }), let seed = UInt64(word.text) else {
                throw LineError(message: "seed \"\(word.text)\" is not a whole number from 0 to \(UInt64.max)", span: word.span, label: "write a number like 42")
            }
            try cursor.expectEnd(after: "the seed")
            try once("seed", keyword.span)
            parsed.seed = seed
        case "person":
            block = .broken
            let name = try cursor.expectString("a person name")
            try cursor.expectEnd(after: "the person name")
            if let first = parsed.persons.first(where: { $0.value.name == name.text }) {
                throw LineError(message: "duplicate person \"\(name.text)\"", span: name.span, label: "already declared on line \(source.lineIndex(of: first.span.lowerBound) + 1)")
            }
            guard !name.text.isEmpty else { throw LineError(message: "empty person name", span: name.span, label: "give the person a name") }
            parsed.persons.append(Spanned(value: Person(name.text), span: name.span))
            block = .person(parsed.persons.count - 1, seen: [])
        case "third-party-cookies":
            block = .broken
            let jar = try cursor.expectKeyword("cookie jar", ThirdPartyCookieJar.allCases.map(\.rawValue))
            try cursor.expectEnd(after: "the cookie jar")
            try once("third-party-cookies", keyword.span)
            parsed.thirdPartyCookies = ThirdPartyCookieJar(rawValue: jar.text)
            block = .none
        case "sdk":
            block = .broken
            let kind = try cursor.expectKeyword("SDK", Keywords.sdkKinds)
            try cursor.expectEnd(after: "the SDK name")
            try once("sdk", keyword.span)
            block = .sdk(SDKBuilder(kind: SDKProfile.Kind(rawValue: kind.text)!))
        case "masking":
            block = .broken
            var mode = MaskingPolicy.Mode.client
            if !cursor.atEnd() {
                let word = try cursor.expectKeyword("masking mode", ["raw"])
                mode = MaskingPolicy.Mode(rawValue: word.text)!
            }
            try cursor.expectEnd(after: "masking")
            try once("masking", keyword.span)
            parsed.masking.mode = mode
            block = .masking
        case "page":
            block = .broken
            let url = try cursor.expectString("a page URL")
            try cursor.expectEnd(after: "the page URL")
            try checkPageURL(url)
            if let first = parsed.pages.first(where: { $0.value.url == url.text }) {
                throw LineError(message: "duplicate page \"\(url.text)\"", span: url.span, label: "already declared on line \(source.lineIndex(of: first.span.lowerBound) + 1)")
            }
            parsed.pages.append(Spanned(value: Page(url.text, html: ""), span: url.span))
            block = .page(parsed.pages.count - 1, htmlSeen: false)
        case "expect":
            try readExpectation(&cursor)
        default:
            break
        }
    }

    private func checkPageURL(_ url: Token) throws(LineError) {
        let bytes = Array(url.text.utf8)
        let prefix: Int
        if bytes.starts(with: Array("https://".utf8)) { prefix = 8 } else if bytes.starts(with: Array("http://".utf8)) { prefix = 7 } else {
            throw LineError(message: "page URL must be absolute", span: url.span, label: "start it with https:// or http://")
        }
        var index = prefix
        var hostLength = 0
        var hostIsValid = true
        while index < bytes.count, ![UInt8(ascii: "/"), UInt8(ascii: ":"), UInt8(ascii: "?"), UInt8(ascii: "#")].contains(bytes[index]) {
            let byte = bytes[index]
            let isLetterOrDigit = (byte >= 0x61 && byte <= 0x7A) || (byte >= 0x41 && byte <= 0x5A) || (byte >= 0x30 && byte <= 0x39)
            if !isLetterOrDigit, byte != UInt8(ascii: "."), byte != UInt8(ascii: "-") { hostIsValid = false }
            hostLength += 1
            index += 1
        }
        guard hostLength > 0, hostIsValid else {
            throw LineError(message: "page URL has no valid host", span: url.span, label: "write it like https://shop.example/cart")
        }
    }

    private mutating func readExpectation(_ cursor: inout LineCursor) throws(LineError) {
        let kind = try cursor.expectKeyword("expectation", Keywords.expectations)
        let expectation: Expectation
        var spans: [Range<Int>] = []
        switch kind.text {
        case "sessions":
            let person = try cursor.expectString("a person name")
            let count = try cursor.expectInteger("a session count", in: Limits.sessions)
            expectation = .sessionCount(person: person.text, count: count)
            spans = [person.span]
        case "unlinkable", "same-session":
            let first = try cursor.expectString("a page URL")
            let second = try cursor.expectString("a second page URL")
            expectation = kind.text == "unlinkable" ? .unlinkable(first.text, second.text) : .sameSession(first.text, second.text)
            spans = [first.span, second.span]
        case "erased", "not-identified":
            let person = try cursor.expectString("a person name")
            expectation = kind.text == "erased" ? .erased(person: person.text) : .notIdentified(person: person.text)
            spans = [person.span]
        case "masked":
            let selector = try cursor.expectString("a CSS selector")
            expectation = .masked(selector: selector.text)
            spans = [selector.span]
        default:
            expectation = .noCanaryLeaks
        }
        try cursor.expectEnd(after: "the expectation")
        parsed.expectations.append(Spanned(value: expectation, span: kind.span))
        parsed.expectationSpans.append(spans)
    }

    // MARK: Block lines

    private mutating func readBlockLine(_ cursor: inout LineCursor) throws(LineError) {
        switch block {
        case .none, .broken:
            return
        case .person(let index, let seen):
            let keyword = try cursor.expectKeyword("person setting", Keywords.person)
            if seen.contains(keyword.text) {
                throw LineError(message: "duplicate \(keyword.text)", span: keyword.span, label: "a person has one \(keyword.text)")
            }
            block = .person(index, seen: seen + [keyword.text])
            var person = parsed.persons[index].value
            switch keyword.text {
            case "user-agent": person.userAgent = try cursor.expectString("a user agent").text
            case "timezone":
                let zone = try cursor.expectString("a time zone")
                guard zone.text == "UTC" || zone.text.contains("/") else {
                    throw LineError(message: "time zone \"\(zone.text)\" is not an IANA name", span: zone.span, label: "write it like \"Europe/Berlin\" or \"UTC\"")
                }
                person.timezone = zone.text
            case "ip":
                let ip = try cursor.expectString("an IP address")
                if ip.text.hasPrefix("{canary") {
                    let template = try LineCursor.template(ip, source: source)
                    guard template.parts.count == 1, case .canary(let canary) = template.parts[0], canary.kind == .ip else {
                        throw LineError(message: "a person's ip is an address or one ip canary", span: ip.span, label: "write \"{canary ip}\" or \"{canary ip:LABEL}\"")
                    }
                    person.ipCanary = canary
                    break
                }
                guard ScenarioReader.isIPAddress(ip.text) else {
                    throw LineError(message: "\"\(ip.text)\" is not an IP address", span: ip.span, label: "write an IPv4 or IPv6 address like \"203.0.113.7\"")
                }
                person.ip = ip.text
            case "cookies":
                person.cookiesEnabled = try cursor.expectKeyword("cookies on or off", ["on", "off"]).text == "on"
            default:
                person.viewport = try readViewport(&cursor)
            }
            try cursor.expectEnd(after: "the \(keyword.text)")
            parsed.persons[index].value = person
        case .sdk(var builder):
            let keyword = try cursor.expectKeyword("sdk setting", Keywords.sdk)
            if let first = builder.seen[keyword.text] {
                throw LineError(message: "duplicate \(keyword.text)", span: keyword.span, label: "already given on line \(source.lineIndex(of: first.lowerBound) + 1)")
            }
            builder.seen[keyword.text] = keyword.span
            switch keyword.text {
            case "storage": builder.storage = SDKProfile.IdentityStorage(rawValue: try cursor.expectKeyword("storage", Keywords.storages).text)
            case "flush-interval": builder.flush = try cursor.expectDuration("flush interval", in: Limits.flushInterval)
            case "batch-bytes": builder.bytes = try cursor.expectByteSize("batch byte cap", in: Limits.batchBytes)
            case "batch-events": builder.events = try cursor.expectInteger("batch event cap", in: Limits.batchEvents)
            case "max-session": builder.maxSession = try cursor.expectDuration("session cap", in: Limits.maxSession)
            case "cross-origin-iframes": builder.crossOriginIframes = try cursor.expectKeyword("cross-origin-iframes on or off", ["on", "off"]).text == "on"
            default: builder.idle = try cursor.expectDuration("idle timeout", in: Limits.idleTimeout)
            }
            try cursor.expectEnd(after: "the \(keyword.text)")
            block = .sdk(builder)
        case .masking:
            let keyword = try cursor.expectKeyword("masking rule", Keywords.masking)
            var policy = parsed.masking
            switch keyword.text {
            case "mask-all-inputs": policy.maskAllInputs = true
            case "data-private": policy.honorsDataPrivate = true
            case "drop-request-bodies": policy.networkRules.append(.dropRequestBodies)
            case "drop-response-bodies": policy.networkRules.append(.dropResponseBodies)
            case "mask-text": policy.maskTextSelectors.append(try selector(&cursor))
            case "block": policy.blockSelectors.append(try selector(&cursor))
            case "ignore": policy.ignoreSelectors.append(try selector(&cursor))
            case "mask-text-class": policy.maskTextClasses.append(try className(&cursor))
            case "block-class": policy.blockClasses.append(try className(&cursor))
            case "ignore-class": policy.ignoreClasses.append(try className(&cursor))
            case "redact-header": policy.networkRules.append(.redactHeader(try cursor.expectString("a header name").text))
            default: policy.networkRules.append(.redactBodyField(try cursor.expectString("a JSON field name").text))
            }
            try cursor.expectEnd(after: "the \(keyword.text) rule")
            parsed.masking = policy
        case .page(let index, let htmlSeen):
            let keyword = try cursor.expectKeyword("page setting", Keywords.page)
            if keyword.text == "record-after" {
                let event = try cursor.expectKeyword("load event", Keywords.recordAfter)
                try cursor.expectEnd(after: "the record-after setting")
                if parsed.pages[index].value.recordAfter != nil { throw LineError(message: "duplicate record-after", span: keyword.span, label: "a page has one record-after") }
                parsed.pages[index].value.recordAfter = Page.RecordAfter(rawValue: event.text)
                return
            }
            if htmlSeen { throw LineError(message: "duplicate html", span: keyword.span, label: "a page has one html block") }
            block = .page(index, htmlSeen: true)
            let url = parsed.pages[index].value.url
            if cursor.peekIsString() {
                let html = try cursor.expectString("the page HTML")
                try cursor.expectEnd(after: "the HTML")
                parsed.pages[index].value.html = Page.normalize(html.text)
                if HTMLParser.firstTooDeepTag(in: html.text) != nil { throw Self.tooDeep(url, span: html.span) }
                return
            }
            guard let opener = cursor.nextWord(), opener.text == "<<<" else {
                throw cursor.missing("<<< to start the HTML block")
            }
            let firstHTMLLine = lineIndex + 1
            let (html, terminated) = readHeredoc()
            parsed.pages[index].value.html = Page.normalize(html)
            if !terminated {
                parsed.pagesWithUnterminatedHTML.insert(url)
                throw LineError(message: "unterminated HTML block", span: opener.span, label: "add a line with >>> after the HTML")
            }
            try cursor.expectEnd(after: "<<<")
            if let offset = HTMLParser.firstTooDeepTag(in: html) {
                throw Self.tooDeep(url, span: heredocSpan(ofTagAt: offset, in: html, firstLine: firstHTMLLine))
            }
        case .network(let stepIndex):
            guard case .network(var call)? = parsed.steps[stepIndex].action else { return }
            try readNetworkLine(&cursor, &call)
            parsed.steps[stepIndex].action = .network(call)
        case .throwError(let stepIndex):
            guard case .throwError(var error)? = parsed.steps[stepIndex].action else { return }
            _ = try cursor.expectKeyword("stack frame line", Keywords.throwBlock)
            let function = try cursor.expectString("a function name")
            let place = try cursor.expectString("a script location like \"https://shop.example/app.js:120:14\"")
            try cursor.expectEnd(after: "the stack frame")
            error.frames.append(try ScenarioReader.frame(function.text, place))
            parsed.steps[stepIndex].action = .throwError(error)
        }
    }

    static func frame(_ function: String, _ place: Token) throws(LineError) -> ScriptError.Frame {
        let pieces = place.text.split(separator: ":", omittingEmptySubsequences: false)
        guard pieces.count >= 3, let line = Int(pieces[pieces.count - 2]), let column = Int(pieces[pieces.count - 1]),
              Limits.frameNumber.contains(line), Limits.frameNumber.contains(column) else {
            throw LineError(message: "stack frame location must end with :LINE:COLUMN", span: place.span, label: "write it like \"https://shop.example/app.js:120:14\"")
        }
        let url = pieces.dropLast(2).joined(separator: ":")
        guard !url.isEmpty else { throw LineError(message: "stack frame has no script URL", span: place.span, label: "write it like \"https://shop.example/app.js:120:14\"") }
        return ScriptError.Frame(file: url, line: line, column: column, function: function)
    }

    private mutating func readNetworkLine(_ cursor: inout LineCursor, _ call: inout NetworkCall) throws(LineError) {
        let keyword = try cursor.expectKeyword("network setting", Keywords.network)
        switch keyword.text {
        case "status": call.status = try cursor.expectInteger("an HTTP status", in: Limits.status)
        case "duration": call.duration = try cursor.expectDuration("duration", in: Limits.networkDuration)
        case "fails": call.failure = try cursor.expectString("a failure message").text
        case "request-header", "response-header":
            let name = try cursor.expectString("a header name")
            guard !name.text.isEmpty, name.text.allSatisfy({ $0.isASCII && ($0.isLetter || $0.isNumber || $0 == "-" || $0 == "_") }) else {
                throw LineError(message: "invalid header name \"\(name.text)\"", span: name.span, label: "use letters, digits and -")
            }
            let value = try cursor.expectTemplate("a header value")
            if keyword.text == "request-header" { call.requestHeaders.append(Header(name.text, value)) } else { call.responseHeaders.append(Header(name.text, value)) }
        default:
            let body = try readBody(&cursor)
            if keyword.text == "request-body" { call.requestBody = body } else { call.responseBody = body }
        }
        try cursor.expectEnd(after: "the \(keyword.text)")
    }

    private mutating func readBody(_ cursor: inout LineCursor) throws(LineError) -> NetworkBody {
        if cursor.peekIsString() { return .text(try cursor.expectTemplate("a body")) }
        guard let word = cursor.peekWord(), word == "json" else {
            throw LineError(message: "expected a body", span: cursor.nextTokenSpan(), label: "write json {...} or a string")
        }
        _ = cursor.nextWord()
        let start = cursor.endSpan()
        let value = try cursor.expectJSON("the JSON body")
        try checkTemplates(in: value, span: start.lowerBound..<cursor.position)
        return .json(value)
    }

    /// Checks `{canary KIND}` markers inside the strings of a JSON value.
    func checkTemplates(in value: JSONValue, span: Range<Int>) throws(LineError) {
        switch value {
        case .string(let text):
            do { _ = try Template(parsing: text) } catch {
                var label: String? = nil
                if let found = error.found, let suggestion = Suggestions.closest(to: found, among: Keywords.canaryKinds) { label = "did you mean \"\(suggestion)\"?" }
                var errorSpan = span
                if let found = error.found, let range = ScenarioReader.find(Array(("{canary " + found).utf8), in: source.bytes, within: span) {
                    errorSpan = (range.lowerBound + 8)..<range.upperBound
                }
                throw LineError(message: error.message, span: errorSpan, label: label)
            }
        case .array(let items): for item in items { try checkTemplates(in: item, span: span) }
        case .object(let object): for member in object.members { try checkTemplates(in: member.value, span: span) }
        default: break
        }
    }

    static func find(_ needle: [UInt8], in bytes: [UInt8], within span: Range<Int>) -> Range<Int>? {
        guard !needle.isEmpty, span.count >= needle.count else { return nil }
        var index = span.lowerBound
        while index + needle.count <= span.upperBound {
            if bytes[index..<(index + needle.count)].elementsEqual(needle) { return index..<(index + needle.count) }
            index += 1
        }
        return nil
    }

    private mutating func readViewport(_ cursor: inout LineCursor) throws(LineError) -> Viewport {
        guard let word = cursor.nextWord() else { throw cursor.missing("a viewport like 1280x800") }
        let pieces = word.text.split(separator: "x", omittingEmptySubsequences: false)
        guard pieces.count == 2, pieces.allSatisfy({ !$0.isEmpty && $0.count <= 6 && $0.allSatisfy { $0.isASCII && $0.isNumber } }), let width = Int(pieces[0]), let height = Int(pieces[1]) else {
            throw LineError(message: "expected a viewport like 1280x800, found \"\(word.text)\"", span: word.span, label: "write WIDTHxHEIGHT")
        }
        guard Limits.viewportSide.contains(width), Limits.viewportSide.contains(height) else {
            throw LineError(message: "viewport \(word.text) is out of range", span: word.span, label: "each side must be from \(Limits.viewportSide.lowerBound) to \(Limits.viewportSide.upperBound)")
        }
        return Viewport(width: width, height: height)
    }

    /// Reads the lines after `<<<` up to `>>>`; an unterminated block keeps what it read.
    /// The error for page HTML nested deeper than a recording of it may be, at the first tag too deep.
    ///
    /// The HTML parser would attach deeper elements higher up, so the page would silently differ from its HTML;
    /// and a deeper snapshot would be refused by the reference server (`UploadBatch.jsonDepth(pageElements:)`).
    private static func tooDeep(_ url: String, span: Range<Int>) -> LineError {
        LineError(message: "page \"\(url)\" nests elements more than \(UploadBatch.deepestPage) deep", span: span,
                  label: "the first element past \(UploadBatch.deepestPage) levels; recordings and the reference server admit \(UploadBatch.deepestPage)")
    }

    /// The file span of the tag at byte `offset` of heredoc text whose lines start at file line `firstLine`.
    private func heredocSpan(ofTagAt offset: Int, in html: String, firstLine: Int) -> Range<Int> {
        var line = firstLine
        var lineStart = 0
        for (position, byte) in html.utf8.enumerated() where position < offset && byte == 0x0A {
            line += 1
            lineStart = position + 1
        }
        let start = source.lines[line].lowerBound + (offset - lineStart)
        let tagEnd = html.utf8.dropFirst(offset).firstIndex(of: UInt8(ascii: ">")).map { html.utf8.distance(from: html.utf8.startIndex, to: $0) + 1 }
        return start..<(start + max(1, (tagEnd ?? offset + 1) - offset))
    }

    private mutating func readHeredoc() -> (String, terminated: Bool) {
        var lines: [String] = []
        var index = lineIndex + 1
        while index < source.lines.count {
            let text = source.lineText(index)
            if text.trimmingSpaces == ">>>" {
                lineIndex = index + 1
                return (lines.joined(separator: "\n"), true)
            }
            lines.append(text)
            index += 1
        }
        lineIndex = source.lines.count
        return (lines.joined(separator: "\n"), false)
    }

    private mutating func className(_ cursor: inout LineCursor) throws(LineError) -> String {
        let name = try cursor.expectString("a class name")
        guard !name.text.isEmpty, !name.text.contains(" "), !name.text.hasPrefix(".") else {
            throw LineError(message: "invalid class name \"\(name.text)\"", span: name.span, label: "write the class without a dot, like \"rr-block\"")
        }
        return name.text
    }

    /// Reads a selector string and checks its syntax.
    private mutating func selector(_ cursor: inout LineCursor) throws(LineError) -> String {
        let token = try cursor.expectString("a selector")
        try ScenarioReader.validateSelector(token, source: source)
        return token.text
    }

    static func validateSelector(_ token: Token, source: SourceText) throws(LineError) {
        do {
            _ = try CSSSelector(token.text)
        } catch {
            var span = token.span
            let raw = source.text(token.span)
            if raw.count == token.text.count + 2 {
                let prefix = String(token.text.prefix(error.offset))
                let start = token.span.lowerBound + 1 + prefix.utf8.count
                span = start..<min(start + 1, token.span.upperBound - 1)
                if span.isEmpty { span = token.span }
            }
            throw LineError(message: "invalid selector \"\(token.text)\"", span: span, label: error.message)
        }
    }

    static func isIPAddress(_ text: String) -> Bool {
        let parts = text.split(separator: ".", omittingEmptySubsequences: false)
        if parts.count == 4 {
            return parts.allSatisfy { $0.count >= 1 && $0.count <= 3 && $0.allSatisfy { $0.isASCII && $0.isNumber } && Int($0)! <= 255 }
        }
        let groups = text.split(separator: ":", omittingEmptySubsequences: false)
        return text.contains(":") && groups.count <= 8 && groups.allSatisfy { $0.count <= 4 && $0.allSatisfy { $0.isHexDigit } }
    }

    // MARK: Steps

    private mutating func readStep(_ keyword: Token, _ cursor: inout LineCursor) throws(LineError) {
        var spans = StepSpans(keyword: keyword.span)
        let location = source.location(of: keyword.span.lowerBound)

        func target(_ cursor: inout LineCursor, _ role: WritableKeyPath<StepSpans, Range<Int>?> = \.target) throws(LineError) -> String {
            let token = try cursor.expectString("a target selector")
            try ScenarioReader.validateSelector(token, source: source)
            spans[keyPath: role] = token.span
            return token.text
        }
        func url(_ cursor: inout LineCursor) throws(LineError) -> String {
            let token = try cursor.expectString("a page URL")
            spans.url = token.span
            return token.text
        }

        let action: StepAction
        switch keyword.text {
        case "visit": action = .visit(url: try url(&cursor))
        case "navigate": action = .navigate(url: try url(&cursor))
        case "open-tab": action = .openTab(url: try url(&cursor))
        case "back": action = .back
        case "return":
            _ = try cursor.expectKeyword("word", ["after"])
            let pause = try cursor.expectDuration("return delay", in: Limits.returnAfter)
            var page: String? = nil
            if !cursor.atEnd() {
                _ = try cursor.expectKeyword("word", ["to"])
                page = try url(&cursor)
            }
            action = .returnAfter(pause, url: page)
        case "switch-person", "erase":
            let person = try cursor.expectString("a person name")
            spans.person = person.span
            action = keyword.text == "erase" ? .erase(person: person.text) : .switchPerson(person.text)
        case "unload":
            let timing = try cursor.expectKeyword("unload timing", Keywords.unloadTimings)
            if timing.text == "during-upload", !cursor.atEnd() {
                _ = try cursor.expectKeyword("word", ["uploads"])
                action = .unloadDuringUploads(try cursor.expectInteger("a count of uploads in flight", in: Limits.uploadsInFlight))
            } else {
                action = .unload(UnloadTiming(rawValue: timing.text)!)
            }
        case "move":
            _ = try cursor.expectKeyword("word", ["to"])
            action = .moveTo(target: try target(&cursor))
        case "click": action = .click(target: try target(&cursor))
        case "double-click": action = .doubleClick(target: try target(&cursor))
        case "right-click": action = .rightClick(target: try target(&cursor))
        case "rage-click":
            let selector = try target(&cursor)
            var count = 5
            if !cursor.atEnd() {
                _ = try cursor.expectKeyword("word", ["times"])
                count = try cursor.expectInteger("a click count", in: Limits.rageClicks)
            }
            action = .rageClick(target: selector, count: count)
        case "hover": action = .hover(target: try target(&cursor))
        case "scroll":
            var selector: String? = nil
            if cursor.peekIsString() { selector = try target(&cursor) }
            _ = try cursor.expectKeyword("word", ["to"])
            let x = try cursor.expectInteger("a horizontal position", in: Limits.scroll)
            let y = try cursor.expectInteger("a vertical position", in: Limits.scroll)
            action = .scroll(target: selector, x: x, y: y)
        case "type":
            let selector = try target(&cursor)
            if cursor.peekWord() == "canary" {
                _ = cursor.nextWord()
                let kind = try cursor.expectKeyword("canary kind", Keywords.canaryKinds)
                var label: String? = nil
                if cursor.peekIsString() {
                    let token = try cursor.expectString("a canary label")
                    guard !token.text.isEmpty else { throw LineError(message: "empty canary label", span: token.span, label: "remove it or give it a name") }
                    label = token.text
                }
                action = .type(target: selector, text: .canary(Canary(Canary.Kind(rawValue: kind.text)!, label: label)))
            } else if cursor.peekIsString() {
                let token = try cursor.expectString("the text to type")
                if token.text.contains("{canary") {
                    try checkTemplates(in: .string(token.text), span: token.span)
                    action = .type(target: selector, text: .template(try! Template(parsing: token.text)))
                } else {
                    action = .type(target: selector, text: .literal(token.text))
                }
            } else {
                throw LineError(message: "expected the text to type", span: cursor.nextTokenSpan(), label: "write \"text\" or canary KIND")
            }
        case "select":
            let selector = try target(&cursor)
            action = .select(target: selector, value: try cursor.expectString("an option value").text)
        case "check": action = .check(target: try target(&cursor))
        case "uncheck": action = .uncheck(target: try target(&cursor))
        case "focus": action = .focus(target: try target(&cursor))
        case "blur": action = .blur(target: try target(&cursor))
        case "wait": action = .wait(try cursor.expectDuration("wait", in: Limits.wait))
        case "think": action = .think(try cursor.expectDuration("think time", in: Limits.wait))
        case "set-text":
            let selector = try target(&cursor)
            action = .setText(target: selector, text: try cursor.expectString("the new text").text)
        case "set-attribute":
            let selector = try target(&cursor)
            let name = try attributeName(&cursor)
            action = .setAttribute(target: selector, name: name, value: try cursor.expectString("the attribute value").text)
        case "remove-attribute":
            let selector = try target(&cursor)
            action = .removeAttribute(target: selector, name: try attributeName(&cursor))
        case "add-element":
            let parent = try target(&cursor)
            let html = try cursor.expectString("the HTML to add")
            spans.second = html.span
            guard HTMLParser.parse(html.text).children.contains(where: { $0.element != nil }) else {
                throw LineError(message: "add-element needs at least one element", span: html.span, label: "write HTML like \"<li>Item</li>\"")
            }
            action = .addElement(parent: parent, html: html.text)
        case "remove-element": action = .removeElement(target: try target(&cursor))
        case "move-element":
            let moved = try target(&cursor)
            _ = try cursor.expectKeyword("word", ["into"])
            action = .moveElement(target: moved, into: try target(&cursor, \.second))
        case "console":
            let level = try cursor.expectKeyword("console level", Keywords.consoleLevels)
            action = .console(ConsoleLevel(rawValue: level.text)!, try cursor.expectTemplate("a console message"))
        case "throw":
            let type = try cursor.expectWord("an error type like TypeError")
            guard let first = type.text.first, first.isLetter, type.text.allSatisfy({ $0.isLetter || $0.isNumber || $0 == "_" || $0 == "$" }) else {
                throw LineError(message: "invalid error type \"\(type.text)\"", span: type.span, label: "write a constructor name like TypeError")
            }
            action = .throwError(ThrownError(type: type.text, message: try cursor.expectTemplate("an error message")))
        case "reject": action = .rejectPromise(try cursor.expectTemplate("a rejection reason"))
        case "fetch", "xhr":
            let method = try cursor.expectKeyword("HTTP method", Keywords.methods)
            let address = try cursor.expectString("a request URL")
            guard !address.text.isEmpty, !address.text.contains(" ") else {
                throw LineError(message: "invalid request URL \"\(address.text)\"", span: address.span, label: "write a URL without spaces")
            }
            action = .network(NetworkCall(keyword.text == "fetch" ? .fetch : .xhr, method: method.text, url: address.text))
        case "custom":
            let name = try cursor.expectString("an event name")
            var payload: JSONValue? = nil
            if !cursor.atEnd() { payload = try cursor.expectJSON("the event payload") }
            action = .custom(name: name.text, payload: payload)
        case "redux":
            let type = try cursor.expectString("an action type")
            var payload: JSONValue? = nil
            if cursor.peekWord() == "payload" {
                _ = cursor.nextWord()
                payload = try cursor.expectJSON("the action payload")
            }
            _ = try cursor.expectKeyword("word", ["state"])
            action = .redux(type: type.text, payload: payload, state: try cursor.expectJSON("the state"))
        case "push-state", "replace-state":
            let token = try cursor.expectString("a URL of the same origin, like \"/boots?page=2\"")
            guard !token.text.isEmpty, !token.text.contains(" ") else {
                throw LineError(message: "invalid history URL \"\(token.text)\"", span: token.span, label: "write a URL without spaces, like \"/boots?page=2\"")
            }
            spans.url = token.span
            action = keyword.text == "push-state" ? .pushState(url: token.text) : .replaceState(url: token.text)
        case "pop-state": action = .popState
        case "resize": action = .resizeViewport(try readViewport(&cursor))
        case "rotate": action = .rotate
        case "outage":
            let duration = try cursor.expectDuration("outage", in: Limits.outage)
            let failure = try cursor.expectKeyword("outage kind", Keywords.outageFailures)
            switch failure.text {
            case "status": action = .collectorOutage(duration, .status(try cursor.expectInteger("an HTTP status", in: Limits.outageStatus)))
            case "timeout": action = .collectorOutage(duration, .timeout)
            default: action = .collectorOutage(duration, .offline)
            }
        case "repeat":
            let count = try cursor.expectInteger("a repeat count", in: Limits.repeatCount)
            if cursor.peekWord() == "times" { _ = cursor.nextWord() }
            action = .repeatSteps(count: count, body: [])
        case "identify":
            let user = try cursor.expectTemplate("a user id")
            var traits: JSONValue? = nil
            if !cursor.atEnd() {
                _ = try cursor.expectKeyword("word", ["traits"])
                traits = try cursor.expectJSON("the user traits")
            }
            action = .identify(userID: user, traits: traits)
        default:
            return
        }
        try cursor.expectEnd(after: "the \(keyword.text) step")
        parsed.steps.append(ParsedStep(action: action, location: location, spans: spans))
        switch action {
        case .network: block = .network(parsed.steps.count - 1)
        case .throwError: block = .throwError(parsed.steps.count - 1)
        case .repeatSteps: repeats.append(OpenRepeat(headerIndex: parsed.steps.count - 1, headerIndent: lineIndent))
        default: break
        }
        if case .repeatSteps = action { return }
        if !repeats.isEmpty { repeats[repeats.count - 1].expandedSteps += 1 } else { parsed.expandedSteps += 1 }
    }

    private mutating func attributeName(_ cursor: inout LineCursor) throws(LineError) -> String {
        let name = try cursor.expectString("an attribute name")
        guard !name.text.isEmpty, name.text.allSatisfy({ $0.isASCII && ($0.isLetter || $0.isNumber || $0 == "-" || $0 == "_" || $0 == ":") }) else {
            throw LineError(message: "invalid attribute name \"\(name.text)\"", span: name.span, label: "use letters, digits, - and _")
        }
        return name.text.lowercased()
    }
}

extension String {
    /// The string without leading and trailing spaces and tabs.
    var trimmingSpaces: Substring {
        let start = firstIndex { $0 != " " && $0 != "\t" } ?? endIndex
        let end = lastIndex { $0 != " " && $0 != "\t" }.map { index(after: $0) } ?? start
        return self[start..<max(start, end)]
    }
}
