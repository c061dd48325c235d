import SessionModel

/// Factories for every step, recording the Swift line that wrote them as the step's location.
extension Step {
    private static func make(_ action: StepAction, _ file: String, _ line: Int) -> Step {
        Step(action, location: SourceLocation(file: file, line: line, column: 1))
    }

    /// Loads a page in the current tab as a fresh visit.
    public static func visit(_ url: String, file: String = #fileID, line: Int = #line) -> Step { make(.visit(url: url), file, line) }
    /// Follows a link to another page in the current tab.
    public static func navigate(_ url: String, file: String = #fileID, line: Int = #line) -> Step { make(.navigate(url: url), file, line) }
    /// Opens a page in a new tab, which becomes current.
    public static func openTab(_ url: String, file: String = #fileID, line: Int = #line) -> Step { make(.openTab(url: url), file, line) }
    /// Goes back one page in the current tab.
    public static func back(file: String = #fileID, line: Int = #line) -> Step { make(.back, file, line) }
    /// Comes back after a pause to the last page, or to `url`.
    public static func returnAfter(_ pause: Milliseconds, to url: String? = nil, file: String = #fileID, line: Int = #line) -> Step { make(.returnAfter(pause, url: url), file, line) }
    /// Makes the following steps happen in this person's browser.
    public static func switchPerson(_ name: String, file: String = #fileID, line: Int = #line) -> Step { make(.switchPerson(name), file, line) }
    /// Asks for `person`'s erasure at this moment of the run; their later visits may record again.
    public static func erase(_ person: String, file: String = #fileID, line: Int = #line) -> Step { make(.erase(person: person), file, line) }
    /// Unloads the page at this moment relative to the SDK's upload.
    public static func unload(_ timing: UnloadTiming, file: String = #fileID, line: Int = #line) -> Step { make(.unload(timing), file, line) }

    /// The page calls `history.pushState` with `url` (same origin, relative to the page).
    public static func pushState(_ url: String, file: String = #fileID, line: Int = #line) -> Step { make(.pushState(url: url), file, line) }
    /// The page calls `history.replaceState` with `url`.
    public static func replaceState(_ url: String, file: String = #fileID, line: Int = #line) -> Step { make(.replaceState(url: url), file, line) }
    /// Goes back within the page's own history entries (`popstate`, no reload).
    public static func popState(file: String = #fileID, line: Int = #line) -> Step { make(.popState, file, line) }
    /// Resizes the browser window to `viewport`.
    public static func resize(_ viewport: Viewport, file: String = #fileID, line: Int = #line) -> Step { make(.resizeViewport(viewport), file, line) }
    /// Turns the device between portrait and landscape.
    public static func rotate(file: String = #fileID, line: Int = #line) -> Step { make(.rotate, file, line) }

    /// The collector fails every upload attempt this way for `duration` ms from now.
    public static func outage(_ duration: Milliseconds, _ failure: OutageFailure, file: String = #fileID, line: Int = #line) -> Step { make(.collectorOutage(duration, failure), file, line) }

    /// Unloads the page while `count` uploads are in flight.
    public static func unload(duringUploads count: Int, file: String = #fileID, line: Int = #line) -> Step { make(.unloadDuringUploads(count), file, line) }

    /// Moves the mouse to the target.
    public static func moveTo(_ target: String, file: String = #fileID, line: Int = #line) -> Step { make(.moveTo(target: target), file, line) }
    /// Clicks the target.
    public static func click(_ target: String, file: String = #fileID, line: Int = #line) -> Step { make(.click(target: target), file, line) }
    /// Double-clicks the target.
    public static func doubleClick(_ target: String, file: String = #fileID, line: Int = #line) -> Step { make(.doubleClick(target: target), file, line) }
    /// Right-clicks the target.
    public static func rightClick(_ target: String, file: String = #fileID, line: Int = #line) -> Step { make(.rightClick(target: target), file, line) }
    /// Clicks the target several times in quick succession.
    public static func rageClick(_ target: String, times count: Int = 5, file: String = #fileID, line: Int = #line) -> Step { make(.rageClick(target: target, count: count), file, line) }
    /// Hovers over the target.
    public static func hover(_ target: String, file: String = #fileID, line: Int = #line) -> Step { make(.hover(target: target), file, line) }
    /// Scrolls the window (target nil) or an element to a position.
    public static func scroll(_ target: String? = nil, x: Int = 0, y: Int, file: String = #fileID, line: Int = #line) -> Step { make(.scroll(target: target, x: x, y: y), file, line) }
    /// Types text into the target.
    public static func type(_ target: String, _ text: String, file: String = #fileID, line: Int = #line) -> Step { make(.type(target: target, text: .literal(text)), file, line) }
    /// Types text into the target.
    public static func type(_ target: String, canary kind: Canary.Kind, label: String? = nil, file: String = #fileID, line: Int = #line) -> Step { make(.type(target: target, text: .canary(Canary(kind, label: label))), file, line) }
    /// Chooses an option of a `<select>` by value.
    public static func select(_ target: String, _ value: String, file: String = #fileID, line: Int = #line) -> Step { make(.select(target: target, value: value), file, line) }
    /// Checks a checkbox or radio button.
    public static func check(_ target: String, file: String = #fileID, line: Int = #line) -> Step { make(.check(target: target), file, line) }
    /// Unchecks a checkbox.
    public static func uncheck(_ target: String, file: String = #fileID, line: Int = #line) -> Step { make(.uncheck(target: target), file, line) }
    /// Focuses the target.
    public static func focus(_ target: String, file: String = #fileID, line: Int = #line) -> Step { make(.focus(target: target), file, line) }
    /// Removes focus from the target.
    public static func blur(_ target: String, file: String = #fileID, line: Int = #line) -> Step { make(.blur(target: target), file, line) }

    /// Lets exactly this many milliseconds pass.
    public static func wait(_ duration: Milliseconds, file: String = #fileID, line: Int = #line) -> Step { make(.wait(duration), file, line) }
    /// Lets about this many milliseconds pass (varied by the simulator).
    public static func think(_ duration: Milliseconds, file: String = #fileID, line: Int = #line) -> Step { make(.think(duration), file, line) }

    /// Replaces the target's children with text.
    public static func setText(_ target: String, _ text: String, file: String = #fileID, line: Int = #line) -> Step { make(.setText(target: target, text: text), file, line) }
    /// Sets an attribute on the target.
    public static func setAttribute(_ target: String, _ name: String, _ value: String, file: String = #fileID, line: Int = #line) -> Step { make(.setAttribute(target: target, name: name, value: value), file, line) }
    /// Removes an attribute from the target.
    public static func removeAttribute(_ target: String, _ name: String, file: String = #fileID, line: Int = #line) -> Step { make(.removeAttribute(target: target, name: name), file, line) }
    /// Appends HTML to the end of the parent's children.
    public static func addElement(into parent: String, _ html: String, file: String = #fileID, line: Int = #line) -> Step { make(.addElement(parent: parent, html: html), file, line) }
    /// Removes the target from the page.
    public static func removeElement(_ target: String, file: String = #fileID, line: Int = #line) -> Step { make(.removeElement(target: target), file, line) }
    /// Moves the target to the end of another element.
    public static func moveElement(_ target: String, into parent: String, file: String = #fileID, line: Int = #line) -> Step { make(.moveElement(target: target, into: parent), file, line) }

    /// Logs a message at a console level.
    public static func console(_ level: ConsoleLevel, _ message: Template, file: String = #fileID, line: Int = #line) -> Step { make(.console(level, message), file, line) }
    /// Throws an uncaught JavaScript error with its stack.
    public static func throwError(_ type: String, _ message: Template, frames: [ScriptError.Frame] = [], file: String = #fileID, line: Int = #line) -> Step { make(.throwError(ThrownError(type: type, message: message, frames: frames)), file, line) }
    /// Leaves a promise rejection unhandled.
    public static func reject(_ reason: Template, file: String = #fileID, line: Int = #line) -> Step { make(.rejectPromise(reason), file, line) }
    /// Makes a fetch or XHR call.
    public static func network(_ call: NetworkCall, file: String = #fileID, line: Int = #line) -> Step { make(.network(call), file, line) }
    /// Records a custom event.
    public static func custom(_ name: String, _ payload: JSONValue? = nil, file: String = #fileID, line: Int = #line) -> Step { make(.custom(name: name, payload: payload), file, line) }
    /// Dispatches a Redux-style action, with the state after it.
    public static func redux(_ type: String, payload: JSONValue? = nil, state: JSONValue, file: String = #fileID, line: Int = #line) -> Step { make(.redux(type: type, payload: payload, state: state), file, line) }
    /// Identifies the user to the SDK.
    public static func identify(_ userID: Template, traits: JSONValue? = nil, file: String = #fileID, line: Int = #line) -> Step { make(.identify(userID: userID, traits: traits), file, line) }
}
