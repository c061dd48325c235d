import SessionModel

/// Factories for every step, recording the Swift line that wrote them as the step's location.
extension Step {
    private static func make(_ action: StepAction, _ file: String, _ line: Int) -> Step {
        Step(action, location: SourceLocation(file: file, line: line, column: 1))
    }

    public static func visit(_ url: String, file: String = #fileID, line: Int = #line) -> Step { make(.visit(url: url), file, line) }
    public static func navigate(_ url: String, file: String = #fileID, line: Int = #line) -> Step { make(.navigate(url: url), file, line) }
    public static func openTab(_ url: String, file: String = #fileID, line: Int = #line) -> Step { make(.openTab(url: url), file, line) }
    public static func back(file: String = #fileID, line: Int = #line) -> Step { make(.back, file, line) }
    public static func returnAfter(_ pause: Milliseconds, to url: String? = nil, file: String = #fileID, line: Int = #line) -> Step { make(.returnAfter(pause, url: url), file, line) }
    public static func switchPerson(_ name: String, file: String = #fileID, line: Int = #line) -> Step { make(.switchPerson(name), file, line) }
    public static func unload(_ timing: UnloadTiming, file: String = #fileID, line: Int = #line) -> Step { make(.unload(timing), file, line) }

    public static func moveTo(_ target: String, file: String = #fileID, line: Int = #line) -> Step { make(.moveTo(target: target), file, line) }
    public static func click(_ target: String, file: String = #fileID, line: Int = #line) -> Step { make(.click(target: target), file, line) }
    public static func doubleClick(_ target: String, file: String = #fileID, line: Int = #line) -> Step { make(.doubleClick(target: target), file, line) }
    public static func rightClick(_ target: String, file: String = #fileID, line: Int = #line) -> Step { make(.rightClick(target: target), file, line) }
    public static func rageClick(_ target: String, times count: Int = 5, file: String = #fileID, line: Int = #line) -> Step { make(.rageClick(target: target, count: count), file, line) }
    public static func hover(_ target: String, file: String = #fileID, line: Int = #line) -> Step { make(.hover(target: target), file, line) }
    public static func scroll(_ target: String? = nil, x: Int = 0, y: Int, file: String = #fileID, line: Int = #line) -> Step { make(.scroll(target: target, x: x, y: y), file, line) }
    public static func type(_ target: String, _ text: String, file: String = #fileID, line: Int = #line) -> Step { make(.type(target: target, text: .literal(text)), file, line) }
    public static func type(_ target: String, canary kind: Canary.Kind, label: String? = nil, file: String = #fileID, line: Int = #line) -> Step { make(.type(target: target, text: .canary(Canary(kind, label: label))), file, line) }
    public static func select(_ target: String, _ value: String, file: String = #fileID, line: Int = #line) -> Step { make(.select(target: target, value: value), file, line) }
    public static func check(_ target: String, file: String = #fileID, line: Int = #line) -> Step { make(.check(target: target), file, line) }
    public static func uncheck(_ target: String, file: String = #fileID, line: Int = #line) -> Step { make(.uncheck(target: target), file, line) }
    public static func focus(_ target: String, file: String = #fileID, line: Int = #line) -> Step { make(.focus(target: target), file, line) }
    public static func blur(_ target: String, file: String = #fileID, line: Int = #line) -> Step { make(.blur(target: target), file, line) }

    public static func wait(_ duration: Milliseconds, file: String = #fileID, line: Int = #line) -> Step { make(.wait(duration), file, line) }
    public static func think(_ duration: Milliseconds, file: String = #fileID, line: Int = #line) -> Step { make(.think(duration), file, line) }

    public static func setText(_ target: String, _ text: String, file: String = #fileID, line: Int = #line) -> Step { make(.setText(target: target, text: text), file, line) }
    public static func setAttribute(_ target: String, _ name: String, _ value: String, file: String = #fileID, line: Int = #line) -> Step { make(.setAttribute(target: target, name: name, value: value), file, line) }
    public static func removeAttribute(_ target: String, _ name: String, file: String = #fileID, line: Int = #line) -> Step { make(.removeAttribute(target: target, name: name), file, line) }
    public static func addElement(into parent: String, _ html: String, file: String = #fileID, line: Int = #line) -> Step { make(.addElement(parent: parent, html: html), file, line) }
    public static func removeElement(_ target: String, file: String = #fileID, line: Int = #line) -> Step { make(.removeElement(target: target), file, line) }
    public static func moveElement(_ target: String, into parent: String, file: String = #fileID, line: Int = #line) -> Step { make(.moveElement(target: target, into: parent), file, line) }

    public static func console(_ level: ConsoleLevel, _ message: Template, file: String = #fileID, line: Int = #line) -> Step { make(.console(level, message), file, line) }
    public static func throwError(_ type: String, _ message: Template, frames: [StackFrame] = [], file: String = #fileID, line: Int = #line) -> Step { make(.throwError(ScriptError(type: type, message: message, frames: frames)), file, line) }
    public static func reject(_ reason: Template, file: String = #fileID, line: Int = #line) -> Step { make(.rejectPromise(reason), file, line) }
    public static func network(_ call: NetworkCall, file: String = #fileID, line: Int = #line) -> Step { make(.network(call), file, line) }
    public static func custom(_ name: String, _ payload: JSONValue? = nil, file: String = #fileID, line: Int = #line) -> Step { make(.custom(name: name, payload: payload), file, line) }
    public static func redux(_ type: String, payload: JSONValue? = nil, state: JSONValue, file: String = #fileID, line: Int = #line) -> Step { make(.redux(type: type, payload: payload, state: state), file, line) }
    public static func identify(_ userID: Template, traits: JSONValue? = nil, file: String = #fileID, line: Int = #line) -> Step { make(.identify(userID: userID, traits: traits), file, line) }
}
