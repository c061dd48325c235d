import SessionModel

extension TargetConfiguration {
    /// A fixed batch for `target check`: one page view's first chunk, with a Meta event and a custom event.
    public static let sampleBatch = UploadBatch(
        sessionId: "sample-session", windowId: "sample-window", pageId: "sample-page", sequence: 0, distinctId: "sample-visitor",
        origin: "https://shop.example",
        events: [Event(timestamp: 1_700_000_000_000, data: .meta(Meta(href: "https://shop.example/checkout", width: 1280, height: 800)))])

    /// What `target check` prints: the requests for the sample batch, the acknowledgement rule, the read-back and erasure plans.
    public func planDescription(bodyLimit: Int = 600) throws(AdapterError) -> String {
        let batch = Self.sampleBatch
        var lines = ["target \(name): valid", "", "send, for a sample batch (session \(batch.sessionId), sequence 0, origin \(batch.origin)):"]
        var uncompressed = self
        uncompressed.compression = .none
        let plainBodies = try uncompressed.requests(for: batch, context: BatchContext.plan([batch])[0]).map(\.body)
        for (request, plain) in zip(try requests(for: batch, context: BatchContext.plan([batch])[0]), plainBodies) {
            lines.append("  \(request.method) \(request.path)")
            for header in request.headers { lines.append("  \(header.name): \(header.value)") }
            if request.body.isEmpty { continue }
            if compression != .none { lines.append("  (\(request.body.count) bytes, \(compression.rawValue)-compressed from these \(plain.count):)") }
            let text = String(decoding: plain, as: UTF8.self)
            lines.append("  " + (text.count > bodyLimit ? String(text.prefix(bodyLimit)) + " … (\(plain.count) bytes in all; truncated)" : text))
        }
        lines += ["", "acknowledged: \(acknowledgement.summary)", ""]
        if let readBack {
            lines.append("read-back, \(readBack.steps.count == 1 ? "1 step" : "\(readBack.steps.count) steps"):")
            for (index, step) in readBack.steps.enumerated() {
                lines.append("  \(index + 1). " + Self.describe(step, printsBatches: index == readBack.steps.count - 1 && readBack.batches.isEmpty))
            }
            var values = commonValues(origin: batch.origin)
            values["sessionId"] = .string(batch.sessionId)
            switch readBack.steps[0].action {
            case .request(let request):
                let first = try request.build(values)
                lines.append("  first request for session \(batch.sessionId): \(first.method) \(first.path)")
            case .program:
                let row = values.values.sorted { $0.key < $1.key }.map { "\($0.key)=\(Template.text(of: $0.value))" }.joined(separator: ", ")
                lines.append("  first program input for session \(batch.sessionId): row \(row)")
            }
            lines.append("  batches: " + (readBack.batches.isEmpty ? "as the last step prints them" : readBack.batches.map { name, source in
                switch source {
                case .path(let query): "\(name) = \(query)"
                case .template(let template): "\(name) = \"\(template.source)\""
                }
            }.joined(separator: ", ")))
        } else {
            lines.append("read-back: none (nothing can be read back)")
        }
        lines.append("")
        if let erase {
            var values = commonValues(origin: batch.origin)
            values["visitorId"] = .string(batch.distinctId)
            let request = try erase.request.build(values)
            lines.append("erase, for visitor \(batch.distinctId): \(request.method) \(request.path); acknowledged: \(erase.acknowledgement.summary)")
        } else {
            lines.append("erase: none (erasure is not checked)")
        }
        return lines.joined(separator: "\n")
    }

    /// One read-back step in words.
    private static func describe(_ step: ReadBackPlan.Step, printsBatches: Bool) -> String {
        switch step.action {
        case .program(let program):
            var words = "runs \(program.arguments.joined(separator: " ")) (time limit \(secondsText(program.timeoutSeconds)))"
            words += printsBatches ? ", which prints the batches" : ", which prints rows"
            if !step.programBinds.isEmpty { words += "; binds " + step.programBinds.joined(separator: ", ") }
            return words
        case .request(let request):
            var words = "\(request.method) \((request.path ?? request.url)?.source ?? "/")"
            switch step.paginate {
            case .next(let query)?: words += ", following \(query) to the next page"
            case .cursor(let query, let param)?: words += ", repeating with \(param)=\(query) while it is not null"
            case .page(let param, let start)?: words += ", counting \(param) up from \(start)"
            case nil: break
            }
            words += "; each \(step.each)"
            if let path = step.wherePath, let equals = step.whereEquals { words += " where \(path) equals \"\(equals.source)\"" }
            if !step.bind.isEmpty { words += "; binds " + step.bind.map { "\($0.0) = \($0.1)" }.joined(separator: ", ") }
            return words
        }
    }
}
