import ScenarioLanguage
import SessionModel
import Testing
@testable import Simulation
import Markup

@Suite("Recordings: structure, mutations, determinism")
struct RecordingTests {
    @Test("Every real scenario simulates, and every window's recording inspects clean")
    func realScenariosInspectClean() throws {
        for (name, scenario) in try realScenarios() {
            let simulation = try Simulator(scenario: scenario).run()
            #expect(!simulation.sessions.isEmpty, "\(name)")
            for session in simulation.sessions {
                for window in session.windows {
                    let report = RecordingInspector.inspect(RecordingEncoder.encodeArray(window.events))
                    #expect(report.problems.isEmpty, "\(name) session \(session.index): \(report.problems)")
                    // A recorder started while the page loaded records DomContentLoaded and Load first (record-after).
                    let start = window.events.drop { $0.type == .domContentLoaded || $0.type == .load }
                    #expect(start.first?.type == .meta, "\(name)")
                    #expect(start.dropFirst().first?.type == .fullSnapshot, "\(name)")
                    let times = window.events.compactMap(\.timestamp)
                    #expect(zip(times, times.dropFirst()).allSatisfy { $0 <= $1 }, "\(name): timestamps go backwards")
                }
            }
        }
    }

    @Test("Every window's events, kept in its batches' chunks, encode to the recording encoded as they were emitted")
    func windowEventsAreItsRecording() throws {
        for (name, scenario) in try realScenarios() {
            for seed: UInt64 in [0, 7] {
                let simulation = try Simulator(scenario: scenario, seed: seed).run()
                for session in simulation.sessions {
                    for window in session.windows {
                        // Compared first, so a failure names the window instead of printing both recordings.
                        let same = RecordingEncoder.encodeArray(window.events) == window.compactRecording.bytes
                        #expect(same, "\(name) seed \(seed) session \(session.index): its events are not what it recorded")
                        #expect(window.eventCount == window.events.count, "\(name)")
                    }
                }
            }
        }
    }

    @Test("Every real scenario's expectations hold in the manifest")
    func realScenarioExpectationsHold() throws {
        for (name, scenario) in try realScenarios() {
            let simulation = try Simulator(scenario: scenario).run()
            for expectation in simulation.manifest["expectations"]?.arrayValue ?? [] where expectation["holds"] != nil {
                #expect(expectation["holds"] == .bool(true), "\(name): \(expectation)")
            }
        }
    }

    @Test("Every real scenario delivers each event exactly once")
    func nothingLostNothingDoubled() throws {
        for (name, scenario) in try realScenarios() {
            let simulation = try Simulator(scenario: scenario).run()
            let emitted = allEvents(simulation).count
            #expect(acknowledgedEvents(simulation).count == emitted, "\(name)")
        }
    }

    @Test("The same seed gives byte-identical files; another seed changes paths and ids")
    func determinism() throws {
        let scenario = try #require(try realScenarios().first { $0.name == "checkout-declined-card.scenario" }).scenario
        let first = try SimulationFiles.render(try Simulator(scenario: scenario).run())
        let second = try SimulationFiles.render(try Simulator(scenario: scenario).run())
        #expect(first.map(\.path) == second.map(\.path))
        #expect(first.map(\.bytes) == second.map(\.bytes))
        let other = try Simulator(scenario: scenario, seed: scenario.seed + 1).run()
        let original = try Simulator(scenario: scenario).run()
        #expect(other.sessions[0].sessionId != original.sessions[0].sessionId)
        #expect(text(other.sessions[0].events.filter { $0.data.incrementalSource == .mouseMove }) != text(original.sessions[0].events.filter { $0.data.incrementalSource == .mouseMove }))
        #expect(other.canaries.map(\.value) != original.canaries.map(\.value))
    }

    let list = page("https://shop.example/list", "<ul id=\"list\"><li id=\"a\">A</li><li id=\"b\">B</li></ul><div id=\"box\"></div><p id=\"msg\">Hi</p>")

    @Test("Adds carry parentId and nextId, parents before children, with new ids")
    func adds() throws {
        let simulation = try simulate([.visit(url: list.url), .addElement(parent: "#box", html: "<p id=\"x\">One <b>two</b></p><p id=\"y\">Three</p>")], pages: [list])
        let snapshot = try #require(fullSnapshots(simulation).first)
        let box = try #require(node(withHTMLId: "box", in: snapshot))
        let adds = try #require(mutations(simulation).first).adds
        #expect(adds.count == 6)
        let x = try #require(adds.first { $0.node.attribute("id") == "x" })
        let y = try #require(adds.first { $0.node.attribute("id") == "y" })
        #expect(x.parentId == box.id && y.parentId == box.id)
        #expect(x.nextSiblingId == y.node.id)
        #expect(y.nextSiblingId == nil)
        #expect(adds.allSatisfy { $0.node.childNodes?.isEmpty ?? true })
        let seen = adds.map(\.node.id)
        for add in adds where add.parentId != box.id { #expect(seen.firstIndex(of: add.parentId)! < seen.firstIndex(of: add.node.id)!) }
        var maxId = 0
        snapshot.forEachNode { maxId = max(maxId, $0.id) }
        #expect(adds.allSatisfy { $0.node.id > maxId })
    }

    @Test("Removes name the top node; moves remove and re-add the same ids; set-text replaces children")
    func removesMovesTexts() throws {
        let simulation = try simulate([
            .visit(url: list.url), .removeElement(target: "#a"), .moveElement(target: "#b", into: "#box"), .setText(target: "#msg", text: "Bye"),
        ], pages: [list])
        let snapshot = try #require(fullSnapshots(simulation).first)
        let all = mutations(simulation)
        let aId = try #require(node(withHTMLId: "a", in: snapshot)).id
        let bNode = try #require(node(withHTMLId: "b", in: snapshot))
        #expect(all[0].removes.map(\.id) == [aId])
        #expect(all[1].removes.map(\.id) == [bNode.id])
        #expect(all[1].adds.map(\.node.id) == [bNode.id, bNode.childNodes![0].id])
        let msgText = try #require(node(withHTMLId: "msg", in: snapshot)?.childNodes?.first)
        #expect(all[2].removes.map(\.id) == [msgText.id])
        #expect(all[2].adds.first?.node.textContent == "Bye")
    }

    @Test("Re-snapshots after an idle rotation keep node ids; a navigation restarts them at 1")
    func snapshotIds() throws {
        let other = page("https://shop.example/other", "<p id=\"z\">Z</p>")
        let simulation = try simulate([.visit(url: list.url), .addElement(parent: "#box", html: "<i id=\"n\">n</i>"), .wait(3 * 3_600_000), .click(target: "#n"), .navigate(url: other.url)], pages: [list, other])
        let snapshots = fullSnapshots(simulation)
        #expect(snapshots.count == 3)
        #expect(node(withHTMLId: "box", in: snapshots[0])?.id == node(withHTMLId: "box", in: snapshots[1])?.id)
        #expect(node(withHTMLId: "n", in: snapshots[1]) != nil)
        #expect(snapshots[2].id == 1)
    }

    @Test("Shadow roots are serialized with isShadowHost and isShadow; srcdoc frames attach with rootId")
    func shadowAndFrames() throws {
        let shadowPage = Page("https://pay.example/", html: """
            <!DOCTYPE html><html><body><x-card id="host"><template shadowrootmode="open"><input id="cc"></template></x-card>
            <iframe id="frame" srcdoc="<p id='inner'>In</p>"></iframe></body></html>
            """)
        let simulation = try simulate([.visit(url: shadowPage.url), .type(target: "#cc", text: .literal("42")), .setText(target: "#inner", text: "Out")], pages: [shadowPage])
        let snapshot = try #require(fullSnapshots(simulation).first)
        let host = try #require(node(withHTMLId: "host", in: snapshot))
        #expect(host.isShadowHost == true)
        #expect(host.childNodes?.first?.isShadow == true)
        let frame = try #require(node(withHTMLId: "frame", in: snapshot))
        #expect(frame.childNodes == [])
        let attach = try #require(mutations(simulation).first { $0.isAttachIframe == true })
        #expect(attach.adds.count == 1 && attach.adds[0].parentId == frame.id)
        let document = attach.adds[0].node
        #expect(document.type == .document)
        let inner = try #require(node(withHTMLId: "inner", in: document))
        #expect(inner.rootId == document.id)
        #expect(inputs(simulation).last?.text == "42")
        #expect(mutations(simulation).last?.adds.first?.parentId == inner.id)
    }

    @Test("Clicks are mousedown, focus, mouseup, click at the element; JS errors follow the shared convention")
    func clicksAndErrors() throws {
        let app = page("https://app.example/", "<button id=\"b\">Save</button><input id=\"i\">")
        let error = ThrownError(type: "TypeError", message: "x is undefined", frames: [ScriptError.Frame(file: "https://app.example/app.js", line: 120, column: 14, function: "pay")])
        let simulation = try simulate([.visit(url: app.url), .click(target: "#i"), .throwError(error), .rejectPromise("boom"), .redux(type: "cart/add", payload: ["id": "p1"], state: ["n": 1])], pages: [app])
        let interactions = allEvents(simulation).compactMap { event -> MouseInteraction? in
            if case .incrementalSnapshot(.mouseInteraction(let value)) = event.data { return value }
            return nil
        }
        #expect(interactions.map(\.type) == [.mouseDown, .focus, .mouseUp, .click])
        let customs = allEvents(simulation).compactMap { event -> CustomEvent? in
            if case .custom(let value) = event.data { return value }
            return nil
        }
        #expect(customs.map(\.tag) == ["error", "unhandledrejection", "redux"])
        #expect(customs[0].payload == ["type": "TypeError", "message": "x is undefined", "frames": [["file": "https://app.example/app.js", "line": 120, "column": 14, "function": "pay"]], "handled": false])
        #expect(customs[2].payload == ["action": ["type": "cart/add", "id": "p1"], "state": ["n": 1]])
        let consoles = allEvents(simulation).compactMap { event -> ConsoleLog? in
            if case .plugin(let plugin) = event.data, case .console(let log) = plugin.payload { return log }
            return nil
        }
        #expect(consoles[0].payload == ["\"TypeError: x is undefined\""])
        #expect(consoles[0].trace == ["https://app.example/app.js:120:14"])
        #expect(consoles[0].level == "error")
    }

    @Test("A failed network call has status 0 and failed: true")
    func failedNetworkCall() throws {
        let app = page("https://app.example/", "<p>x</p>")
        let simulation = try simulate([.visit(url: app.url), .network(NetworkCall(.xhr, method: "GET", url: "/api", failure: "net::ERR_CONNECTION_RESET"))], pages: [app])
        let request = try #require(allEvents(simulation).compactMap { event -> NetworkRequest? in
            if case .plugin(let plugin) = event.data, case .network(let capture) = plugin.payload { return capture.requests.first }
            return nil
        }.first)
        #expect(request.status == 0)
        #expect(request.extra["failed"] == .bool(true))
        #expect(request.initiatorType == "xmlhttprequest")
        #expect(request.name == "https://app.example/api")
    }

    @Test("A step whose target matches nothing fails with the step's place")
    func missingTarget() throws {
        let scenario = Scenario(name: "x", pages: [page("https://a.example/", "<p>x</p>")], steps: [
            Step(.visit(url: "https://a.example/"), location: SourceLocation(file: "x.scenario", line: 6, column: 1)),
            Step(.click(target: "#nope"), location: SourceLocation(file: "x.scenario", line: 7, column: 1)),
        ])
        #expect(throws: SimulationError.self) { try Simulator(scenario: scenario).run() }
        do {
            _ = try Simulator(scenario: scenario).run()
        } catch {
            #expect(error.description == "x.scenario:7:1: error: \"#nope\" matches nothing on https://a.example/")
        }
    }
}

@Suite("Page model")
struct PageModelTests {
    @Test("Simple selectors answered by scanning agree with the selector index", arguments: ["#payment", ".card-summary", "input", "iframe", "li", "#street", ".nope", "p"])
    func simpleSelectorsAgree(selector: String) throws {
        let scenario = try #require(try realScenarios().first { $0.name == "shadow-and-frames.scenario" }).scenario
        let html = scenario.pages[0].html
        var dom = VirtualDOM(document: Markup.HTMLParser.parse(html), url: scenario.pages[0].url, viewport: Viewport(width: 1280, height: 800))
        let fast = dom.select(selector)
        let viaIndex = dom.select(selector + ":not(.never-used-class)")
        #expect(fast == viaIndex)
    }

    @Test("Queries on the mirror match what the selector index matches on the parsed document", arguments: [
        "*", ":root", "body > *", "li:first-child", "li:last-child", "li:only-child", "li:nth-child(2n+1)", "input:first-of-type",
        "li:last-of-type", ":empty", ":checked", ":disabled", "input:enabled", "#email + input", "#email ~ *", "x-widget input",
        "iframe input", "ul li:not(#l2)", "form.main > input[type=email]", "[lang|=en]", "[type=EMAIL i]", "body :not(li)",
    ])
    func queriesAgreeWithIndex(selector: String) throws {
        let document = Markup.HTMLParser.parse(#"""
            <!DOCTYPE html><html><body>
              <form id="checkout" class="form main"><!-- fields -->
                <input id="email" type="email"><input id="card" type="text"><input id="agree" type="checkbox" checked>
                <button id="pay" class="btn" disabled>Pay</button>
              </form>
              <ul id="list"><li id="l1" lang="en-GB">a</li><li id="l2">b</li><li id="l3"><!-- none --></li></ul>
              <ol><li id="only">c</li></ol>
              <x-widget id="host"><template shadowrootmode="open"><input id="shadow-input"><p>x</p></template><span>light</span></x-widget>
              <iframe id="frame" srcdoc="<input id='frame-input'><p><input id='inner'></p>"></iframe>
            </body></html>
            """#)
        var dom = VirtualDOM(document: document, url: "https://a.example/", viewport: Viewport(width: 1000, height: 700))
        let index = ElementIndex(document)
        let parsed = try CSSSelector(selector)
        let expected = index.select(parsed).map { match in index.elements.firstIndex { $0.path == match.path } }
        let all = dom.select("*")
        let found = dom.select(selector).map { all.firstIndex(of: $0) }
        #expect(all.count == index.elements.count)
        #expect(found == expected)
        #expect(dom.first(selector) == dom.select(selector).first)
    }

    @Test("Class lists are split at space, tab and line feed Characters, byte by byte for ASCII", arguments: [
        "foo", " foo ", "bar\tfoo", "bar\nfoo", "bar\r\nfoo", "foo\r\nbar", "bar\rfoo", "foobar", "bar foo\u{301}", "caf\u{E9} foo", "\n\nfoo\n", "fo", "",
    ])
    func classListSplitsLikeCharacters(classes: String) {
        let asCharacters = classes.split(whereSeparator: { $0 == " " || $0 == "\t" || $0 == "\n" }).contains { $0 == "foo" }
        #expect(VirtualDOM.classList(classes, contains: "foo") == asCharacters)
    }

    @Test("A re-snapshot after typing carries the typed (masked) value, not the cached load-time snapshot")
    func resnapshotAfterTyping() throws {
        let form = page("https://a.example/", "<input id=\"q\">")
        let simulation = try simulate([.visit(url: form.url), .click(target: "#q"), .type(target: "#q", text: .literal("abc")), .wait(2 * 3_600_000), .click(target: "#q")], pages: [form])
        let snapshots = fullSnapshots(simulation)
        #expect(snapshots.count == 2)
        #expect(node(withHTMLId: "q", in: snapshots[0])?.attribute("value") == nil)
        #expect(node(withHTMLId: "q", in: snapshots[1])?.attribute("value") == "abc")
    }

    @Test("Every visible element gets a box inside the page width; hit testing finds the element at its centre")
    func layout() throws {
        var dom = VirtualDOM(document: Markup.HTMLParser.parse("<html><body><h1 id=\"t\">Title</h1><p id=\"p\">Text</p><input id=\"i\"><button id=\"b\">Go</button></body></html>"), url: "https://a.example/", viewport: Viewport(width: 1000, height: 700))
        for id in ["t", "p", "i", "b"] {
            let found = dom.first("#" + id)
            let element = try #require(found)
            let box = dom.box(of: element)
            #expect(box.width > 0 && box.height > 0 && box.x + box.width <= 1000, "\(id)")
            #expect(dom.hitTest(x: box.center.x, y: box.center.y) == element, "\(id)")
        }
    }
}

@Suite("Many seeds")
struct ManySeedsTests {
    @Test("Every real scenario stays clean, complete and within its expectations under other seeds", arguments: [1, 2, 3, 1_000, 123_456_789] as [UInt64])
    func otherSeeds(seed: UInt64) throws {
        for (name, scenario) in try realScenarios() {
            let simulation = try Simulator(scenario: scenario, seed: seed).run()
            for session in simulation.sessions {
                for window in session.windows {
                    let report = RecordingInspector.inspect(RecordingEncoder.encodeArray(window.events))
                    #expect(report.problems.isEmpty, "\(name) seed \(seed): \(report.problems)")
                }
            }
            #expect(acknowledgedEvents(simulation).count == allEvents(simulation).count, "\(name) seed \(seed)")
            for expectation in simulation.manifest["expectations"]?.arrayValue ?? [] where expectation["holds"] != nil {
                #expect(expectation["holds"] == .bool(true), "\(name) seed \(seed): \(expectation)")
            }
        }
    }
}
