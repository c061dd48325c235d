/// Parses a practical subset of HTML into an `HTMLDocument`, never failing.
///
/// Like a browser it accepts anything: stray end tags are dropped, unclosed
/// elements are closed at the end, and a few implied end tags are honoured (`p`
/// before a block, `li`, `option`, `tr`, `td`/`th`, `dt`/`dd`). Supported: start and
/// end tags, quoted/unquoted/boolean attributes, character references (named
/// basics and numeric), comments, doctype, raw text in `script`, `style`,
/// `textarea`, `title` and `iframe`, declarative shadow roots
/// (`<template shadowrootmode="open">` or the older `shadowroot="open"`), and
/// `<iframe srcdoc="...">`, whose value is parsed as the frame's document.
/// Not supported: the full HTML5 insertion modes (no foster parenting, no
/// implied `html`/`head`/`body`).
///
/// ```swift
/// let document = HTMLParser.parse("<ul><li>One<li>Two</ul>")
/// // ul has two li children
/// ```
public enum HTMLParser {
    /// How deeply elements may nest; deeper elements are attached to the deepest allowed one.
    public static let maximumDepth = 256

    /// Parses a whole document (or a fragment, which is the same thing here).
    public static func parse(_ html: String) -> HTMLDocument {
        var builder = TreeBuilder(depthBudget: maximumDepth)
        return HTMLDocument(children: builder.build(Array(html.utf8)))
    }

    /// The byte offset in `html` of the first start tag nested deeper than `maximumDepth`, which `parse` attaches
    /// to the deepest allowed element instead; nil when the nesting fits.
    ///
    /// ```swift
    /// HTMLParser.firstTooDeepTag(in: String(repeating: "<b>", count: 257)) // 768, the 257th <b>
    /// ```
    public static func firstTooDeepTag(in html: String) -> Int? {
        var builder = TreeBuilder(depthBudget: maximumDepth)
        _ = builder.build(Array(html.utf8))
        return builder.firstTooDeepTag
    }
}

/// Builds the tree from tokens with a stack of open elements.
struct TreeBuilder {
    private struct Open {
        var element: HTMLElement
    }

    private var root: [HTMLNode] = []
    private var stack: [Open] = []
    private let depthBudget: Int
    /// Where the token being consumed starts.
    private var tokenStart = 0
    /// Where the first start tag over the depth budget starts (an iframe's, for its `srcdoc`'s), if any.
    private(set) var firstTooDeepTag: Int?

    init(depthBudget: Int) {
        self.depthBudget = depthBudget
    }

    /// The tree of `bytes`, every token consumed.
    mutating func build(_ bytes: [UInt8]) -> [HTMLNode] {
        var tokenizer = HTMLTokenizer(bytes: bytes)
        tokenStart = tokenizer.offset
        while let token = tokenizer.next() {
            consume(token, tokenizer: &tokenizer)
            tokenStart = tokenizer.offset
        }
        return finish()
    }

    private static let blockTags: Set<String> = ["address", "article", "aside", "blockquote", "div", "dl", "fieldset", "footer", "form", "h1", "h2", "h3", "h4", "h5", "h6", "header", "hr", "main", "nav", "ol", "p", "pre", "section", "table", "ul"]

    mutating func consume(_ token: HTMLToken, tokenizer: inout HTMLTokenizer) {
        switch token {
        case .text(let text):
            appendText(text)
        case .comment(let text):
            append(.comment(text))
        case .doctype(let name):
            append(.doctype(name))
        case .endTag(let name):
            close(name)
        case .startTag(let name, let attributes, let selfClosing):
            closeImplied(by: name)
            let element = HTMLElement(tagName: name, attributes: attributes)
            if element.isVoid || selfClosing && !HTMLTokenizer.rawTextTags.contains(name) && name != "template" {
                append(.element(finished(element)))
                return
            }
            if HTMLTokenizer.rawTextTags.contains(name) {
                var element = element
                let text = tokenizer.readRawText(until: name)
                if !text.isEmpty { element.children.append(.text(text)) }
                append(.element(finished(element)))
                return
            }
            if stack.count >= depthBudget {
                if firstTooDeepTag == nil { firstTooDeepTag = tokenStart }
                append(.element(finished(element)))
                return
            }
            stack.append(Open(element: element))
        }
    }

    mutating func finish() -> [HTMLNode] {
        while !stack.isEmpty { popOne() }
        return root
    }

    private mutating func appendText(_ text: String) {
        if stack.isEmpty {
            if case .text(let previous)? = root.last { root[root.count - 1] = .text(previous + text) } else { root.append(.text(text)) }
        } else {
            let top = stack.count - 1
            if case .text(let previous)? = stack[top].element.children.last {
                stack[top].element.children[stack[top].element.children.count - 1] = .text(previous + text)
            } else {
                stack[top].element.children.append(.text(text))
            }
        }
    }

    private mutating func append(_ node: HTMLNode) {
        if stack.isEmpty { root.append(node) } else { stack[stack.count - 1].element.children.append(node) }
    }

    /// Closes the innermost open element called `name`, and everything opened inside it.
    private mutating func close(_ name: String) {
        guard let index = stack.lastIndex(where: { $0.element.tagName == name }) else { return }
        while stack.count > index { popOne() }
    }

    private mutating func closeImplied(by name: String) {
        guard let top = stack.last?.element.tagName else { return }
        switch name {
        case "li":
            if let index = stack.lastIndex(where: { ["li", "ul", "ol"].contains($0.element.tagName) }), stack[index].element.tagName == "li" { close("li") }
        case "option":
            if top == "option" { close("option") }
        case "tr":
            if let index = stack.lastIndex(where: { ["tr", "table"].contains($0.element.tagName) }), stack[index].element.tagName == "tr" { close("tr") }
        case "td", "th":
            if let index = stack.lastIndex(where: { ["td", "th", "tr", "table"].contains($0.element.tagName) }), ["td", "th"].contains(stack[index].element.tagName) { close(stack[index].element.tagName) }
        case "dt", "dd":
            if top == "dt" || top == "dd" { close(top) }
        default:
            if TreeBuilder.blockTags.contains(name), top == "p" { close("p") }
        }
    }

    private mutating func popOne() {
        let element = stack.removeLast().element
        if element.tagName == "template", let mode = TreeBuilder.shadowMode(of: element), !stack.isEmpty, stack[stack.count - 1].element.shadowRoot == nil {
            stack[stack.count - 1].element.shadowRoot = ShadowRoot(mode: mode, children: element.children)
            return
        }
        append(.element(finished(element)))
    }

    /// Completes an element once its content is known (parses an iframe's `srcdoc`).
    private mutating func finished(_ element: HTMLElement) -> HTMLElement {
        guard element.tagName == "iframe", let source = element.attribute("srcdoc") else { return element }
        guard stack.count < depthBudget else {
            if firstTooDeepTag == nil { firstTooDeepTag = tokenStart }
            return element
        }
        var element = element
        var inner = TreeBuilder(depthBudget: depthBudget - stack.count - 1)
        element.contentDocument = HTMLDocument(children: inner.build(Array(source.utf8)))
        if inner.firstTooDeepTag != nil, firstTooDeepTag == nil { firstTooDeepTag = tokenStart }
        return element
    }

    static func shadowMode(of template: HTMLElement) -> ShadowRoot.Mode? {
        guard let value = template.attribute("shadowrootmode") ?? template.attribute("shadowroot") else { return nil }
        return value.lowercased() == "closed" ? .closed : .open
    }
}
