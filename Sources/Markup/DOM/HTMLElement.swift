/// An element: its tag, its attributes in source order, its children, and optionally a
/// shadow root or (for an `<iframe srcdoc>`) the document it contains.
public struct HTMLElement: Sendable, Equatable {
    /// The tag name, lower-cased (`input`, `my-widget`).
    public var tagName: String
    /// The attributes in source order; a repeated name keeps only its first occurrence, as browsers do.
    public var attributes: [HTMLAttribute]
    /// The child nodes in source order.
    public var children: [HTMLNode]
    /// The shadow root declared with `<template shadowrootmode="open">` (or the older `shadowroot` attribute).
    public var shadowRoot: ShadowRoot?
    /// For an `<iframe srcdoc="...">`, the parsed inner document; nil for other elements.
    public var contentDocument: HTMLDocument?

    /// Creates an element.
    public init(tagName: String, attributes: [HTMLAttribute] = [], children: [HTMLNode] = [], shadowRoot: ShadowRoot? = nil, contentDocument: HTMLDocument? = nil) {
        self.tagName = tagName
        self.attributes = attributes
        self.children = children
        self.shadowRoot = shadowRoot
        self.contentDocument = contentDocument
    }

    /// The value of the attribute called `name`, or nil when it is absent.
    public func attribute(_ name: String) -> String? {
        attributes.first { $0.name == name }?.value
    }

    /// Whether the element has an attribute called `name` (with any value).
    public func hasAttribute(_ name: String) -> Bool {
        attributes.contains { $0.name == name }
    }

    /// Sets an attribute, replacing its value in place or appending it at the end.
    public mutating func setAttribute(_ name: String, _ value: String) {
        if let index = attributes.firstIndex(where: { $0.name == name }) {
            attributes[index].value = value
        } else {
            attributes.append(HTMLAttribute(name: name, value: value))
        }
    }

    /// Removes an attribute and says whether it was there.
    @discardableResult
    public mutating func removeAttribute(_ name: String) -> Bool {
        guard let index = attributes.firstIndex(where: { $0.name == name }) else { return false }
        attributes.remove(at: index)
        return true
    }

    /// The `id` attribute, or nil.
    public var id: String? { attribute("id") }

    /// The white-space separated words of the `class` attribute, in order.
    public var classList: [String] { HTMLElement.classList(of: attribute("class")) }

    /// The white-space separated words of a `class` attribute value, in order (none when there is no value).
    static func classList(of value: String?) -> [String] {
        guard let value else { return [] }
        return value.split(whereSeparator: { $0 == " " || $0 == "\t" || $0 == "\n" || $0 == "\r" || $0 == "\u{0C}" }).map(String.init)
    }

    /// The concatenated text of all descendant text nodes (not entering shadow roots or frames).
    public var textContent: String {
        var result = ""
        func collect(_ nodes: [HTMLNode]) {
            for node in nodes {
                switch node {
                case .text(let text): result += text
                case .element(let element): collect(element.children)
                case .comment, .doctype: break
                }
            }
        }
        collect(children)
        return result
    }

    /// Whether the element is one of HTML's void elements, which have no end tag and no children.
    public var isVoid: Bool { HTMLElement.voidTagNames.contains(tagName) }

    /// The tag names that never have children or an end tag.
    public static let voidTagNames: Set<String> = ["area", "base", "br", "col", "embed", "hr", "img", "input", "link", "meta", "source", "track", "wbr"]
}

/// A shadow tree attached to an element.
public struct ShadowRoot: Sendable, Equatable {
    /// Whether page scripts can reach the shadow tree.
    public enum Mode: String, Sendable, Equatable {
        /// `element.shadowRoot` returns the tree.
        case open
        /// The tree is hidden from page scripts.
        case closed
    }

    /// The mode the template declared (`open` when unspecified).
    public var mode: Mode
    /// The nodes of the shadow tree.
    public var children: [HTMLNode]

    /// Creates a shadow root.
    public init(mode: Mode = .open, children: [HTMLNode] = []) {
        self.mode = mode
        self.children = children
    }
}
