import Foundation

/// A number with its noun in the form that number takes, for messages and reports: `1 batch`, `4 batches`, `0 events`.
///
/// `plural` defaults to the singular with an "s".
package func quantity(_ number: Int, _ singular: String, plural: String? = nil) -> String {
    "\(number) \(number == 1 ? singular : plural ?? singular + "s")"
}

/// Seconds for messages: `10 s` for a whole number, `2.5 s` otherwise.
package func secondsText(_ value: Double) -> String {
    value == value.rounded() && abs(value) < 1e15 ? "\(Int(value)) s" : String(format: "%.1f s", value)
}
