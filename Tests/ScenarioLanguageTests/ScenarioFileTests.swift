import Testing
import ScenarioLanguage
import _TestSupport

@Suite("Scenarios folder")
struct ScenarioFileTests {
    @Test("holds at least ten scenarios")
    func atLeastTen() {
        #expect(RepositoryFiles.scenarioNames.count >= 10)
    }

    @Test("every file parses without diagnostics", arguments: RepositoryFiles.scenarioNames)
    func parses(_ name: String) {
        let result = ScenarioParser.parse(RepositoryFiles.scenarioText(name), file: "Scenarios/" + name)
        #expect(result.diagnostics.isEmpty, "\(DiagnosticRenderer.render(result.diagnostics))")
        #expect(result.scenario != nil)
    }

    @Test("print(parse(file)) parses back to an equal value, and printing is stable", arguments: RepositoryFiles.scenarioNames)
    func roundTrips(_ name: String) throws {
        let scenario = try Scenario(parsing: RepositoryFiles.scenarioText(name), file: name)
        let printed = ScenarioPrinter.print(scenario)
        let reparsed = try Scenario(parsing: printed, file: name + " (printed)")
        #expect(reparsed == scenario)
        #expect(ScenarioPrinter.print(reparsed) == printed)
    }

    @Test("together the scenarios use every step kind")
    func coverEveryStepKind() throws {
        var used: Set<String> = []
        for name in RepositoryFiles.scenarioNames {
            let scenario = try Scenario(parsing: RepositoryFiles.scenarioText(name), file: name)
            for step in scenario.steps { used.insert(StepKindName.of(step.action)) }
            for step in scenario.steps {
                if case .type(_, .canary(let canary)) = step.action { used.insert("canary " + canary.kind.rawValue) }
                if case .console(let level, _) = step.action { used.insert("console " + level.rawValue) }
                if case .unload(let timing) = step.action { used.insert("unload " + timing.rawValue) }
                if case .network(let call) = step.action { used.insert(call.api.rawValue); if call.failure != nil { used.insert("network failure") } }
            }
        }
        let missing = StepKindName.all.filter { !used.contains($0) }
        #expect(missing.isEmpty, "no scenario uses: \(missing.joined(separator: ", "))")
    }
}

/// Names for step kinds, to check coverage.
enum StepKindName {
    static let all = [
        "visit", "navigate", "open-tab", "back", "return", "switch-person", "unload", "move", "click", "double-click", "right-click",
        "rage-click", "hover", "scroll", "type literal", "type canary", "select", "check", "uncheck", "focus", "blur", "wait", "think",
        "set-text", "set-attribute", "remove-attribute", "add-element", "remove-element", "move-element", "console", "throw", "reject",
        "network", "custom", "redux", "identify", "repeat",
        "push-state", "replace-state", "pop-state", "resize", "rotate", "outage", "unload during-upload uploads",
        "canary card", "canary email", "canary phone", "canary password", "canary token", "canary name", "canary address",
        "console debug", "console log", "console info", "console warn", "console error", "console trace", "console assert",
        "unload before-upload", "unload during-upload", "unload after-upload", "fetch", "xhr", "network failure",
    ]

    static func of(_ action: StepAction) -> String {
        switch action {
        case .visit: return "visit"
        case .navigate: return "navigate"
        case .openTab: return "open-tab"
        case .back: return "back"
        case .returnAfter: return "return"
        case .switchPerson: return "switch-person"
        case .unload: return "unload"
        case .moveTo: return "move"
        case .click: return "click"
        case .doubleClick: return "double-click"
        case .rightClick: return "right-click"
        case .rageClick: return "rage-click"
        case .hover: return "hover"
        case .scroll: return "scroll"
        case .type(_, .literal), .type(_, .template): return "type literal"
        case .type(_, .canary): return "type canary"
        case .select: return "select"
        case .check: return "check"
        case .uncheck: return "uncheck"
        case .focus: return "focus"
        case .blur: return "blur"
        case .wait: return "wait"
        case .think: return "think"
        case .setText: return "set-text"
        case .setAttribute: return "set-attribute"
        case .removeAttribute: return "remove-attribute"
        case .addElement: return "add-element"
        case .removeElement: return "remove-element"
        case .moveElement: return "move-element"
        case .console: return "console"
        case .throwError: return "throw"
        case .rejectPromise: return "reject"
        case .network: return "network"
        case .custom: return "custom"
        case .redux: return "redux"
        case .identify: return "identify"
        case .repeatSteps: return "repeat"
        case .pushState: return "push-state"
        case .replaceState: return "replace-state"
        case .popState: return "pop-state"
        case .resizeViewport: return "resize"
        case .rotate: return "rotate"
        case .collectorOutage: return "outage"
        case .unloadDuringUploads: return "unload during-upload uploads"
        case .erase: return "erase"
        }
    }
}

@Suite("Line endings and encodings")
struct LineEndingTests {
    @Test("CRLF line endings and a byte order mark read the same as LF", arguments: RepositoryFiles.scenarioNames)
    func crlfAndBOM(_ name: String) throws {
        let text = RepositoryFiles.scenarioText(name)
        let lf = try Scenario(parsing: text, file: name)
        let crlf = try Scenario(parsing: text.split(separator: "\n", omittingEmptySubsequences: false).joined(separator: "\r\n"), file: name)
        let bom = try Scenario(parsing: "\u{FEFF}" + text, file: name)
        #expect(crlf == lf)
        #expect(bom == lf)
    }

    @Test("a file without a final newline reads the same")
    func noFinalNewline() throws {
        let text = RepositoryFiles.scenarioText("rage-clicks.scenario")
        #expect(try Scenario(parsing: String(text.dropLast())) == Scenario(parsing: text))
    }
}
