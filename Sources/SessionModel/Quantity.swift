/// A number with its noun in the form that number takes, for messages and reports: `1 batch`, `4 batches`, `0 events`.
///
/// `plural` defaults to the singular with an "s".
package func quantity(_ number: Int, _ singular: String, plural: String? = nil) -> String {
    "\(number) \(number == 1 ? singular : plural ?? singular + "s")"
}
