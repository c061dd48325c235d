import SessionModel

extension PrivacyChecks {
    /// `expect not-identified PERSON`: no two of the person's visits (page views), even on one site, share an identifier.
    ///
    /// A visit is one page view's stored batches with what the client sent beside
    /// them (the collector's cookie). The identifiers are `LinkageCheck`'s, less
    /// values written in the scenario's pages (page content is the same for
    /// everyone, so it identifies no one). The control: each visit's own batches
    /// link to each other, or identifiers are not visible in what was stored and
    /// the result is "invalid", never a pass.
    static func notIdentifiedFindings(_ person: String, run: RecordedRun, stored: [UploadBatch]) -> [Finding] {
        let prefix = "expect not-identified \(person)"
        let sessions = Set(run.sessionsOfPerson[person] ?? [])
        var visits: [(pageId: String, batches: [UploadBatch])] = []
        for batch in stored where sessions.contains(batch.sessionId) {
            if let index = visits.firstIndex(where: { $0.pageId == batch.pageId }) { visits[index].batches.append(batch) } else { visits.append((batch.pageId, [batch])) }
        }
        guard visits.count >= 2 else {
            return [Finding(kind: .nothingChecked, message: "\(prefix): \(quantity(visits.count, "visit")) of theirs stored, so no two visits could be compared")]
        }
        // The page id groups a visit, so it cannot be the control: each batch must show another identifier the visit's first batch has.
        func controlIdentifiers(_ batch: UploadBatch) -> [LinkageCheck.Identifier] { LinkageCheck.identifiers(of: [batch]).filter { $0.field != "pageId" } }
        for visit in visits {
            let own = controlIdentifiers(visit.batches[0])
            let url = run.pageURLs[visit.pageId] ?? visit.pageId
            if own.isEmpty {
                return [Finding(kind: .invalid, message: "\(prefix) is invalid: stored batch \(BatchKey(visit.batches[0])) of the visit to \(url) shows no identifier but its page id, so identifiers are not visible in what was stored")]
            }
            for batch in visit.batches.dropFirst() where LinkageCheck.links(own, controlIdentifiers(batch)).isEmpty {
                return [Finding(kind: .invalid, message: "\(prefix) is invalid: stored batch \(BatchKey(batch)) of the visit to \(url) shares no identifier but the page id with batch \(BatchKey(visit.batches[0])), so identifiers are not visible in what was stored")]
            }
        }
        func identifiers(_ visit: (pageId: String, batches: [UploadBatch])) -> [LinkageCheck.Identifier] {
            (LinkageCheck.identifiers(of: visit.batches) + (run.wireIdentifiers[visit.pageId] ?? [])).filter { identifier in
                !run.pages.contains { $0.html.contains(identifier.value) }
            }
        }
        let collected = visits.map(identifiers)
        var findings: [Finding] = []
        for first in visits.indices {
            for second in visits.indices where second > first {
                guard let link = LinkageCheck.links(collected[first], collected[second]).first else { continue }
                let urlA = run.pageURLs[visits[first].pageId] ?? visits[first].pageId, urlB = run.pageURLs[visits[second].pageId] ?? visits[second].pageId
                findings.append(Finding(kind: .linkage, message: "\(prefix): visit \(first + 1) (\(urlA)) and visit \(second + 1) (\(urlB)) are linkable: "
                    + "'\(link.value)' is stored as \(link.fieldOnA) on the one and as \(link.fieldOnB) on the other"))
            }
        }
        return findings
    }
}
