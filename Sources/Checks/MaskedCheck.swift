import Foundation
import Markup
import SessionModel

/// Checks `expect masked SELECTOR`: what the matching elements hold is never stored in clear, in any encoding.
///
/// The values looked for are, on every page of the scenario, the text content
/// and `value` attribute of each element the selector matches, and every
/// value typed into a target that is (or selects) one of those elements. They
/// are searched for with `CanaryScan`, so an encoded copy counts as a leak too.
/// Text shorter than 4 characters is not looked for: it would be found by chance.
enum MaskedCheck {
    static func findings(selector: String, run: RecordedRun, stored: [UploadBatch]) -> [PrivacyChecks.Finding] {
        let values = values(selector: selector, run: run)
        guard !values.isEmpty else {
            return [PrivacyChecks.Finding(kind: .nothingChecked, message: "expect masked \(selector): no element it matches holds text or a typed value, so nothing was looked for")]
        }
        guard !stored.isEmpty else {
            return [PrivacyChecks.Finding(kind: .nothingChecked, message: "expect masked \(selector): read back 0 batches, so nothing was looked for")]
        }
        let scan = CanaryScan(canaries: values.map { CanaryScan.Canary($0, kind: "value of \(selector)") })
        return scan.scan(stored).map { PrivacyChecks.Finding(kind: .canaryLeak, message: "expect masked \(selector): \($0)", leak: $0) }
    }

    /// The distinct values the selector's elements hold, in page order.
    static func values(selector: String, run: RecordedRun) -> [String] {
        guard let css = try? CSSSelector(selector) else { return [] }
        var values: [String] = []
        func add(_ text: String) {
            let trimmed = text.trimmingCharacters(in: .whitespacesAndNewlines)
            if trimmed.count >= 4, !values.contains(trimmed) { values.append(trimmed) }
        }
        for page in run.pages {
            let index = ElementIndex(HTMLParser.parse(page.html))
            let matched = index.select(css)
            for element in matched {
                add(element.element.textContent)
                if let value = element.element.attribute("value") { add(value) }
            }
            for typed in run.typedValues where typed.page == page.url {
                let target = (try? CSSSelector(typed.target)).flatMap { index.first($0) }
                if typed.target == selector || matched.contains(where: { $0.path == target?.path }) { add(typed.value) }
            }
        }
        return values
    }
}
