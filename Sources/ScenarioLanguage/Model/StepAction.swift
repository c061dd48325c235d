import SessionModel

/// Everything a step can do, attached to the current page of the current person.
///
/// Targets are CSS selectors (see `Markup.CSSSelector`), matched against the current
/// page's DOM including open shadow roots and srcdoc frames.
public enum StepAction: Sendable, Equatable {
    // Navigation
    /// Loads a page in the current tab as a fresh visit (typed URL or bookmark).
    case visit(url: String)
    /// Follows a link in the current tab to another page.
    case navigate(url: String)
    /// Opens a page in a new tab, which becomes the current tab.
    case openTab(url: String)
    /// Goes back one entry in the current tab's history.
    case back
    /// The person leaves, and comes back after a pause to the last page (or `url`) in a new tab.
    case returnAfter(Milliseconds, url: String?)
    /// The following steps happen in this person's browser.
    case switchPerson(String)
    /// The page unloads at this moment relative to the SDK's upload.
    case unload(UnloadTiming)

    /// The page unloads while `uploads` requests are in flight: the buffer went out as that many batches
    /// just before, and the unload cuts them all.
    case unloadDuringUploads(Int)

    // Pointer and keyboard
    /// Moves the mouse along a human-like path to the target's centre.
    case moveTo(target: String)
    /// A left click.
    case click(target: String)
    /// A double click.
    case doubleClick(target: String)
    /// A right click (context menu).
    case rightClick(target: String)
    /// Several fast clicks on one spot, as a frustrated user does.
    case rageClick(target: String, count: Int)
    /// Hovers over the target.
    case hover(target: String)
    /// Scrolls the window (target nil) or an element to a position in pixels.
    case scroll(target: String?, x: Int, y: Int)
    /// Types text into an input, textarea or contenteditable element.
    case type(target: String, text: TypedText)
    /// Chooses an option (by value) of a `<select>`.
    case select(target: String, value: String)
    /// Checks a checkbox or radio button.
    case check(target: String)
    /// Unchecks a checkbox.
    case uncheck(target: String)
    /// Focuses an element.
    case focus(target: String)
    /// Removes focus from an element.
    case blur(target: String)

    // Time
    /// Nothing happens for exactly this long.
    case wait(Milliseconds)
    /// The person reads or thinks for about this long (the simulator varies it from the seed).
    case think(Milliseconds)

    // DOM changes made by page scripts
    /// Replaces the target's children with this text.
    case setText(target: String, text: String)
    /// Sets an attribute on the target.
    case setAttribute(target: String, name: String, value: String)
    /// Removes an attribute from the target.
    case removeAttribute(target: String, name: String)
    /// Appends HTML as the last children of the target.
    case addElement(parent: String, html: String)
    /// Removes the target from the page.
    case removeElement(target: String)
    /// Moves the target to the end of another element.
    case moveElement(target: String, into: String)

    // Script events
    /// A console call at a level, with its message.
    case console(ConsoleLevel, Template)
    /// An uncaught JavaScript error.
    case throwError(ThrownError)
    /// An unhandled promise rejection with its reason.
    case rejectPromise(Template)
    /// A fetch or XHR call and its outcome.
    case network(NetworkCall)
    /// A custom event recorded by the page (`rrweb.record.addCustomEvent`).
    case custom(name: String, payload: JSONValue?)
    /// A Redux-style action and the state after it.
    case redux(type: String, payload: JSONValue?, state: JSONValue)
    /// The page identifies the user to the SDK.
    case identify(userID: Template, traits: JSONValue?)

    // Client-side routing and the window
    /// The page's script calls `history.pushState` with this URL (relative to the page, same origin): a new entry, no reload.
    case pushState(url: String)
    /// The page's script calls `history.replaceState` with this URL: the current entry changes, no reload.
    case replaceState(url: String)
    /// The person goes back within the page's own history entries; the page handles `popstate` without reloading.
    case popState
    /// The browser window is resized to this viewport.
    case resizeViewport(Viewport)
    /// The device turns between portrait and landscape: the viewport's width and height swap.
    case rotate

    // The collector
    /// From now on, for this long, the collector fails every upload attempt in this way; steps go on meanwhile.
    case collectorOutage(Milliseconds, OutageFailure)

    // Privacy
    /// The person asks for erasure: at this moment of the run the harness erases everything the endpoint holds of them.
    ///
    /// Their later visits may record again; `expect erased PERSON` then checks that
    /// nothing sent before the (last) erasure remains.
    case erase(person: String)

    // Repetition
    /// Runs the body's steps in order, `count` times over (each run draws fresh random choices).
    case repeatSteps(count: Int, body: [Step])
}

/// When a page unloads relative to the upload of the current batch.
public enum UnloadTiming: String, Sendable, Equatable, CaseIterable {
    /// Before the pending batch was sent: it must be kept and sent on the next visit.
    case beforeUpload = "before-upload"
    /// While the batch's request is in flight: it is kept and re-sent, never doubled.
    case duringUpload = "during-upload"
    /// After the last batch was acknowledged: nothing is pending.
    case afterUpload = "after-upload"
}

/// The console methods the recorder's console plugin captures.
public enum ConsoleLevel: String, Sendable, Equatable, CaseIterable {
    /// `console.debug`.
    case debug
    /// `console.log`.
    case log
    /// `console.info`.
    case info
    /// `console.warn`.
    case warn
    /// `console.error`.
    case error
    /// `console.trace`, which also records a stack.
    case trace
    /// `console.assert` with a false condition.
    case assert
}
