import Checks
import Simulation

extension Simulation {
    /// The facts of this run the privacy checks judge stored data by.
    var recordedRun: RecordedRun {
        let canaries = CanaryValue.distinct(canaries).map { value in
            RecordedRun.Canary(value: value.value, kind: value.kind.rawValue, places: self.canaries.filter { $0.value == value.value }.map { "\($0.plantedIn) on \($0.page)" },
                               mustNotAppear: value.mustNotAppear)
        }
        var pageURLs: [String: String] = [:]
        var sessionsOfPerson: [String: [String]] = [:]
        for session in sessions {
            sessionsOfPerson[session.person, default: []].append(session.sessionId)
            for window in session.windows {
                for page in window.pages { pageURLs[page.pageId] = page.url }
            }
        }
        return RecordedRun(canaries: canaries, pageURLs: pageURLs, sessionsOfPerson: sessionsOfPerson)
    }
}
