import Foundation

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
/// The states a fresh page leads to are kept up to `budget` per fresh page; past that, a change
/// leads to answers kept by that DOM alone.
///
/// ```swift
/// if let known = answers.first(selector) { return known }
/// ```
final class SelectorAnswers {
    /// At most this many selectors are kept per kind of query; past that the set starts empty again.
    static let capacity = 256

    /// How many states, the fresh one included, are kept for one fresh page: simulations whose changes
    /// differ (a canary value set as an attribute, say) each add states, and a long load run must not
    /// grow without bound. A state holds the few selectors asked in it, so this is about a megabyte
    /// per fresh page at most, and `PageCache` holds at most `PageCache.capacity` fresh pages.
    static let budget = 1024

    /// The states kept so far for this answer's fresh page; nil for answers kept by one DOM alone.
    private let states: StateCount?

    // Shared across threads through `PageCache` (see Internal/Unsafe/SelectorAnswers+Sendable.swift):
    // every read and write of `firstByText`, `allByText` and `next` holds `lock`.
    private let lock = NSLock()
    private var firstByText: [String: Int?] = [:]
    private var allByText: [String: [Int]] = [:]
    private var next: [Change: SelectorAnswers] = [:]

    /// A change to a DOM that selectors can see, named completely (what, where, and any markup or
    /// attribute value), so the same change from the same state always leads to the same state.
    enum Change: Hashable {
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
        lock.withLock { firstByText[selector] }
    }

    /// Keeps the answer of `VirtualDOM.first(selector)`.
    func storeFirst(_ selector: String, _ found: Int?) {
        lock.withLock {
            if firstByText.count >= Self.capacity { firstByText = [:] }
            firstByText[selector] = .some(found)
        }
    }

    /// The kept answer of `VirtualDOM.select(selector)`, nil when not kept.
    func all(_ selector: String) -> [Int]? {
        lock.withLock { allByText[selector] }
    }

    /// Keeps the answer of `VirtualDOM.select(selector)`.
    func storeAll(_ selector: String, _ found: [Int]) {
        lock.withLock {
            if allByText.count >= Self.capacity { allByText = [:] }
            allByText[selector] = found
        }
    }

    /// The answers of the state `change` leads to from this one.
    func after(_ change: Change) -> SelectorAnswers {
        guard let states else { return SelectorAnswers(states: nil) }
        return lock.withLock {
            if let known = next[change] { return known }
            guard states.take() else { return SelectorAnswers(states: nil) }
            let made = SelectorAnswers(states: states)
            next[change] = made
            return made
        }
    }
}

/// How many states of one fresh page `SelectorAnswers` keeps, shared by them all.
final class StateCount {
    // Shared across threads with the answers (see Internal/Unsafe/SelectorAnswers+Sendable.swift):
    // every read and write of `count` holds `lock`.
    private let lock = NSLock()
    private var count = 1

    /// Counts one more state, or says false when `SelectorAnswers.budget` are kept already.
    func take() -> Bool {
        lock.withLock {
            guard count < SelectorAnswers.budget else { return false }
            count += 1
            return true
        }
    }
}
