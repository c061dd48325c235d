import Ingest
import SessionModel

/// One paragraph in words about an endpoint that misbehaved: what was sent, what came back, and what it means.
///
/// ```swift
/// if let paragraph = EndpointVerdict.paragraph(for: report, batch: key, batches: 8) { print(paragraph) }
/// ```
public enum EndpointVerdict {
    /// The paragraph for the first upload the endpoint did not acknowledge; nil when it was acknowledged.
    public static func paragraph(for report: DeliveryReport, batch: BatchKey, batches: Int) -> String? {
        guard !report.acknowledged, let last = report.attempts.last else { return nil }
        let attempts = report.attempts.count
        var sent = "Sent: \(report.request) with \(batch) (the first of \(quantity(batches, "batch", plural: "batches")) not acknowledged)"
        sent += attempts == 1 ? ", once." : ", \(attempts) times."
        var came = "Came back: "
        let outcomes = report.attempts.map(\.words)
        came += Set(outcomes).count == 1 ? (attempts == 1 ? outcomes[0] : "\(outcomes[0]), every time") : outcomes.joined(separator: "; then ")
        if let refusal = report.bodyRefusal { came += ", but \(refusal)" }
        let body = ControlCharacters.excerpt(report.responseBody, limit: 120)
        if last.status != nil, report.bodyRefusal == nil, !body.isEmpty { came += " (\(body))" }
        if let deadline = report.stoppedByDeadline { came += "; the run's deadline of \(Int(deadline)) s (--deadline) stopped the retries" }
        came += "."
        return [sent, came, "Meaning: " + meaning(of: last, bodyRefused: report.bodyRefusal != nil) + "."].joined(separator: " ")
    }

    /// The paragraph for a scenario whose uploads were acknowledged but whose read-back failed.
    public static func readBackParagraph(scenario: String, failure: String) -> String {
        "Sent: the uploads of \(scenario). Came back: \(failure); the checks that need stored data (delivery, golden, canary, linkage, sessions, redaction, erasure) did not run. "
            + "Meaning: what the endpoint stored could not be read, so nothing it acknowledged could be checked; check the read token and the read-back settings."
    }

    static func meaning(of attempt: DeliveryAttempt, bodyRefused: Bool) -> String {
        if let failure = attempt.failure { return failure.meaning }
        guard let status = attempt.status else { return "the endpoint gave no answer" }
        if bodyRefused {
            return "the endpoint answered with a success status but not with what the adapter's acknowledgement rule expects, so nothing shows the upload was stored; check that --endpoint points at the ingest API the adapter speaks"
        }
        switch status {
        case 300..<400: return "the endpoint redirects uploads; point --endpoint at the address it redirects to"
        case 401, 403: return "the endpoint refuses the credentials; check the token settings (--setting token=…)"
        case 404, 405: return "the endpoint does not offer this API at that path; check --endpoint and --adapter"
        case 413: return "the endpoint refuses uploads this large"
        case 429: return "the endpoint rate-limits the uploads and kept doing so"
        case 400..<500: return "the endpoint refuses the uploads as sent; check --adapter and its settings"
        case 500..<600: return "the endpoint fails internally on every attempt"
        default: return "the endpoint answered with a status no upload expects"
        }
    }
}
