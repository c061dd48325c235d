import Markup
import SessionModel

/// Checks what a parsed file means: pages, persons, order of steps, and selectors against the live page DOM.
///
/// It replays the steps over a small model of tabs and documents, applying DOM
/// changes, so a click on an element a previous step added is valid. After a line
/// that failed to parse, it stops judging selectors until the next navigation,
/// so one mistake does not cause a cascade of errors.
struct ScenarioChecker {
    let source: SourceText
    let parsed: ParsedScenario

    private struct Tab {
        var history: [String]
        var index: Int
        var url: String { history[index] }
    }

    /// The browser state of the current person while replaying.
    private struct Browser {
        var tabs: [Tab] = []
        var current: Int?
        var document: HTMLDocument? { didSet { index = nil } }
        /// The current document's element index, built on first use after each change.
        var index: ElementIndex?
        var unloaded = false
        /// How many `push-state` entries the current document added that `pop-state` can go back through.
        var pushedEntries = 0
        var lastURL: String?
        /// True after a failed line or unknown page: the page is not known, so selectors are not judged.
        var uncertain = false
        var url: String? { current.map { tabs[$0].url } }
    }

    private var diagnostics: [Diagnostic] = []
    /// The run of its `repeat` the step being checked is in, for a note on what is reported.
    private var repeatRun = 1
    private var documents: [String: HTMLDocument] = [:]

    private let pageURLs: [String]
    private let personNames: [String]

    init(source: SourceText, parsed: ParsedScenario) {
        self.source = source
        self.parsed = parsed
        pageURLs = parsed.pages.map(\.value.url)
        personNames = parsed.persons.isEmpty ? [Person.defaultPerson.name] : parsed.persons.map(\.value.name)
    }

    mutating func check() -> [Diagnostic] {
        let pages = parsed.pages.map(\.value)
        for page in parsed.pages {
            if page.value.html.isEmpty, !parsed.pagesWithUnterminatedHTML.contains(page.value.url) {
                report("page \"\(page.value.url)\" has no HTML", page.span, label: "add an html <<< ... >>> block under it")
            }
            documents[page.value.url] = FrameContent.document(for: page.value.url, in: pages) ?? page.value.document
        }
        checkSteps()
        checkExpectations()
        return diagnostics
    }

    /// Keeps the first of equal diagnostics, which a repeated body's second checking run reports again.
    private mutating func removeRepeatedDiagnostics() {
        var kept: [Diagnostic] = []
        for diagnostic in diagnostics where !kept.contains(diagnostic) { kept.append(diagnostic) }
        diagnostics = kept
    }

    private mutating func report(_ message: String, _ span: Range<Int>, label: String? = nil, notes: [String] = []) {
        let notes = repeatRun > 1 ? notes + ["note: on the second run of its repeat, after the first run changed the page"] : notes
        diagnostics.append(source.diagnostic(message, span: span, label: label, notes: notes))
    }


    private mutating func knownPage(_ url: String, _ span: Range<Int>?) -> Bool {
        if documents[url] != nil { return true }
        let suggestion = Suggestions.closest(to: url, among: pageURLs)
        report("unknown page \"\(url)\"", span ?? 0..<1, label: suggestion.map { "did you mean \"\($0)\"?" } ?? "declare it with page \"\(url)\" and its HTML")
        return false
    }

    private mutating func checkSteps() {
        var browser = Browser()
        let hasRepeats = parsed.steps.contains { $0.endsRepeat }
        let order = hasRepeats ? ParsedStep.checkingOrder(parsed.steps[...]) : parsed.steps
        defer { if hasRepeats { removeRepeatedDiagnostics() } }
        for step in order {
            repeatRun = step.repeatRun
            guard let action = step.action else {
                // Only a failed line that could have changed the page makes the page model unreliable.
                if step.failedKeyword.map(ScenarioChecker.changesPage) ?? true { browser.uncertain = true }
                continue
            }
            let spans = step.spans
            switch action {
            case .visit(let url), .openTab(let url), .navigate(let url):
                if case .navigate = action, browser.url == nil, !browser.uncertain {
                    report("navigate before any visit", spans.keyword, label: "start with visit; navigate follows a link from the current page")
                }
                guard knownPage(url, spans.url) else { browser.uncertain = true; continue }
                load(url, in: &browser, newTab: { if case .openTab = action { return true }; return browser.current == nil }(), push: { if case .visit = action { return false }; return true }())
            case .back:
                guard let current = browser.current, browser.tabs[current].index > 0 else {
                    if !browser.uncertain { report("nothing to go back to", spans.keyword, label: "back needs an earlier page in this tab") }
                    continue
                }
                browser.tabs[current].index -= 1
                browser.document = documents[browser.tabs[current].url]
                browser.lastURL = browser.tabs[current].url
                browser.pushedEntries = 0
                browser.unloaded = false
            case .returnAfter(_, let url):
                let target = url ?? browser.lastURL
                guard let target else {
                    if !browser.uncertain { report("return before any visit", spans.keyword, label: "return reopens the last page; visit one first or add to \"URL\"") }
                    continue
                }
                if url != nil, !knownPage(target, spans.url) { browser.uncertain = true; continue }
                load(target, in: &browser, newTab: true, push: false)
            case .switchPerson(let name):
                if !personNames.contains(name) {
                    let suggestion = Suggestions.closest(to: name, among: personNames)
                    report("unknown person \"\(name)\"", spans.person ?? spans.keyword, label: suggestion.map { "did you mean \"\($0)\"?" } ?? "declare it with person \"\(name)\"")
                }
                browser = Browser()
            case .erase(let name):
                if !personNames.contains(name) {
                    let suggestion = Suggestions.closest(to: name, among: personNames)
                    report("unknown person \"\(name)\"", spans.person ?? spans.keyword, label: suggestion.map { "did you mean \"\($0)\"?" } ?? "declare it with person \"\(name)\"")
                }
            case .wait, .think, .collectorOutage:
                continue
            case .pushState(let url), .replaceState(let url):
                guard requirePage(step, &browser), let page = browser.url else { continue }
                if let problem = ScenarioChecker.historyURLProblem(url, page: page) {
                    report("\(source.text(spans.keyword)) to \"\(url)\" leaves the page's origin", spans.url ?? spans.keyword, label: problem)
                }
                if case .pushState = action { browser.pushedEntries += 1 }
            case .popState:
                guard requirePage(step, &browser) else { continue }
                guard browser.pushedEntries > 0 else {
                    report("pop-state without an entry to go back to", spans.keyword, label: "pop-state goes back through push-state entries; use back to leave the page")
                    continue
                }
                browser.pushedEntries -= 1
            default:
                guard requirePage(step, &browser) else { continue }
                checkTargets(action, spans, &browser)
                if ScenarioChecker.unloads(action) {
                    browser.unloaded = true
                    browser.document = nil
                }
            }
        }
    }

    private mutating func load(_ url: String, in browser: inout Browser, newTab: Bool, push: Bool) {
        if newTab || browser.current == nil {
            browser.tabs.append(Tab(history: [url], index: 0))
            browser.current = browser.tabs.count - 1
        } else if let current = browser.current {
            var tab = browser.tabs[current]
            if push {
                tab.history = Array(tab.history.prefix(tab.index + 1)) + [url]
                tab.index = tab.history.count - 1
            } else {
                tab.history = [url]
                tab.index = 0
            }
            browser.tabs[current] = tab
        }
        browser.document = documents[url]
        browser.pushedEntries = 0
        browser.lastURL = url
        browser.unloaded = false
        browser.uncertain = false
    }

    /// Reports a page step made when no page is open; returns whether selectors can be judged.
    private mutating func requirePage(_ step: ParsedStep, _ browser: inout Browser) -> Bool {
        if browser.uncertain { return false }
        let keyword = source.text(step.spans.keyword)
        if browser.unloaded {
            report("\(keyword) after the page unloaded", step.spans.keyword, label: "visit or return to a page first")
            browser.uncertain = true
            return false
        }
        if browser.document == nil {
            report("\(keyword) before any visit", step.spans.keyword, label: "steps act on the current page; visit one first")
            browser.uncertain = true
            return false
        }
        return true
    }

    private mutating func checkTargets(_ action: StepAction, _ spans: StepSpans, _ browser: inout Browser) {
        guard var document = browser.document, let url = browser.url else { return }
        let index = browser.index ?? ElementIndex(document)
        browser.index = index
        var changed = false
        defer { if changed { browser.document = document } }
        func first(_ selector: String, _ span: Range<Int>?) -> MatchedElement? {
            guard let css = try? CSSSelector(selector) else { return nil }
            if let match = index.first(css) { return match }
            var label = "no element of the page matches it"
            if let suggestion = ScenarioChecker.suggestion(for: css, in: document) { label = "did you mean \"\(suggestion)\"?" }
            report("selector \"\(selector)\" matches nothing on \(url)", span ?? spans.keyword, label: label, notes: unknownFrameNotes(in: document, url: url))
            return nil
        }
        switch action {
        case .moveTo(let target), .click(let target), .doubleClick(let target), .rightClick(let target), .rageClick(let target, _), .hover(let target), .focus(let target), .blur(let target):
            _ = first(target, spans.target)
        case .scroll(let target, _, _):
            if let target { _ = first(target, spans.target) }
        case .type(let target, _):
            guard let match = first(target, spans.target) else { return }
            if !ScenarioChecker.acceptsText(match.element) {
                report("cannot type into \(ScenarioChecker.describe(match.element))", spans.target ?? spans.keyword, label: "type needs an input, textarea or contenteditable element")
            }
        case .select(let target, let value):
            guard let match = first(target, spans.target) else { return }
            if match.element.tagName != "select" {
                report("cannot select an option of \(ScenarioChecker.describe(match.element))", spans.target ?? spans.keyword, label: "select needs a <select> element")
            } else {
                let values = HTMLDocument(children: match.element.children).allElements().filter { $0.element.tagName == "option" }.map { $0.element.attribute("value") ?? $0.element.textContent }
                if !values.contains(value) {
                    let suggestion = Suggestions.closest(to: value, among: values)
                    report("\(ScenarioChecker.describe(match.element)) has no option \"\(value)\"", spans.target ?? spans.keyword, label: suggestion.map { "did you mean \"\($0)\"?" } ?? "options are " + LineCursor.list(values.map { "\"\($0)\"" }))
                }
            }
        case .check(let target), .uncheck(let target):
            guard let match = first(target, spans.target) else { return }
            let type = match.element.attribute("type")?.lowercased()
            let allowed = { if case .check = action { return ["checkbox", "radio"] }; return ["checkbox"] }()
            if match.element.tagName != "input" || !allowed.contains(type ?? "") {
                report("cannot \(source.text(spans.keyword)) \(ScenarioChecker.describe(match.element))", spans.target ?? spans.keyword, label: "needs an input of type " + allowed.joined(separator: " or "))
            }
        case .setText(let target, let text):
            guard let match = first(target, spans.target) else { return }
            changed = document.updateElement(at: match.path) { $0.children = [.text(text)] }
        case .setAttribute(let target, let name, let value):
            guard let match = first(target, spans.target) else { return }
            changed = document.updateElement(at: match.path) { $0.setAttribute(name, value) }
        case .removeAttribute(let target, let name):
            guard let match = first(target, spans.target) else { return }
            changed = document.updateElement(at: match.path) { $0.removeAttribute(name) }
        case .addElement(let parent, let html):
            guard let match = first(parent, spans.target) else { return }
            let nodes = HTMLParser.parse(html).children
            let depth = match.path.elementDepth + (nodes.map(\.elementDepth).max() ?? 0)
            if depth > UploadBatch.deepestPage {
                report("the page would nest elements \(depth) deep after this step", spans.second ?? spans.keyword,
                       label: "recordings and the reference server admit \(UploadBatch.deepestPage); add flatter HTML or a shallower parent")
                return
            }
            for node in nodes { changed = document.insert(node, into: match.path) || changed }
        case .removeElement(let target):
            guard let match = first(target, spans.target) else { return }
            changed = document.removeNode(at: match.path) != nil
        case .moveElement(let target, let into):
            guard let moved = first(target, spans.target), let parent = first(into, spans.second) else { return }
            if parent.path.steps.starts(with: moved.path.steps) {
                report("cannot move an element into itself", spans.second ?? spans.keyword, label: "\"\(into)\" is inside \"\(target)\"")
                return
            }
            if let node = document.node(at: moved.path) {
                let depth = parent.path.elementDepth + node.elementDepth
                if depth > UploadBatch.deepestPage {
                    report("the page would nest elements \(depth) deep after this step", spans.second ?? spans.keyword,
                           label: "recordings and the reference server admit \(UploadBatch.deepestPage); move it into a shallower element")
                    return
                }
                document.insert(node, into: parent.path)
                document.removeNode(at: moved.path)
                changed = true
            }
        default:
            break
        }
    }

    /// One note per `<iframe src>` of the page whose URL is no declared page: its content is unknown, so nothing in it matches.
    private func unknownFrameNotes(in document: HTMLDocument, url: String) -> [String] {
        var notes: [String] = []
        for match in document.allElements() where match.element.tagName == "iframe" && match.element.contentDocument == nil {
            guard let src = match.element.attribute("src"), let frameURL = FrameContent.absoluteURL(src, base: url), !notes.contains(where: { $0.contains("\"\(frameURL)\"") }) else { continue }
            let fix = Suggestions.closest(to: frameURL, among: pageURLs).map { "did you mean page \"\($0)\"?" } ?? "declare page \"\(frameURL)\" to give it content"
            notes.append("note: the iframe with src \"\(frameURL)\" shows no declared page, so nothing inside it can be targeted; \(fix)")
        }
        return notes
    }

    static func changesPage(_ keyword: String) -> Bool {
        ["visit", "navigate", "open-tab", "back", "return", "switch-person", "unload", "set-text", "set-attribute", "remove-attribute", "add-element", "remove-element", "move-element"].contains(keyword)
    }

    /// Why `history.pushState(url)` on `page` would throw a SecurityError (another origin), or nil when it may.
    static func historyURLProblem(_ url: String, page: String) -> String? {
        func origin(_ text: String) -> String? {
            let parts = text.split(separator: "/", maxSplits: 3, omittingEmptySubsequences: false)
            guard parts.count >= 3, parts[0].hasSuffix(":"), parts[1].isEmpty else { return nil }
            return (parts[0] + "//" + (parts[2].split(separator: "?").first.map { $0.split(separator: "#").first ?? "" } ?? "")).lowercased()
        }
        if url.hasPrefix("//") { return "history entries stay on \(origin(page) ?? page); write a path like \"/boots\"" }
        guard let target = origin(url) else { return nil }
        return target == origin(page) ? nil : "history entries stay on \(origin(page) ?? page); write a path like \"/boots\""
    }

    static func unloads(_ action: StepAction) -> Bool {
        switch action {
        case .unload, .unloadDuringUploads: return true
        default: return false
        }
    }

    static func acceptsText(_ element: HTMLElement) -> Bool {
        if element.tagName == "textarea" { return true }
        if let editable = element.attribute("contenteditable"), editable.lowercased() != "false" { return true }
        guard element.tagName == "input" else { return false }
        let type = element.attribute("type")?.lowercased() ?? "text"
        return !["checkbox", "radio", "submit", "button", "reset", "hidden", "image", "file", "range", "color"].contains(type)
    }

    /// A short description like `<button id="pay">`.
    static func describe(_ element: HTMLElement) -> String {
        var text = "<" + element.tagName
        for name in ["id", "type", "name"] {
            if let value = element.attribute(name) { text += " \(name)=\"\(value)\"" }
        }
        return text + ">"
    }

    /// A selector that matches, made by replacing a misspelt `#id`, `.class` or tag with the nearest one on the page.
    static func suggestion(for selector: CSSSelector, in document: HTMLDocument) -> String? {
        var ids: [String] = []
        var classes: [String] = []
        var tags: [String] = []
        for match in document.allElements() {
            if let id = match.element.id, !ids.contains("#" + id) { ids.append("#" + id) }
            for name in match.element.classList where !classes.contains("." + name) { classes.append("." + name) }
            if !tags.contains(match.element.tagName) { tags.append(match.element.tagName) }
        }
        for part in selector.simpleParts {
            let candidates = part.hasPrefix("#") ? ids : part.hasPrefix(".") ? classes : tags
            guard !candidates.contains(part), let replacement = Suggestions.closest(to: part, among: candidates),
                  let text = replacingFirst(part, with: replacement, in: selector.source) else { continue }
            if let fixed = try? CSSSelector(text), !document.select(fixed).isEmpty { return text }
        }
        return nil
    }

    static func replacingFirst(_ part: String, with replacement: String, in text: String) -> String? {
        let characters = Array(text)
        let needle = Array(part)
        guard needle.count <= characters.count else { return nil }
        for start in 0...(characters.count - needle.count) where Array(characters[start..<(start + needle.count)]) == needle {
            return String(characters[..<start]) + replacement + String(characters[(start + needle.count)...])
        }
        return nil
    }

    private mutating func checkExpectations() {
        for (index, expectation) in parsed.expectations.enumerated() {
            let spans = parsed.expectationSpans[index]
            switch expectation.value {
            case .sessionCount(let person, _), .erased(let person), .notIdentified(let person):
                if !personNames.contains(person) {
                    let suggestion = Suggestions.closest(to: person, among: personNames)
                    report("unknown person \"\(person)\"", spans[0], label: suggestion.map { "did you mean \"\($0)\"?" } ?? "declare it with person \"\(person)\"")
                }
            case .unlinkable(let a, let b), .sameSession(let a, let b):
                _ = knownPage(a, spans[0])
                _ = knownPage(b, spans[1])
            case .noCanaryLeaks:
                break
            case .masked(let selector):
                do { _ = try CSSSelector(selector) } catch {
                    report("invalid selector: \(error.message)", spans[0], label: "write a CSS selector such as \"#card\"")
                }
            }
        }
    }
}
