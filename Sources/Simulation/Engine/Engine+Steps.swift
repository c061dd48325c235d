import Markup
import ScenarioLanguage
import SessionModel

/// Step handling: navigation, time, DOM changes and script events.
extension Engine {
    func perform(_ action: StepAction) throws(SimulationError) {
        switch action {
        case .visit(let url), .navigate(let url):
            let tab = currentBrowser.current ?? openTab()
            if currentBrowser.current?.page?.isOpen == true { humanPause(500) }
            load(url, in: tab)
        case .openTab(let url):
            humanPause(400)
            load(url, in: openTab())
        case .back:
            guard let tab = currentBrowser.current, tab.history.count >= 2 else { throw fail("back needs a page to go back to") }
            humanPause(400)
            tab.history.removeLast()
            load(tab.history.last!, in: tab, pushHistory: false)
        case .returnAfter(let pause, let url):
            // Without `to`, the person comes back to the address they were last on (a bookmark, a restored
            // session): after push-state that is the pushed URL, served with the document that pushed it.
            let previous = currentBrowser.lastURL
            let address = url == nil ? currentBrowser.lastAddress : nil
            if let page = currentPage, page.isOpen { closePage(page, timing: .unload(.afterUpload)) }
            advance(by: pause)
            guard let target = url ?? previous else { throw fail("return needs a page: no page was visited before") }
            load(target, in: openTab(), address: address)
        case .switchPerson(let name):
            guard let browser = browsers.first(where: { $0.person.name == name }) else { throw fail("no person named \"\(name)\"") }
            humanPause(1500)
            currentBrowser = browser
        case .erase(let person):
            // Takes no time in the browser: the harness sends the request when the run reaches this moment.
            erasures.append(ErasureRequest(person: person, at: clock, location: location))
        case .unload(let timing):
            let page = try requirePage()
            closePage(page, timing: .unload(timing))
            currentBrowser.current = nil
        case .unloadDuringUploads(let count):
            let page = try requirePage()
            unloadDuringUploads(page, count: count)
            currentBrowser.current = nil
        case .wait(let milliseconds):
            advance(by: milliseconds)
        case .think(let milliseconds):
            let duration = Int64(behaviour.logNormal(median: Double(milliseconds), sigma: 0.25))
            if let page = currentPage, page.isOpen { drift(page, for: duration) } else { advance(by: duration) }
        case .moveTo(let target), .hover(let target):
            let page = try requirePage()
            let id = try requireTarget(target, in: page)
            humanPause(250)
            activity(page)
            movePointer(page, to: id)
        case .click(let target):
            try click(target, kind: .single)
        case .doubleClick(let target):
            try click(target, kind: .double)
        case .rightClick(let target):
            try click(target, kind: .context)
        case .rageClick(let target, let count):
            try click(target, kind: .rage(count))
        case .scroll(let target, let x, let y):
            let page = try requirePage()
            humanPause(300)
            activity(page)
            if let target {
                let id = try requireTarget(target, in: page)
                scrollElement(page, id, x: Double(x), y: Double(y))
            } else {
                scrollWindow(page, toY: Double(y), x: Double(x))
            }
        case .type(let target, let text):
            try type(target, text)
        case .select(let target, let value):
            try select(target, value)
        case .check(let target):
            try setChecked(target, true)
        case .uncheck(let target):
            try setChecked(target, false)
        case .focus(let target):
            let page = try requirePage()
            let id = try requireTarget(target, in: page)
            humanPause(250)
            activity(page)
            focus(page, id)
        case .blur(let target):
            let page = try requirePage()
            let id = try requireTarget(target, in: page)
            humanPause(200)
            blur(page, id)
        case .setText(let target, let text):
            let page = try requirePage()
            scriptPause()
            setText(page, try requireTarget(target, in: page), text)
        case .setAttribute(let target, let name, let value):
            let page = try requirePage()
            scriptPause()
            let id = try requireTarget(target, in: page)
            page.dom.setAttribute(id, name, value)
            emitAttributeChange(page, id, name, value)
        case .removeAttribute(let target, let name):
            let page = try requirePage()
            scriptPause()
            let id = try requireTarget(target, in: page)
            if page.dom.removeAttribute(id, name) { emitAttributeChange(page, id, name, nil) }
        case .addElement(let parent, let html):
            let page = try requirePage()
            scriptPause()
            addElement(page, try requireTarget(parent, in: page), html)
        case .removeElement(let target):
            let page = try requirePage()
            scriptPause()
            removeElement(page, try requireTarget(target, in: page))
        case .moveElement(let target, let into):
            let page = try requirePage()
            scriptPause()
            moveElement(page, try requireTarget(target, in: page), into: try requireTarget(into, in: page))
        case .console(let level, let message):
            let page = try requirePage()
            scriptPause()
            let text = render(message, page: page, plantedIn: "console \(level.rawValue)", capturePath: "console") { self.scrubbable($0) }
            let trace = level == .trace || level == .assert ? [page.origin + "/static/app.js:42:9"] : []
            emitConsole(page, level: level.rawValue, text: text, trace: trace)
        case .throwError(let error):
            let page = try requirePage()
            scriptPause()
            let message = render(error.message, page: page, plantedIn: "thrown \(error.type)", capturePath: "error") { self.scrubbable($0) }
            throwError(page, error, message: message)
        case .rejectPromise(let reason):
            let page = try requirePage()
            scriptPause()
            let text = render(reason, page: page, plantedIn: "unhandled rejection", capturePath: "error") { self.scrubbable($0) }
            emitConsole(page, level: "error", text: "Uncaught (in promise) " + text, trace: [])
            emit(page, .custom(CustomPayload.unhandledRejection(reason: .string(sanitizer.scrubText(text))).customEvent))
        case .network(let call):
            let page = try requirePage()
            scriptPause()
            networkCall(page, call)
        case .custom(let name, let payload):
            let page = try requirePage()
            scriptPause()
            emit(page, .custom(CustomPayload.other(tag: name, payload: payload ?? .object(JSONObject())).customEvent))
        case .redux(let type, let payload, let state):
            let page = try requirePage()
            scriptPause()
            var action: JSONObject = ["type": .string(type)]
            if case .object(let members)? = payload {
                for member in members.members where member.key != "type" { action[member.key] = member.value }
            } else if let payload {
                action["payload"] = payload
            }
            emit(page, .custom(CustomPayload.reduxAction(action: .object(action), state: state).customEvent))
        case .pushState, .replaceState, .popState:
            try changeHistory(action)
        case .resizeViewport(let viewport):
            try resizeViewport(to: viewport)
        case .rotate:
            try resizeViewport(to: nil)
        case .collectorOutage(let duration, let failure):
            beginOutage(duration, failure)
        case .repeatSteps(let count, let body):
            for _ in 0..<count {
                for step in body {
                    location = step.location
                    try perform(step.action)
                }
            }
        case .identify(let userID, let traits):
            let page = try requirePage()
            scriptPause()
            let user = render(userID, page: page, plantedIn: "identify userId", capturePath: "identify") { _ in false }
            let renderedTraits = traits.map { renderJSON($0, page: page, plantedIn: "identify traits", capturePath: "identify", keys: []) { _, _ in false } }
            page.userId = user
            setPersistent(page, Engine.userKey, user)
            visits[page.visitIndex].userId = user
            emit(page, .custom(CustomPayload.identify(userId: .string(user), traits: renderedTraits ?? .object(JSONObject())).customEvent))
        }
    }

    /// Page scripts react quickly after the previous step.
    func scriptPause() {
        advance(by: Int64(behaviour.int(in: 4...60)))
    }

    /// Whether the console scrubber is expected to hide a canary of this kind.
    func scrubbable(_ canary: Canary) -> Bool {
        !sanitizer.isRaw && PayloadSanitizer.scrubbedKinds.contains(canary.kind)
    }

    // MARK: - Canaries

    /// The template's text with canaries filled in, each one recorded with whether it must be masked.
    func render(_ template: Template, page: PageState, plantedIn: String, capturePath: String, mustMask: (Canary) -> Bool) -> String {
        var text = ""
        for part in template.parts {
            switch part {
            case .text(let literal): text += literal
            case .canary(let canary):
                let value = canaryGenerator.value(for: canary, person: page.browser.person.name)
                plant(value, canary, page: page, plantedIn: plantedIn, capturePath: capturePath, mustBeMasked: mustMask(canary))
                text += value
            }
        }
        return text
    }

    func plant(_ value: String, _ canary: Canary, page: PageState, plantedIn: String, capturePath: String, mustBeMasked: Bool) {
        canaries.append(PlantedCanary(value: value, kind: canary.kind, label: canary.label, plantedIn: plantedIn, capturePath: capturePath, page: page.url, person: page.browser.person.name, mustBeMasked: mustBeMasked, plantedAt: clock))
    }

    /// A JSON body with `{canary ...}` markers in its strings filled in; `mustMask` gets the keys leading to the string.
    func renderJSON(_ value: JSONValue, page: PageState, plantedIn: String, capturePath: String, keys: [String], mustMask: ([String], Canary) -> Bool) -> JSONValue {
        switch value {
        case .string(let text):
            guard text.containsText("{canary "), let template = TemplateCache.shared.parsed(text) else { return value }
            let path = keys.isEmpty ? "" : " ." + keys.joined(separator: ".")
            return .string(render(template, page: page, plantedIn: plantedIn + path, capturePath: capturePath) { mustMask(keys, $0) })
        case .array(let items):
            return .array(items.map { renderJSON($0, page: page, plantedIn: plantedIn, capturePath: capturePath, keys: keys, mustMask: mustMask) })
        case .object(let object):
            return .object(JSONObject(object.members.map { member in
                (key: member.key, value: renderJSON(member.value, page: page, plantedIn: plantedIn, capturePath: capturePath, keys: keys + [member.key], mustMask: mustMask))
            }))
        default:
            return value
        }
    }

    // MARK: - Script events

    /// A `rrweb/console@1` event; the argument is JSON-stringified as the plugin does.
    func emitConsole(_ page: PageState, level: String, text: String, trace: [String]) {
        let scrubbed = sanitizer.scrubText(text)
        let argument = JSONWriter.canonicalString(.string(scrubbed))
        emit(page, .plugin(PluginEvent(plugin: PluginEvent.consolePlugin, payload: .console(ConsoleLog(level: level, payload: [argument], trace: trace)))))
    }

    func throwError(_ page: PageState, _ error: ThrownError, message: String) {
        let scrubbed = sanitizer.scrubText(message)
        let trace = error.frames.map { "\($0.file):\($0.line):\($0.column)" }
        emitConsole(page, level: "error", text: error.type + ": " + message, trace: trace)
        emit(page, .custom(CustomPayload.scriptError(ScriptError(type: error.type, message: scrubbed, frames: error.frames)).customEvent))
    }

    /// A fetch or XHR as the network plugin records it, at its end, with headers and bodies sanitized.
    func networkCall(_ page: PageState, _ call: NetworkCall) {
        let start = clock
        let url = URLResolver.absolute(call.url, base: page.url)
        var requestHeaders = JSONObject()
        for header in call.requestHeaders {
            let redacts = sanitizer.redactsHeader(header.name)
            let value = render(header.value, page: page, plantedIn: "network request-header \(header.name)", capturePath: "network") { _ in redacts }
            requestHeaders[header.name] = .string(redacts ? PayloadSanitizer.redacted : value)
        }
        var responseHeaders = JSONObject()
        for header in call.responseHeaders {
            let redacts = sanitizer.redactsHeader(header.name)
            let value = render(header.value, page: page, plantedIn: "network response-header \(header.name)", capturePath: "network") { _ in redacts }
            responseHeaders[header.name] = .string(redacts ? PayloadSanitizer.redacted : value)
        }
        let requestBody = call.requestBody.map { body(page, $0, request: true) }
        let responseBody = call.failure == nil ? call.responseBody.map { body(page, $0, request: false) } : nil
        advance(by: call.duration)
        let startTime = Double(start - page.loadedAt)
        var request = NetworkRequest(
            name: url, method: call.method, initiatorType: call.api == .fetch ? "fetch" : "xmlhttprequest",
            status: call.failure == nil ? call.status : 0, startTime: startTime, endTime: startTime + Double(call.duration), duration: Double(call.duration),
            requestHeaders: requestHeaders, requestBody: sanitizer.dropsRequestBodies() ? nil : requestBody,
            responseHeaders: call.failure == nil ? responseHeaders : JSONObject(), responseBody: sanitizer.dropsResponseBodies() ? nil : responseBody)
        if let failure = call.failure { request.extra = ["failed": true, "error": .string(failure)] }
        emit(page, .plugin(PluginEvent(plugin: PluginEvent.networkPlugin, payload: .network(NetworkCapture(requests: [request])))))
    }

    private func body(_ page: PageState, _ body: NetworkBody, request: Bool) -> JSONValue {
        let side = request ? "request-body" : "response-body"
        switch body {
        case .text(let template):
            let drops = request ? sanitizer.dropsRequestBodies() : sanitizer.dropsResponseBodies()
            return .string(render(template, page: page, plantedIn: "network \(side)", capturePath: "network") { _ in drops })
        case .json(let value):
            let rendered = renderJSON(value, page: page, plantedIn: "network \(side)", capturePath: "network", keys: []) { keys, _ in
                self.sanitizer.redactsBodyPath(keys, request: request)
            }
            return sanitizer.sanitizeBody(rendered)
        }
    }
}
