import Markup

/// Reads `.scenario` text into a `Scenario`, reporting every problem of the file at once.
///
/// Each line is read on its own; a bad line becomes a diagnostic and reading goes
/// on at the next line. After reading, `ScenarioChecker` checks meaning (pages,
/// selectors against the page's DOM, persons, order of steps). The grammar is in
/// `docs/scenario-language.md`.
///
/// ```swift
/// let result = ScenarioParser.parse(text, file: "Scenarios/checkout.scenario")
/// if result.diagnostics.isEmpty { use(result.scenario!) }
/// else { print(DiagnosticRenderer.render(result.diagnostics)) }
/// ```
public enum ScenarioParser {
    /// Parses and checks `text`; `scenario` is nil when there is any error.
    public static func parse(_ text: String, file: String) -> ScenarioParseResult {
        let source = SourceText(text, file: file)
        var reader = ScenarioReader(source: source)
        reader.readAll()
        var parsed = reader.parsed
        var diagnostics = reader.diagnostics
        var checker = ScenarioChecker(source: source, parsed: parsed)
        diagnostics += checker.check()
        if diagnostics.count > 1 {
            diagnostics.sort { $0.location.line != $1.location.line ? $0.location.line < $1.location.line : $0.location.column < $1.location.column }
        }
        guard !diagnostics.contains(where: { $0.severity == .error }) else {
            return ScenarioParseResult(scenario: nil, diagnostics: diagnostics)
        }
        parsed.fillDefaults()
        var scenario = Scenario(name: parsed.name ?? "", seed: parsed.seed, persons: parsed.persons.map(\.value), sdk: parsed.sdk, masking: parsed.masking, pages: parsed.pages.map(\.value), steps: ParsedStep.nested(parsed.steps), expectations: parsed.expectations.map(\.value))
        scenario.thirdPartyCookies = parsed.thirdPartyCookies
        return ScenarioParseResult(scenario: scenario, diagnostics: diagnostics)
    }
}

/// What parsing a file produced: the scenario when valid, and every diagnostic.
public struct ScenarioParseResult: Sendable, Equatable {
    /// The scenario, or nil when any diagnostic is an error.
    public var scenario: Scenario?
    /// Every problem found, in source order.
    public var diagnostics: [Diagnostic]
}

extension Scenario {
    /// Parses `.scenario` text, throwing all its diagnostics when it is not valid.
    public init(parsing text: String, file: String = "<input>") throws(ScenarioDiagnostics) {
        let result = ScenarioParser.parse(text, file: file)
        guard let scenario = result.scenario else { throw ScenarioDiagnostics(result.diagnostics) }
        self = scenario
    }
}

/// A value read from the file, with the span that named it.
struct Spanned<Value> {
    var value: Value
    var span: Range<Int>
}

/// The byte spans of a step's arguments that the checker may point at.
struct StepSpans {
    var keyword: Range<Int>
    var target: Range<Int>?
    var second: Range<Int>?
    var url: Range<Int>?
    var person: Range<Int>?
}

/// A step as read: nil `action` marks a line that failed, so the checker stops trusting its page model.
struct ParsedStep {
    var action: StepAction?
    var location: SourceLocation
    var spans: StepSpans
    /// For a failed line, the step keyword it was (or most likely meant), nil when unknown.
    var failedKeyword: String? = nil
    /// The line-less marker after a `repeat` block's last step (its action is nil, and it is not a failure).
    var endsRepeat = false
    /// Which run of its innermost `repeat` the checker replays this copy of the step in (1 outside repeats).
    var repeatRun = 1

    /// The steps of a valid file, each `repeat` header with the steps up to its end marker as its body.
    static func nested(_ flat: [ParsedStep]) -> [Step] {
        var levels: [(header: ParsedStep?, steps: [Step])] = [(nil, [])]
        for step in flat {
            if step.endsRepeat, let level = levels.popLast(), let header = level.header, case .repeatSteps(let count, _)? = header.action {
                levels[levels.count - 1].steps.append(Step(.repeatSteps(count: count, body: level.steps), location: header.location))
            } else if case .repeatSteps? = step.action {
                levels.append((step, []))
            } else if let action = step.action {
                levels[levels.count - 1].steps.append(Step(action, location: step.location))
            }
        }
        return levels[0].steps
    }

    /// The steps in the order the checker replays them: each `repeat` body twice at most (enough to meet
    /// what a first run changes), without headers and end markers.
    static func checkingOrder(_ flat: ArraySlice<ParsedStep>) -> [ParsedStep] {
        var result: [ParsedStep] = []
        var index = flat.startIndex
        while index < flat.endIndex {
            let step = flat[index]
            guard case .repeatSteps(let count, _)? = step.action else {
                if !step.endsRepeat { result.append(step) }
                index += 1
                continue
            }
            var depth = 0
            var end = index + 1
            while end < flat.endIndex {
                if case .repeatSteps? = flat[end].action { depth += 1 }
                if flat[end].endsRepeat { if depth == 0 { break }; depth -= 1 }
                end += 1
            }
            let body = checkingOrder(flat[(index + 1)..<end])
            for run in 1...min(count, 2) { result += body.map { var copy = $0; copy.repeatRun = max(copy.repeatRun, run); return copy } }
            index = end + 1
        }
        return result
    }
}

/// Everything read from a file before checking.
struct ParsedScenario {
    var name: String?
    var seed: UInt64 = 0
    var persons: [Spanned<Person>] = []
    var sdk = SDKProfile(kind: .posthog)
    var masking = MaskingPolicy()
    var thirdPartyCookies: ThirdPartyCookieJar?
    var pages: [Spanned<Page>] = []
    var steps: [ParsedStep] = []
    var expectations: [Spanned<Expectation>] = []
    var expectationSpans: [[Range<Int>]] = []
    /// How many steps run once every `repeat` is expanded.
    var expandedSteps = 0
    /// URLs of pages whose HTML block had no `>>>` (already reported), for membership tests only.
    var pagesWithUnterminatedHTML: Set<String> = []

    mutating func fillDefaults() {
        if persons.isEmpty { persons = [Spanned(value: Person.defaultPerson, span: 0..<0)] }
    }
}
