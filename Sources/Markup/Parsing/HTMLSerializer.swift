/// Writes an `HTMLDocument` back as HTML text, deterministically.
///
/// Attributes keep their order, text and attribute values are escaped, raw-text
/// elements (`script`, `style`) are written as they are, shadow roots become a
/// leading `<template shadowrootmode="...">`, and an iframe's content document is
/// written through its `srcdoc` attribute (which already holds it).
///
/// ```swift
/// HTMLSerializer.serialize(HTMLParser.parse("<p class=a>x &amp; y")) // <p class="a">x &amp; y</p>
/// ```
public enum HTMLSerializer {
    /// The HTML text of a whole document.
    public static func serialize(_ document: HTMLDocument) -> String {
        var output = ""
        write(document.children, rawText: false, into: &output)
        return output
    }

    /// The HTML text of one node.
    public static func serialize(_ node: HTMLNode) -> String {
        var output = ""
        write([node], rawText: false, into: &output)
        return output
    }

    private static func write(_ nodes: [HTMLNode], rawText: Bool, into output: inout String) {
        for node in nodes {
            switch node {
            case .text(let text):
                output += rawText ? text : escape(text, attribute: false)
            case .comment(let text):
                output += "<!--" + text + "-->"
            case .doctype(let name):
                output += "<!DOCTYPE " + name + ">"
            case .element(let element):
                output += "<" + element.tagName
                for attribute in element.attributes {
                    output += " " + attribute.name
                    if !attribute.value.isEmpty { output += "=\"" + escape(attribute.value, attribute: true) + "\"" }
                }
                output += ">"
                if element.isVoid { continue }
                if let root = element.shadowRoot {
                    output += "<template shadowrootmode=\"\(root.mode.rawValue)\">"
                    write(root.children, rawText: false, into: &output)
                    output += "</template>"
                }
                write(element.children, rawText: HTMLTokenizer.rawTextTags.contains(element.tagName) && element.tagName != "textarea" && element.tagName != "title", into: &output)
                output += "</" + element.tagName + ">"
            }
        }
    }

    private static func escape(_ text: String, attribute: Bool) -> String {
        var result = ""
        result.reserveCapacity(text.utf8.count)
        for character in text {
            switch character {
            case "&": result += "&amp;"
            case "<": result += "&lt;"
            case ">": result += "&gt;"
            case "\"" where attribute: result += "&quot;"
            case "\u{A0}": result += "&nbsp;"
            default: result.append(character)
            }
        }
        return result
    }
}
