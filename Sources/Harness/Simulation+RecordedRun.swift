import Checks
import Simulation

extension Simulation {
    /// The facts of this run the privacy checks judge stored data by.
    var recordedRun: RecordedRun {
        let canaries = CanaryValue.distinct(canaries).map { value in
            let plantings = self.canaries.filter { $0.value == value.value }
            return RecordedRun.Canary(value: value.value, kind: value.kind.rawValue, places: plantings.map { "\($0.plantedIn) on \($0.page)" },
                                      mustNotAppear: value.mustNotAppear, storedByDesign: plantings.allSatisfy { $0.capturePath == "identify" })
        }
        var pageURLs: [String: String] = [:]
        var sessionsOfPerson: [String: [String]] = [:]
        for session in sessions {
            sessionsOfPerson[session.person, default: []].append(session.sessionId)
            for window in session.windows {
                for page in window.pages { pageURLs[page.pageId] = page.url }
            }
        }
        // The collector's third-party cookie goes with every upload the jar lets it go with (a link when unpartitioned).
        var wireIdentifiers: [String: [LinkageCheck.Identifier]] = [:]
        for upload in uploads {
            guard let cookie = upload.collectorCookie else { continue }
            let identifier = LinkageCheck.Identifier(field: "cookie collector_uid sent to the collector", value: cookie)
            if wireIdentifiers[upload.batch.pageId]?.contains(identifier) != true { wireIdentifiers[upload.batch.pageId, default: []].append(identifier) }
        }
        var run = RecordedRun(canaries: canaries, pageURLs: pageURLs, sessionsOfPerson: sessionsOfPerson, wireIdentifiers: wireIdentifiers)
        run.typedValues = typedValues.map { ($0.page, $0.target, $0.value) }
        return run
    }
}
