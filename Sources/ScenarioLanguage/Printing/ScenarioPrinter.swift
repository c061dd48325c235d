import SessionModel

/// Writes a `Scenario` as canonical `.scenario` text that parses back to an equal value.
///
/// The layout is fixed: header, persons, SDK, masking, pages, steps, expectations;
/// settings equal to their defaults are left out; JSON is written compactly with
/// sorted keys; durations use their largest exact unit.
///
/// ```swift
/// let text = ScenarioPrinter.print(scenario)
/// assert(try Scenario(parsing: text) == scenario)
/// ```
public enum ScenarioPrinter {
    /// The canonical text of `scenario`, ending with a newline.
    public static func print(_ scenario: Scenario) -> String {
        var out: [String] = []
        out.append("scenario \(quote(scenario.name))")
        out.append("seed \(scenario.seed)")
        if let jar = scenario.thirdPartyCookies { out.append("third-party-cookies \(jar.rawValue)") }
        for person in scenario.persons {
            out.append("")
            out.append("person \(quote(person.name))")
            out.append("  user-agent \(quote(person.userAgent))")
            out.append("  viewport \(person.viewport)")
            out.append("  timezone \(quote(person.timezone))")
            if let canary = person.ipCanary {
                out.append("  ip \(quote("{canary ip" + (canary.label.map { ":" + $0 } ?? "") + "}"))")
            } else {
                out.append("  ip \(quote(person.ip))")
            }
            if !person.cookiesEnabled { out.append("  cookies off") }
        }
        out.append("")
        out.append(contentsOf: sdkLines(scenario.sdk))
        if scenario.masking != MaskingPolicy() {
            out.append("")
            out.append(contentsOf: maskingLines(scenario.masking))
        }
        for page in scenario.pages {
            out.append("")
            out.append("page \(quote(page.url))")
            if page.html.split(separator: "\n", omittingEmptySubsequences: false).contains(where: { String($0).trimmingSpaces == ">>>" }) {
                out.append("  html \(quote(page.html))")
            } else {
                out.append("  html <<<")
                for line in page.html.split(separator: "\n", omittingEmptySubsequences: false) {
                    out.append(line.isEmpty ? "" : "    " + line)
                }
                out.append("  >>>")
            }
            if let event = page.recordAfter { out.append("  record-after \(event.rawValue)") }
        }
        if !scenario.steps.isEmpty { out.append("") }
        for step in scenario.steps {
            out.append(contentsOf: lines(step.action))
        }
        if !scenario.expectations.isEmpty { out.append("") }
        for expectation in scenario.expectations {
            switch expectation {
            case .sessionCount(let person, let count): out.append("expect sessions \(quote(person)) \(count)")
            case .unlinkable(let a, let b): out.append("expect unlinkable \(quote(a)) \(quote(b))")
            case .sameSession(let a, let b): out.append("expect same-session \(quote(a)) \(quote(b))")
            case .noCanaryLeaks: out.append("expect no-canary-leaks")
            case .masked(let selector): out.append("expect masked \(quote(selector))")
            case .erased(let person): out.append("expect erased \(quote(person))")
            case .notIdentified(let person): out.append("expect not-identified \(quote(person))")
            }
        }
        return out.joined(separator: "\n") + "\n"
    }

    private static func sdkLines(_ sdk: SDKProfile) -> [String] {
        var out = ["sdk \(sdk.kind.rawValue)"]
        let defaults = SDKProfile(kind: sdk.kind)
        if sdk.identityStorage != defaults.identityStorage { out.append("  storage \(sdk.identityStorage.rawValue)") }
        if sdk.flushInterval != defaults.flushInterval { out.append("  flush-interval \(Durations.format(sdk.flushInterval))") }
        if sdk.batchByteCap != defaults.batchByteCap { out.append("  batch-bytes \(sdk.batchByteCap)") }
        if sdk.batchEventCap != defaults.batchEventCap { out.append("  batch-events \(sdk.batchEventCap)") }
        if sdk.idleTimeout != defaults.idleTimeout { out.append("  idle-timeout \(Durations.format(sdk.idleTimeout))") }
        if sdk.maxSessionDuration != defaults.maxSessionDuration, let cap = sdk.maxSessionDuration { out.append("  max-session \(Durations.format(cap))") }
        if sdk.recordsCrossOriginIframes != defaults.recordsCrossOriginIframes { out.append("  cross-origin-iframes \(sdk.recordsCrossOriginIframes ? "on" : "off")") }
        return out
    }

    private static func maskingLines(_ policy: MaskingPolicy) -> [String] {
        var out = [policy.mode == .raw ? "masking raw" : "masking"]
        if policy.maskAllInputs { out.append("  mask-all-inputs") }
        out += policy.maskTextSelectors.map { "  mask-text \(quote($0))" }
        out += policy.maskTextClasses.map { "  mask-text-class \(quote($0))" }
        out += policy.blockSelectors.map { "  block \(quote($0))" }
        out += policy.blockClasses.map { "  block-class \(quote($0))" }
        out += policy.ignoreSelectors.map { "  ignore \(quote($0))" }
        out += policy.ignoreClasses.map { "  ignore-class \(quote($0))" }
        if policy.honorsDataPrivate { out.append("  data-private") }
        for rule in policy.networkRules {
            switch rule {
            case .redactHeader(let name): out.append("  redact-header \(quote(name))")
            case .redactBodyField(let name): out.append("  redact-body-field \(quote(name))")
            case .dropRequestBodies: out.append("  drop-request-bodies")
            case .dropResponseBodies: out.append("  drop-response-bodies")
            }
        }
        return out
    }

    /// The line or lines of one step.
    static func lines(_ action: StepAction) -> [String] {
        switch action {
        case .visit(let url): return ["visit \(quote(url))"]
        case .navigate(let url): return ["navigate \(quote(url))"]
        case .openTab(let url): return ["open-tab \(quote(url))"]
        case .back: return ["back"]
        case .returnAfter(let pause, let url): return ["return after \(Durations.format(pause))" + (url.map { " to \(quote($0))" } ?? "")]
        case .switchPerson(let name): return ["switch-person \(quote(name))"]
        case .erase(let person): return ["erase \(quote(person))"]
        case .unload(let timing): return ["unload \(timing.rawValue)"]
        case .unloadDuringUploads(let count): return ["unload during-upload uploads \(count)"]
        case .moveTo(let target): return ["move to \(quote(target))"]
        case .click(let target): return ["click \(quote(target))"]
        case .doubleClick(let target): return ["double-click \(quote(target))"]
        case .rightClick(let target): return ["right-click \(quote(target))"]
        case .rageClick(let target, let count): return ["rage-click \(quote(target)) times \(count)"]
        case .hover(let target): return ["hover \(quote(target))"]
        case .scroll(let target, let x, let y): return ["scroll " + (target.map { quote($0) + " " } ?? "") + "to \(x) \(y)"]
        case .type(let target, .literal(let text)): return ["type \(quote(target)) \(quote(text))"]
        case .type(let target, .canary(let canary)): return ["type \(quote(target)) canary \(canary.kind.rawValue)" + (canary.label.map { " " + quote($0) } ?? "")]
        case .type(let target, .template(let template)): return ["type \(quote(target)) \(quote(template.source))"]
        case .select(let target, let value): return ["select \(quote(target)) \(quote(value))"]
        case .check(let target): return ["check \(quote(target))"]
        case .uncheck(let target): return ["uncheck \(quote(target))"]
        case .focus(let target): return ["focus \(quote(target))"]
        case .blur(let target): return ["blur \(quote(target))"]
        case .wait(let duration): return ["wait \(Durations.format(duration))"]
        case .think(let duration): return ["think \(Durations.format(duration))"]
        case .setText(let target, let text): return ["set-text \(quote(target)) \(quote(text))"]
        case .setAttribute(let target, let name, let value): return ["set-attribute \(quote(target)) \(quote(name)) \(quote(value))"]
        case .removeAttribute(let target, let name): return ["remove-attribute \(quote(target)) \(quote(name))"]
        case .addElement(let parent, let html): return ["add-element \(quote(parent)) \(quote(html))"]
        case .removeElement(let target): return ["remove-element \(quote(target))"]
        case .moveElement(let target, let into): return ["move-element \(quote(target)) into \(quote(into))"]
        case .console(let level, let message): return ["console \(level.rawValue) \(quote(message.source))"]
        case .throwError(let error):
            return ["throw \(error.type) \(quote(error.message.source))"] + error.frames.map { "  at \(quote($0.function ?? "")) \(quote("\($0.file):\($0.line):\($0.column)"))" }
        case .rejectPromise(let reason): return ["reject \(quote(reason.source))"]
        case .network(let call): return networkLines(call)
        case .custom(let name, let payload): return ["custom \(quote(name))" + (payload.map { " " + JSONWriter.canonicalString($0) } ?? "")]
        case .redux(let type, let payload, let state):
            return ["redux \(quote(type))" + (payload.map { " payload " + JSONWriter.canonicalString($0) } ?? "") + " state " + JSONWriter.canonicalString(state)]
        case .identify(let user, let traits): return ["identify \(quote(user.source))" + (traits.map { " traits " + JSONWriter.canonicalString($0) } ?? "")]
        case .pushState(let url): return ["push-state \(quote(url))"]
        case .replaceState(let url): return ["replace-state \(quote(url))"]
        case .popState: return ["pop-state"]
        case .resizeViewport(let viewport): return ["resize \(viewport)"]
        case .rotate: return ["rotate"]
        case .collectorOutage(let duration, .status(let status)): return ["outage \(Durations.format(duration)) status \(status)"]
        case .collectorOutage(let duration, .timeout): return ["outage \(Durations.format(duration)) timeout"]
        case .collectorOutage(let duration, .offline): return ["outage \(Durations.format(duration)) offline"]
        case .repeatSteps(let count, let body): return ["repeat \(count)"] + body.flatMap { lines($0.action) }.map { "  " + $0 }
        }
    }

    private static func networkLines(_ call: NetworkCall) -> [String] {
        var out = ["\(call.api.rawValue) \(call.method) \(quote(call.url))"]
        if call.status != 200 { out.append("  status \(call.status)") }
        if call.duration != 100 { out.append("  duration \(Durations.format(call.duration))") }
        out += call.requestHeaders.map { "  request-header \(quote($0.name)) \(quote($0.value.source))" }
        if let body = call.requestBody { out.append("  request-body " + bodyText(body)) }
        out += call.responseHeaders.map { "  response-header \(quote($0.name)) \(quote($0.value.source))" }
        if let body = call.responseBody { out.append("  response-body " + bodyText(body)) }
        if let failure = call.failure { out.append("  fails \(quote(failure))") }
        return out
    }

    private static func bodyText(_ body: NetworkBody) -> String {
        switch body {
        case .text(let template): return quote(template.source)
        case .json(let value): return "json " + JSONWriter.canonicalString(value)
        }
    }

    /// A double-quoted string with `\"`, `\\`, `\n`, `\t`, `\r` and `\u{HEX}` escapes.
    static func quote(_ text: String) -> String {
        var result = "\""
        for scalar in text.unicodeScalars {
            switch scalar {
            case "\"": result += "\\\""
            case "\\": result += "\\\\"
            case "\n": result += "\\n"
            case "\t": result += "\\t"
            case "\r": result += "\\r"
            default:
                if scalar.value < 0x20 || scalar.value == 0x7F {
                    result += "\\u{" + String(scalar.value, radix: 16) + "}"
                } else {
                    result.unicodeScalars.append(scalar)
                }
            }
        }
        return result + "\""
    }
}
