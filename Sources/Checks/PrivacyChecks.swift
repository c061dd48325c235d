import ScenarioLanguage
import SessionModel

/// The privacy and identity promises a scenario makes, checked against what the endpoint stored.
///
/// - Canaries the masking policy must mask may not appear in stored data, in
///   any encoding `CanaryScan` knows. A value that was also planted where the
///   policy lets it through cannot be judged by value and is not scanned. With
///   `expect no-canary-leaks` no canary may appear at all (that is how a `raw`
///   scenario tests server-side redaction).
/// - `expect unlinkable A B`: the visits to A's site and B's site (by registrable
///   domain) share no identifier, stored or sent (`LinkageCheck`). A is the
///   same-site control: when its own stored batches do not link to each other,
///   the check cannot see identifiers at all and the result is "invalid".
/// - `expect same-session A B`: the stored visits to A and B have one session id.
/// - `expect sessions PERSON N`: the person's visits were recorded as N sessions.
/// - `expect masked SELECTOR`: the text and value of the matching elements, and
///   what was typed into them, appear nowhere in stored data (`MaskedCheck`).
/// - `expect not-identified PERSON`: no two of the person's visits share an
///   identifier, even on one site (`notIdentifiedFindings`).
///
/// ```swift
/// for finding in PrivacyChecks.findings(expectations: scenario.expectations, run: run, stored: batches) { print(finding) }
/// ```
public enum PrivacyChecks {
    /// One broken promise, in words.
    public struct Finding: Sendable, Equatable, CustomStringConvertible {
        /// Which kind of promise was broken.
        public enum Kind: Sendable, Equatable {
            /// A planted canary was found in stored data.
            case canaryLeak
            /// Two visits that must not be linkable share a stored identifier.
            case linkage
            /// Visits that must be one session were stored as several, or the session count is wrong.
            case sessions
            /// The check had nothing to look at (nothing stored for it), so it could not pass.
            case nothingChecked
            /// The check's control failed (visits within one site do not link), so its result would mean nothing.
            case invalid
            /// Something of an erased person could still be read back.
            case erasure
        }

        public var kind: Kind
        public var message: String
        /// For a canary leak, where and how it was found.
        public var leak: CanaryScan.Finding?
        public var description: String { message }

        public init(kind: Kind, message: String, leak: CanaryScan.Finding? = nil) {
            self.kind = kind
            self.message = message
            self.leak = leak
        }
    }

    /// Every broken promise, canaries first, then the expectations in the order written.
    public static func findings(expectations: [Expectation], run: RecordedRun, stored: [UploadBatch]) -> [Finding] {
        var findings: [Finding] = []
        let strict = expectations.contains(.noCanaryLeaks)
        let values = run.canaries.filter { $0.mustNotAppear || (strict && !$0.storedByDesign) }.map { CanaryScan.Canary($0.value, kind: $0.kind) }
        if strict, values.isEmpty {
            findings.append(Finding(kind: .nothingChecked,
                                    message: "expect no-canary-leaks: the scenario plants no canary that may not be stored, so nothing was looked for; plant one ({canary KIND}) or drop the line"))
        } else if !values.isEmpty, stored.isEmpty {
            findings.append(Finding(kind: .nothingChecked, message: "canary scan: read back 0 batches, so none of \(quantity(values.count, "planted value")) was looked for"))
        } else if !values.isEmpty {
            for hit in CanaryScan(canaries: values).scan(stored) {
                let places = run.canaries.first { $0.value == hit.canary }?.places ?? []
                findings.append(Finding(kind: .canaryLeak, message: "\(hit); planted in \(places.joined(separator: ", "))", leak: hit))
            }
        }

        func batches(visiting url: String) -> [UploadBatch] {
            stored.filter { run.pageURLs[$0.pageId] == url }
        }
        func batches(onSiteOf url: String) -> [UploadBatch] {
            let site = RegistrableDomain.ofURL(url)
            return stored.filter { run.pageURLs[$0.pageId].flatMap(RegistrableDomain.ofURL) == site }
        }
        func wire(_ batches: [UploadBatch]) -> [LinkageCheck.Identifier] {
            var seen = Set<String>()
            return batches.flatMap { run.wireIdentifiers[$0.pageId] ?? [] }.filter { seen.insert($0.field + "\u{0}" + $0.value).inserted }
        }
        for expectation in expectations {
            switch expectation {
            case .unlinkable(let first, let second):
                let siteA = RegistrableDomain.ofURL(first) ?? first, siteB = RegistrableDomain.ofURL(second) ?? second
                if siteA == siteB {
                    findings.append(Finding(kind: .invalid, message: "expect unlinkable \(first) \(second): both are the site \(siteA), whose visits are meant to link; use expect same-session"))
                    continue
                }
                let visitsToFirst = batches(onSiteOf: first), visitsToSecond = batches(onSiteOf: second)
                if let empty = visitsToFirst.isEmpty ? first : visitsToSecond.isEmpty ? second : nil {
                    findings.append(Finding(kind: .nothingChecked, message: "expect unlinkable \(first) \(second): no stored batch visits \(empty), so nothing was compared"))
                    continue
                }
                if let control = sameSiteControl(visitsToFirst, site: siteA) {
                    findings.append(Finding(kind: .invalid, message: "expect unlinkable \(first) \(second) is invalid: \(control)"))
                    continue
                }
                for link in LinkageCheck.links(siteA: visitsToFirst, siteB: visitsToSecond, wireA: wire(visitsToFirst), wireB: wire(visitsToSecond)) {
                    findings.append(Finding(kind: .linkage, message: "visits to \(siteA) and \(siteB) are linkable: \(link)"))
                }
            case .sameSession(let first, let second):
                let sessions = Set((batches(visiting: first) + batches(visiting: second)).map(\.sessionId))
                if sessions.count != 1 {
                    findings.append(Finding(kind: .sessions, message: "visits to \(first) and \(second) should be one session, but were stored as \(sessions.count)"))
                }
            case .sessionCount(let person, let count):
                let sessionIds = Set(run.sessionsOfPerson[person] ?? [])
                let storedIds = Set(stored.filter { sessionIds.contains($0.sessionId) }.map(\.sessionId))
                if storedIds.count != count {
                    findings.append(Finding(kind: .sessions, message: "\(person)'s visits were stored as \(quantity(storedIds.count, "session")), expected \(count)"))
                }
            case .noCanaryLeaks:
                break
            case .masked(let selector):
                findings += MaskedCheck.findings(selector: selector, run: run, stored: stored)
            case .notIdentified(let person):
                findings += notIdentifiedFindings(person, run: run, stored: stored)
            case .erased:
                break  // needs the endpoint: `ErasureCheck.personErased`, run by the harness
            }
        }
        return findings
    }

    /// Why the same-site control fails, or nil when it holds: every stored batch of the site shares an identifier with the first.
    ///
    /// If the batches of one site do not link to each other, identifiers are
    /// not visible in what was read back, and "no link across sites" proves nothing.
    static func sameSiteControl(_ batches: [UploadBatch], site: String) -> String? {
        guard let first = batches.first, batches.count > 1 else { return nil }
        let own = LinkageCheck.identifiers(of: [first])
        for batch in batches.dropFirst() where LinkageCheck.links(own, LinkageCheck.identifiers(of: [batch])).isEmpty {
            return "the same-site control failed: stored batch \(BatchKey(batch)) on \(site) shares no identifier with batch \(BatchKey(first)), so identifiers are not visible in what was stored"
        }
        return nil
    }
}
