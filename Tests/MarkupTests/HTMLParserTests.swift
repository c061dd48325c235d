import Testing
import Markup

/// An HTML input and the canonical HTML its parse serializes to.
struct ParseCase: Sendable, CustomTestStringConvertible {
    let name: String
    let input: String
    let expected: String
    var testDescription: String { name }
}

@Suite("HTML parser")
struct HTMLParserTests {
    static let cases: [ParseCase] = [
        ParseCase(name: "attributes quoted, unquoted and boolean", input: #"<input id=email type='email' required data-x="a&amp;b">"#, expected: #"<input id="email" type="email" required data-x="a&amp;b">"#),
        ParseCase(name: "tag and attribute names are lower-cased", input: #"<DIV CLASS="a">x</DIV>"#, expected: #"<div class="a">x</div>"#),
        ParseCase(name: "a repeated attribute keeps the first", input: #"<p id="a" id="b"></p>"#, expected: #"<p id="a"></p>"#),
        ParseCase(name: "void elements take no children", input: "<p>a<br>b<img src=x.png>c</p>", expected: #"<p>a<br>b<img src="x.png">c</p>"#),
        ParseCase(name: "li closes an open li", input: "<ul><li>One<li>Two</ul>", expected: "<ul><li>One</li><li>Two</li></ul>"),
        ParseCase(name: "a block closes an open p", input: "<p>Intro<div>Block</div>", expected: "<p>Intro</p><div>Block</div>"),
        ParseCase(name: "td and tr close their open siblings", input: "<table><tr><td>a<td>b<tr><td>c</table>", expected: "<table><tr><td>a</td><td>b</td></tr><tr><td>c</td></tr></table>"),
        ParseCase(name: "option closes an open option", input: "<select><option>a<option>b</select>", expected: "<select><option>a</option><option>b</option></select>"),
        ParseCase(name: "stray end tags are dropped", input: "<div>a</span></div></p>", expected: "<div>a</div>"),
        ParseCase(name: "unclosed elements close at the end", input: "<main><section><h1>T", expected: "<main><section><h1>T</h1></section></main>"),
        ParseCase(name: "script and style keep raw text", input: "<style>a > b { color: red }</style><script>if (a < b && c) {}</script>", expected: "<style>a > b { color: red }</style><script>if (a < b && c) {}</script>"),
        ParseCase(name: "textarea decodes references but not tags", input: "<textarea>&lt;b&gt; <i>x</i></textarea>", expected: "<textarea>&lt;b&gt; &lt;i&gt;x&lt;/i&gt;</textarea>"),
        ParseCase(name: "comments and doctype", input: "<!DOCTYPE HTML><!-- note --><p>x</p>", expected: "<!DOCTYPE html><!-- note --><p>x</p>"),
        ParseCase(name: "character references", input: "<p>&copy; &#169; &#xA9; &unknown; & alone</p>", expected: "<p>© © © &amp;unknown; &amp; alone</p>"),
        ParseCase(name: "a lone < is text", input: "<p>1 < 2</p>", expected: "<p>1 &lt; 2</p>"),
        ParseCase(name: "declarative shadow root", input: #"<x-card><template shadowrootmode="open"><slot></slot></template><b>light</b></x-card>"#, expected: #"<x-card><template shadowrootmode="open"><slot></slot></template><b>light</b></x-card>"#),
        ParseCase(name: "older shadowroot attribute, closed mode", input: #"<x-a><template shadowroot="closed"><i>s</i></template></x-a>"#, expected: #"<x-a><template shadowrootmode="closed"><i>s</i></template></x-a>"#),
        ParseCase(name: "a plain template stays a template", input: "<template><p>t</p></template>", expected: "<template><p>t</p></template>"),
        ParseCase(name: "self-closing syntax on a normal element", input: "<div/><span>x</span>", expected: "<div></div><span>x</span>"),
    ]

    @Test("parses and serializes canonically", arguments: cases)
    func parses(_ testCase: ParseCase) {
        #expect(HTMLSerializer.serialize(HTMLParser.parse(testCase.input)) == testCase.expected)
    }

    @Test("serializing is stable: parse(serialize(doc)) serializes the same", arguments: cases)
    func stable(_ testCase: ParseCase) {
        let once = HTMLSerializer.serialize(HTMLParser.parse(testCase.input))
        #expect(HTMLSerializer.serialize(HTMLParser.parse(once)) == once)
    }

    @Test("builds the tree with text, comments, shadow roots and frame documents")
    func treeShape() throws {
        let document = HTMLParser.parse(#"<!DOCTYPE html><body><!--c--><x-w><template shadowrootmode="open"><input id="inner"></template></x-w><iframe id="f" srcdoc="<p id='p'>in &amp; out</p>"></iframe></body>"#)
        #expect(document.children.count == 2)
        #expect(document.children[0] == .doctype("html"))
        let body = try #require(document.children[1].element)
        #expect(body.children.first == .comment("c"))
        let host = try #require(body.children[1].element)
        #expect(host.shadowRoot == ShadowRoot(mode: .open, children: [.element(HTMLElement(tagName: "input", attributes: [HTMLAttribute(name: "id", value: "inner")]))]))
        #expect(host.children.isEmpty)
        let frame = try #require(body.children[2].element)
        #expect(frame.contentDocument == HTMLDocument(children: [.element(HTMLElement(tagName: "p", attributes: [HTMLAttribute(name: "id", value: "p")], children: [.text("in & out")]))]))
    }

    @Test("nesting deeper than the limit is flattened, not recursed")
    func deepNesting() {
        let depth = HTMLParser.maximumDepth + 50
        let html = String(repeating: "<div>", count: depth) + "x"
        let document = HTMLParser.parse(html)
        var level = 0
        var nodes = document.children
        while let element = nodes.first?.element { level += 1; nodes = element.children }
        #expect(level == HTMLParser.maximumDepth + 1)
        #expect(document.allElements().count == depth)
    }

    @Test("random tag soup never crashes and serializes stably")
    func tagSoup() {
        var state: UInt64 = 0xC0FFEE
        func next(_ bound: Int) -> Int {
            state &+= 0x9E37_79B9_7F4A_7C15
            var z = state
            z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
            z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
            return Int((z ^ (z >> 31)).multipliedFullWidth(by: UInt64(bound)).high)
        }
        let pieces = ["<div>", "</div>", "<p>", "</p>", "<li>", "<ul>", "</ul>", "<td>", "<tr>", "<table>", "<br>", "<input id=a>", "<!--", "-->", "<!doctype html>",
                      "<template shadowrootmode=open>", "</template>", "<iframe srcdoc='<b>x</b>'>", "</iframe>", "<script>", "</script>", "<style>", "<textarea>",
                      "&amp;", "&#x41;", "&", "<", ">", "\"", "'", "=", " ", "text", "é", "<a href=\"x\" b>", "</a>", "<option>", "<select>", "/>"]
        var unstable: [String] = []
        for _ in 0..<5_000 {
            var html = ""
            for _ in 0..<(1 + next(25)) { html += pieces[next(pieces.count)] }
            let once = HTMLSerializer.serialize(HTMLParser.parse(html))
            if HTMLSerializer.serialize(HTMLParser.parse(once)) != once, unstable.count < 3 { unstable.append(html) }
        }
        #expect(unstable.isEmpty, "not stable: \(unstable)")
    }
}

@Suite("HTML parser depth limit")
struct HTMLParserDepthTests {
    @Test("firstTooDeepTag names the first start tag the parser would attach higher up, in the page or in a srcdoc")
    func firstTooDeepTag() {
        let limit = HTMLParser.maximumDepth
        #expect(HTMLParser.firstTooDeepTag(in: String(repeating: "<b>", count: limit) + "<br><script>x</script>") == nil)
        #expect(HTMLParser.firstTooDeepTag(in: String(repeating: "<b>", count: limit + 1)) == 3 * limit)
        #expect(HTMLParser.firstTooDeepTag(in: "<p>x</p>" + String(repeating: "<i>", count: limit + 5)) == 8 + 3 * limit)
        let frame = String(repeating: "<b>", count: limit - 2) + #"<iframe srcdoc="<b><b>"></iframe>"#
        #expect(HTMLParser.firstTooDeepTag(in: frame) == 3 * (limit - 2))
        let fitting = String(repeating: "<b>", count: limit - 2) + #"<iframe srcdoc="<b>"></iframe>"#
        #expect(HTMLParser.firstTooDeepTag(in: fitting) == nil)
    }
}
