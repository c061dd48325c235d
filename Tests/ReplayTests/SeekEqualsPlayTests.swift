import Foundation
import Replay
import SessionModel
import Testing
import _TestSupport

/// Seeking to t gives the same DOM as playing from the start to t.
@Suite("Seek equals play")
struct SeekEqualsPlayTests {
    static func check(_ session: ReplaySession, seed: UInt64) -> [String] {
        SeekEqualsPlay.problems(session, seed: seed)
    }

    @Test("on 200 seeded generated sessions")
    func generatedSessions() {
        var failures: [String] = []
        var findings: [String] = []
        for seed in UInt64(1)...200 {
            var generator = RRWebStreamGenerator(seed: seed)
            let session = ReplaySession(events: generator.events(count: 80 + Int(seed % 7) * 20))
            failures += Self.check(session, seed: seed).map { "seed \(seed) " + $0 }
            let dom = session.finalState()
            findings += dom.findings.map { "seed \(seed): \($0)" }
        }
        #expect(failures.isEmpty, "\(failures.prefix(1).joined())")
        #expect(findings.isEmpty, "a valid generated stream left findings:\n\(findings.prefix(10).joined(separator: "\n"))")
    }

    /// The same with every event kind the replayer applies: style-sheet rules and declarations, adopted sheets,
    /// media, canvas, selection and custom elements (the generator keeps every index valid).
    @Test("on 50 seeded generated sessions with every event kind")
    func generatedSessionsWithEveryKind() {
        var failures: [String] = []
        var findings: [String] = []
        var sources = Set<Int>()
        for seed in UInt64(1)...50 {
            var generator = RRWebStreamGenerator(seed: seed, everyKind: true)
            let session = ReplaySession(events: generator.events(count: 150))
            for event in session.events { if case .incrementalSnapshot(let data) = event.data { sources.insert(data.source.rawValue) } }
            failures += Self.check(session, seed: seed).map { "seed \(seed) " + $0 }
            findings += session.finalState().findings.map { "seed \(seed): \($0)" }
        }
        #expect(sources.isSuperset(of: [0, 1, 2, 3, 4, 5, 7, 8, 9, 13, 14, 15, 16]), "kinds generated: \(sources.sorted())")
        #expect(failures.isEmpty, "\(failures.prefix(1).joined())")
        #expect(findings.isEmpty, "a valid generated stream left findings:\n\(findings.prefix(10).joined(separator: "\n"))")
    }

    @Test("on every conformance recording", .enabled(if: ConformanceCorpus.folder != nil, Comment(rawValue: ConformanceCorpus.skipMessage)), arguments: conformanceNames)
    func conformance(_ name: String) throws {
        let session = try conformanceSession(name)
        let problems = Self.check(session, seed: 99)
        #expect(problems.isEmpty, "\(problems.joined())")
    }

    @Test func theGeneratorIsDeterministic() {
        var first = RRWebStreamGenerator(seed: 5)
        var second = RRWebStreamGenerator(seed: 5)
        #expect(RecordingEncoder.encodeArray(first.events(count: 300)) == RecordingEncoder.encodeArray(second.events(count: 300)))
    }

    /// A seek that must not be fooled: events with equal timestamps straddling a checkout.
    @Test func seekStartsAtTheMetaBeforeTheLastSnapshot() throws {
        var generator = RRWebStreamGenerator(seed: 11)
        let events = generator.events(count: 400)
        let session = ReplaySession(events: events)
        #expect(session.events.filter { $0.type == .fullSnapshot }.count > 1, "the stream should contain checkouts")
        #expect(Self.check(session, seed: 3).isEmpty)
    }
}
