// Why this file is unsafe: `TemplateCache` is declared `Sendable` without the compiler checking it
// (`@unchecked`): it is a class with mutable state, shared by every simulation in the process.
//
// What keeps it correct: every read and write of its mutable state (`parsedByText`) holds its
// `NSLock`, and what it holds are values (`Template` is `Sendable`).

extension TemplateCache: @unchecked Sendable {}
