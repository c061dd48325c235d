import SessionModel

/// The result builder behind `Step.repeat(_:_:)`: steps in order, with `if`, `else` and `for`.
@resultBuilder
public enum StepsBuilder {
    public static func buildExpression(_ step: Step) -> [Step] { [step] }
    public static func buildExpression(_ steps: [Step]) -> [Step] { steps }
    public static func buildBlock(_ parts: [Step]...) -> [Step] { parts.flatMap { $0 } }
    public static func buildOptional(_ part: [Step]?) -> [Step] { part ?? [] }
    public static func buildEither(first part: [Step]) -> [Step] { part }
    public static func buildEither(second part: [Step]) -> [Step] { part }
    public static func buildArray(_ parts: [[Step]]) -> [Step] { parts.flatMap { $0 } }
}

extension Step {
    /// Runs the body's steps `count` times over, like the `repeat N` block of a `.scenario` file.
    ///
    /// ```swift
    /// Step.repeat(50) {
    ///     Step.click("#next")
    ///     Step.think(2_000)
    /// }
    /// ```
    public static func `repeat`(_ count: Int, file: String = #fileID, line: Int = #line, @StepsBuilder _ body: () -> [Step]) -> Step {
        Step(.repeatSteps(count: count, body: body()), location: SourceLocation(file: file, line: line, column: 1))
    }
}
