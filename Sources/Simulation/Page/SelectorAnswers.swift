import Synchronization

/// Answers to selector queries on one state of a DOM, kept so the same query is not walked again.
///
/// A query's answer depends only on what selectors read: tags, attributes, the child lists and
/// which nodes are alive. A `VirtualDOM` holds the answers of its state and, on every change
/// selectors can see, moves to `after(change)`: the answers of the state that change leads to.
/// States are named by their history, the fresh page and the changes since, so two DOMs that
/// started from the same page and made the same changes share one set of answers. The fresh pages
/// in `PageCache` start every simulation, so a selector a scenario names is answered once per
/// process for each state its steps reach, not once per simulation.
///
/// The states a fresh page leads to are kept up to `budget` per fresh page; past that, or past
/// `fanOut` changes from one state, a change leads to answers kept by that DOM alone. A state
/// holds a handful of selectors and changes, kept in short lists: searching one costs less than
/// hashing, and a new state allocates nothing until it is asked.
///
/// ```swift
/// if let known = answers.first(selector) { return known }
/// ```
final class SelectorAnswers: Sendable {
    /// At most this many selectors are kept per kind of query; past that the list starts empty again.
    static let capacity = 64

    /// At most this many changes from one state lead to shared states.
    static let fanOut = 32

    /// How many states, the fresh one included, are kept for one fresh page: simulations whose changes
    /// differ (a canary value set as an attribute, say) each add states, and a long load run must not
    /// grow without bound. A state holds the few selectors asked in it, so this is about a megabyte
    /// per fresh page at most, and `PageCache` holds at most `PageCache.capacity` fresh pages.
    static let budget = 1024

    /// The states kept so far for this answer's fresh page; nil for answers kept by one DOM alone.
    private let states: StateCount?

    /// What is kept, shared across threads through `PageCache`: read and written under the mutex.
    private let kept = Mutex(Kept())

    private struct Kept {
        var firsts: [(selector: String, found: Int?)] = []
        var alls: [(selector: String, found: [Int])] = []
        var next: [(change: Change, answers: SelectorAnswers)] = []
    }

    /// A change to a DOM that selectors can see, named completely (what, where, and any markup or
    /// attribute value), so the same change from the same state always leads to the same state.
    enum Change: Equatable, Sendable {
        /// Markup appended under a node (`VirtualDOM.append(html:to:)`).
        case append(parent: Int, html: String)
        /// A text node appended under a node; its text is not part of the change, as no selector reads text.
        case appendText(parent: Int)
        case detach(Int)
        case kill(Int)
        case reattach(Int, parent: Int)
        case setAttribute(Int, name: String, value: String)
        case removeAttribute(Int, name: String)
    }

    /// The answers of a fresh page.
    convenience init() {
        self.init(states: StateCount())
    }

    private init(states: StateCount?) {
        self.states = states
    }

    /// The kept answer of `VirtualDOM.first(selector)`: `.some(nil)` when it matched nothing, nil when not kept.
    func first(_ selector: String) -> Int?? {
        kept.withLock { kept -> Int?? in
            for entry in kept.firsts where entry.selector == selector { return .some(entry.found) }
            return nil
        }
    }

    /// Keeps the answer of `VirtualDOM.first(selector)`.
    func storeFirst(_ selector: String, _ found: Int?) {
        kept.withLock { kept in
            if kept.firsts.count >= Self.capacity { kept.firsts.removeAll() }
            kept.firsts.append((selector, found))
        }
    }

    /// The kept answer of `VirtualDOM.select(selector)`, nil when not kept.
    func all(_ selector: String) -> [Int]? {
        kept.withLock { kept -> [Int]? in
            for entry in kept.alls where entry.selector == selector { return entry.found }
            return nil
        }
    }

    /// Keeps the answer of `VirtualDOM.select(selector)`.
    func storeAll(_ selector: String, _ found: [Int]) {
        kept.withLock { kept in
            if kept.alls.count >= Self.capacity { kept.alls.removeAll() }
            kept.alls.append((selector, found))
        }
    }

    /// The answers of the state `change` leads to from this one.
    func after(_ change: Change) -> SelectorAnswers {
        guard let states else { return SelectorAnswers(states: nil) }
        return kept.withLock { kept -> SelectorAnswers in
            for entry in kept.next where entry.change == change { return entry.answers }
            guard kept.next.count < Self.fanOut, states.take() else { return SelectorAnswers(states: nil) }
            let made = SelectorAnswers(states: states)
            kept.next.append((change, made))
            return made
        }
    }
}

/// How many states of one fresh page `SelectorAnswers` keeps, shared by them all.
final class StateCount: Sendable {
    private let count = Mutex(1)

    /// Counts one more state, or says false when `SelectorAnswers.budget` are kept already.
    func take() -> Bool {
        count.withLock { count in
            guard count < SelectorAnswers.budget else { return false }
            count += 1
            return true
        }
    }
}
