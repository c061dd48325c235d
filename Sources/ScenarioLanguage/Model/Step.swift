/// One thing that happens in a scenario, with the place it was written.
///
/// Two steps are equal when their actions are equal: `location` is deliberately
/// left out of `==`, so a parsed file and the same scenario written with the
/// builder (whose locations are Swift source lines) compare equal.
public struct Step: Sendable, Equatable {
    /// What happens.
    public var action: StepAction
    /// Where the step was written, for reports that point at it.
    public var location: SourceLocation

    /// Creates a step.
    public init(_ action: StepAction, location: SourceLocation = .unknown) {
        self.action = action
        self.location = location
    }

    /// Compares actions only; see the type's documentation.
    public static func == (lhs: Step, rhs: Step) -> Bool {
        lhs.action == rhs.action
    }
}
