// Why this file is unsafe: `TextCache` is declared `Sendable` without the compiler checking it
// (`@unchecked`): it is a class with mutable state, shared by every simulation in the process.
//
// What keeps it correct: every read and write of its mutable state (`valuesByText`) holds its
// `NSLock`, and what it holds are `Sendable` values.

extension TextCache: @unchecked Sendable where Value: Sendable {}
