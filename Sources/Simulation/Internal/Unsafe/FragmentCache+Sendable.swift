// Why this file is unsafe: `FragmentCache` is declared `Sendable` without the compiler checking it
// (`@unchecked`): it is a class with mutable state, shared by every simulation in the process.
//
// What keeps it correct: every read and write of its mutable state (`parsedByText`) holds its
// `NSLock`, and what it holds are values (`HTMLDocument` is `Sendable`).

extension FragmentCache: @unchecked Sendable {}
