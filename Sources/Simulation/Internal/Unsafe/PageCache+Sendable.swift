// Why this file is unsafe: `PageCache` is declared `Sendable` without the compiler checking it
// (`@unchecked`): it is a class with mutable state, shared by every simulation in the process.
//
// What keeps it correct: every read and write of its mutable state (`entries`, `count`, `framedSources`, `framedSourceCount`) holds
// its `NSLock`; the entries are values and the kept snapshots objects with only `let` members, and
// the cached maskers are never mutated (a page loaded from the cache copies the one it starts
// from, and the cache stores copies).

extension PageCache: @unchecked Sendable {}
