import ScenarioLanguage
import SessionModel
import Testing
@testable import Simulation

@Suite("Masking, one capture path at a time")
struct MaskingTests {
    let form = page("https://shop.example/form", """
        <form id="f">
          <input id="name" placeholder="Jane Doe" title="Your name">
          <input id="pw" type="password" value="hunter2">
          <input id="csrf" type="hidden" value="csrf-secret-123">
          <textarea id="notes">private notes</textarea>
          <select id="plan"><option value="free">Free</option><option value="pro" selected>Pro</option></select>
          <div id="editor" contenteditable="true"></div>
          <p class="secret" aria-label="Card 4242">Balance 1,234.56</p>
          <img id="avatar" class="secret" alt="Photo of Jane" src="/a.png">
          <div id="blocked" class="rr-block"><span id="inside">hidden words</span></div>
          <div id="private" data-private>Private text</div>
          <div id="target"></div>
        </form>
        """)

    var clientPolicy: MaskingPolicy { MaskingPolicy(maskAllInputs: true, maskTextSelectors: [".secret"], honorsDataPrivate: true) }

    func snapshot(_ policy: MaskingPolicy) throws -> SerializedNode {
        let simulation = try simulate([.visit(url: form.url)], pages: [form], masking: policy)
        return try #require(fullSnapshots(simulation).first)
    }

    @Test("Full snapshot: input values, textarea, select, hidden and password are masked with same-length stars")
    func snapshotInputs() throws {
        let root = try snapshot(clientPolicy)
        #expect(node(withHTMLId: "pw", in: root)?.attribute("value") == "*******")
        #expect(node(withHTMLId: "csrf", in: root)?.attribute("value") == "***************")
        let notes = try #require(node(withHTMLId: "notes", in: root))
        #expect(notes.attribute("value") == "*************")
        #expect(notes.childNodes?.isEmpty == true)
        #expect(node(withHTMLId: "plan", in: root)?.attribute("value") == "***")
        // A masked select does not reveal the chosen option.
        #expect(!text([Event(timestamp: 0, data: .fullSnapshot(FullSnapshot(node: root)))]).contains("\"selected\":true"))
    }

    @Test("Full snapshot: text under a mask selector, its placeholder-like attributes, and data-private")
    func snapshotText() throws {
        let root = try snapshot(clientPolicy)
        let secret = try #require(root.childNodes.flatMap { _ in findClass("secret", in: root) })
        #expect(secret.childNodes?.first?.textContent == "******* ********")
        #expect(secret.attribute("aria-label") == "**** ****")
        #expect(findTag("img", in: root)?.attribute("alt") == "***** ** ****")
        #expect(node(withHTMLId: "private", in: root)?.childNodes?.first?.textContent == "******* ****")
        #expect(node(withHTMLId: "name", in: root)?.attribute("placeholder") == "Jane Doe")
    }

    @Test("Full snapshot: a blocked element is a placeholder with its size and class only")
    func snapshotBlocked() throws {
        let root = try snapshot(clientPolicy)
        let blocked = try #require(findClass("rr-block", in: root))
        #expect(blocked.childNodes == [])
        #expect(blocked.attributes?.keys.sorted() == ["class", "rr_height", "rr_width"])
        #expect(blocked.attribute("rr_width")?.hasSuffix("px") == true)
        #expect(!text([Event(timestamp: 0, data: .fullSnapshot(FullSnapshot(node: root)))]).contains("hidden words"))
    }

    @Test("Passwords are masked even when nothing else is")
    func passwordAlwaysMasked() throws {
        let root = try snapshot(MaskingPolicy())
        #expect(node(withHTMLId: "pw", in: root)?.attribute("value") == "*******")
        #expect(node(withHTMLId: "notes", in: root)?.attribute("value") == "private notes")
    }

    @Test("Raw mode sends everything, passwords included")
    func rawMode() throws {
        let root = try snapshot(.raw)
        #expect(node(withHTMLId: "pw", in: root)?.attribute("value") == "hunter2")
        #expect(findClass("rr-block", in: root)?.childNodes?.isEmpty == false)
    }

    @Test("Added nodes: text and attributes of new elements under a mask are masked")
    func addedNodes() throws {
        let simulation = try simulate([.visit(url: form.url), .addElement(parent: ".secret", html: "<span title=\"Acct 9\">IBAN DE89</span>"), .addElement(parent: "#blocked", html: "<b>never</b>")], pages: [form], masking: clientPolicy)
        let adds = mutations(simulation).flatMap(\.adds)
        #expect(adds.contains { $0.node.textContent == "**** ****" })
        #expect(adds.contains { $0.node.attribute("title") == "**** *" })
        #expect(!text(allEvents(simulation)).contains("never"))
        #expect(!text(allEvents(simulation)).contains("DE89"))
    }

    @Test("Attribute changes: value, placeholder, title, aria-label and alt are masked where the policy says")
    func attributeChanges() throws {
        let simulation = try simulate([
            .visit(url: form.url), .setAttribute(target: "#name", name: "value", value: "Ada Lovelace"),
            .setAttribute(target: ".secret", name: "title", value: "Secret title"), .setAttribute(target: "#avatar", name: "alt", value: "Ada"),
            .setAttribute(target: "#inside", name: "data-x", value: "leak"),
        ], pages: [form], masking: clientPolicy)
        let changes = mutations(simulation).flatMap(\.attributes).map(\.attributes)
        #expect(changes.contains { $0["value"] == .string("************") })
        #expect(changes.contains { $0["title"] == .string("****** *****") })
        #expect(changes.contains { $0["alt"] == .string("***") })
        #expect(!text(allEvents(simulation)).contains("leak"))
    }

    @Test("Text changes: set-text under a mask and typing into contenteditable are masked")
    func textChanges() throws {
        let simulation = try simulate([
            .visit(url: form.url), .setText(target: ".secret", text: "Balance 99"), .type(target: "#editor", text: .canary(Canary(.name))),
        ], pages: [form], masking: clientPolicy)
        let planted = try #require(simulation.canaries.first)
        #expect(planted.capturePath == "mutation")
        #expect(planted.mustBeMasked)
        #expect(!text(allEvents(simulation)).contains(planted.value))
        #expect(!text(allEvents(simulation)).contains("Balance 99"))
        #expect(mutations(simulation).flatMap(\.texts).contains { $0.value?.allSatisfy { $0 == "*" || $0 == " " } == true })
    }

    @Test("Input events: every keystroke is masked with the same length; ignored inputs send none")
    func inputEvents() throws {
        var policy = clientPolicy
        policy.ignoreSelectors = ["#name"]
        let simulation = try simulate([
            .visit(url: form.url), .type(target: "#notes", text: .canary(Canary(.card))), .type(target: "#name", text: .literal("Ada")),
            .select(target: "#plan", value: "free"),
        ], pages: [form], masking: policy)
        let card = try #require(simulation.canaries.first)
        #expect(card.mustBeMasked)
        let typed = inputs(simulation)
        #expect(typed.allSatisfy { $0.text.allSatisfy { $0 == "*" } })
        #expect(typed.last?.text == "****")
        #expect(!typed.contains { $0.text.count == 3 && $0.text != "***" })
        let notes = typed.filter { $0.text.count > 13 }
        #expect(notes.last?.text.count == "private notes".count + card.value.count)
        #expect(!text(allEvents(simulation)).contains(card.value))
    }

    @Test("Console payloads: card numbers, emails and tokens are scrubbed in client mode, kept in raw mode")
    func consolePayloads() throws {
        let template = try Template(parsing: "charge {canary card} for {canary email} with {canary token}")
        let client = try simulate([.visit(url: form.url), .console(.log, template)], pages: [form], masking: clientPolicy)
        let raw = try simulate([.visit(url: form.url), .console(.log, template)], pages: [form], masking: .raw)
        #expect(client.canaries.count == 3 && client.canaries.allSatisfy(\.mustBeMasked))
        for canary in client.canaries { #expect(!text(allEvents(client)).contains(canary.value)) }
        #expect(text(allEvents(client)).contains("[REDACTED]"))
        for canary in raw.canaries { #expect(text(allEvents(raw)).contains(canary.value)) }
        #expect(raw.canaries.allSatisfy { !$0.mustBeMasked })
    }

    @Test("Network: Authorization, Cookie and Set-Cookie are always redacted; configured headers and body fields too")
    func networkHeadersAndBodies() throws {
        var policy = clientPolicy
        policy.networkRules = [.redactHeader("X-Api-Key"), .redactBodyField("card")]
        let call = NetworkCall(.fetch, method: "POST", url: "/api/pay", requestHeaders: [
            Header("Authorization", try Template(parsing: "Bearer {canary token}")), Header("Cookie", "sid=abc"), Header("X-Api-Key", "k-123"), Header("Accept", "application/json"),
        ], requestBody: .json(["card": "{canary card}", "nested": ["card": "{canary card:second}"], "note": "{canary name}"]),
            responseHeaders: [Header("Set-Cookie", "session=xyz")])
        let simulation = try simulate([.visit(url: form.url), .network(call)], pages: [form], masking: policy)
        let all = text(allEvents(simulation))
        for canary in simulation.canaries where canary.mustBeMasked { #expect(!all.contains(canary.value)) }
        let name = try #require(simulation.canaries.first { $0.kind == .name })
        #expect(!name.mustBeMasked)
        #expect(all.contains(name.value))
        #expect(!all.contains("sid=abc") && !all.contains("k-123") && !all.contains("session=xyz"))
        #expect(all.contains("https://shop.example/api/pay"))
        #expect(simulation.canaries.filter(\.mustBeMasked).count == 3)
    }

    @Test("Network: dropped bodies are absent, and raw mode keeps every header")
    func networkDropAndRaw() throws {
        var policy = clientPolicy
        policy.networkRules = [.dropRequestBodies, .dropResponseBodies]
        let call = NetworkCall(.xhr, method: "POST", url: "https://api.example/x", requestHeaders: [Header("Authorization", "Bearer t")], requestBody: .text("{canary password}"), responseBody: .text("ok"))
        let dropped = try simulate([.visit(url: form.url), .network(call)], pages: [form], masking: policy)
        #expect(!text(allEvents(dropped)).contains(dropped.canaries[0].value))
        #expect(dropped.canaries[0].mustBeMasked)
        let raw = try simulate([.visit(url: form.url), .network(call)], pages: [form], masking: .raw)
        #expect(text(allEvents(raw)).contains("Bearer t"))
        #expect(text(allEvents(raw)).contains(raw.canaries[0].value))
    }

    @Test("Masker unit: text masking keeps white space; input masking counts UTF-16 units")
    func maskFunctions() {
        #expect(Masker.maskText("Ab c\n d") == "** *\n *")
        #expect(Masker.maskInput("é😀") == "***")
    }

    private func findClass(_ name: String, in root: SerializedNode) -> SerializedNode? {
        if root.attribute("class")?.split(separator: " ").contains(Substring(name)) == true { return root }
        for child in root.childNodes ?? [] { if let found = findClass(name, in: child) { return found } }
        return nil
    }

    private func findTag(_ name: String, in root: SerializedNode) -> SerializedNode? {
        if root.tagName == name { return root }
        for child in root.childNodes ?? [] { if let found = findTag(name, in: child) { return found } }
        return nil
    }
}
