// Why this file is unsafe: `SelectorAnswers` and its `StateCount` are declared `Sendable` without
// the compiler checking it (`@unchecked`): they are classes with mutable state, shared through
// `PageCache` by every simulation that loads the same fresh page.
//
// What keeps it correct: every read and write of their mutable state (`firstByText`, `allByText`,
// `next`; `count`) holds the object's own `NSLock`, and what they hold are values or other such
// objects. A lock is never taken while another is held, except `StateCount`'s inside `after`, and
// nothing takes them the other way round.

extension SelectorAnswers: @unchecked Sendable {}
extension StateCount: @unchecked Sendable {}
