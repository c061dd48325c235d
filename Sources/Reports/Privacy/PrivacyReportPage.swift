import SessionModel
/// A privacy review as one self-contained HTML page: the verdict, each promise, leaks in context, and a sites × identifiers matrix.
///
/// No scripts, fonts or images are fetched: the style sheet is inline, so the
/// page can be attached to a ticket and opened anywhere.
public enum PrivacyReportPage {
    public static func html(_ reports: [PrivacyReport]) -> String {
        var html = """
        <!DOCTYPE html>
        <html lang="en"><head><meta charset="utf-8"><title>Privacy review</title>
        <style>
        body{font:14px/1.45 system-ui,-apple-system,"Segoe UI",sans-serif;margin:24px;color:#1d232a;background:#fafbfc}
        h1{font-size:22px;margin:0 0 4px} h2{font-size:18px;margin:28px 0 8px;border-bottom:1px solid #d0d7de;padding-bottom:4px}
        h3{font-size:15px;margin:18px 0 6px} .verdict{font-weight:600;padding:2px 8px;border-radius:4px}
        .pass{background:#dafbe1;color:#116329} .fail{background:#ffebe9;color:#a40e26} .invalid{background:#fff8c5;color:#7d4e00}
        .notchecked{background:#eaeef2;color:#57606a}
        table{border-collapse:collapse;margin:6px 0;background:#fff} th,td{border:1px solid #d0d7de;padding:4px 8px;text-align:left;vertical-align:top}
        th{background:#f6f8fa} td.seen{text-align:center} td.link{background:#ffebe9;color:#a40e26;font-weight:700;text-align:center}
        code,.context{font:12px/1.4 ui-monospace,Menlo,Consolas,monospace} .context{background:#f6f8fa;padding:4px 6px;display:block;word-break:break-all;white-space:pre-wrap}
        mark{background:#ff8182;color:#1d232a;padding:0 1px} .muted{color:#57606a} ul{margin:4px 0 4px 18px;padding:0}
        </style></head><body>
        <h1>Privacy review</h1>
        """
        let passed = reports.filter(\.passed).count
        html += "<p>\(passed) of \(reports.count) scenario\(reports.count == 1 ? "" : "s") kept every promise.</p>\n"
        for report in reports { html += section(report) }
        html += "</body></html>\n"
        return html
    }

    static func section(_ report: PrivacyReport) -> String {
        var html = "<h2>\(MarkupText.escaped(report.scenario)) <span class=\"verdict \(report.passed ? "pass" : "fail")\">\(report.passed ? "PASS" : "FAIL")</span></h2>\n"
        html += "<h3>Policy in force</h3><ul>" + report.policy.map { "<li>\(MarkupText.escaped($0))</li>" }.joined() + "</ul>\n"
        html += "<h3>Promises</h3><table><tr><th>promise</th><th>result</th><th>detail</th></tr>"
        for check in report.checks {
            let style = check.outcome.rawValue.replacingOccurrences(of: " ", with: "")
            html += "<tr><td>\(MarkupText.escaped(check.name))</td><td><span class=\"verdict \(style)\">\(check.outcome.rawValue)</span></td><td>\(MarkupText.escaped(check.detail))</td></tr>"
        }
        html += "</table>\n"
        html += "<h3>Leaks (\(report.leaks.count))</h3>\n"
        if report.leaks.isEmpty { html += "<p class=\"muted\">No planted value was found in what was stored.</p>\n" }
        for leak in report.leaks {
            html += "<p><b>\(MarkupText.escaped(leak.kind))</b> <code>\(MarkupText.escaped(leak.canary))</code> via <b>\(MarkupText.escaped(leak.capturePath))</b>"
            html += leak.decodings.isEmpty ? ", stored as planted" : ", decoded by \(MarkupText.escaped(leak.decodings.joined(separator: " → ")))"
            html += "<br><span class=\"muted\">\(MarkupText.escaped(leak.place)), byte \(leak.byteOffset)\(leak.jsonPath.map { ", " + MarkupText.escaped($0) } ?? "")"
            html += "; planted in \(MarkupText.escaped(leak.plantedIn.joined(separator: ", ")))</span>"
            html += "<span class=\"context\">…\(MarkupText.escaped(leak.context.before))<mark>\(MarkupText.escaped(leak.context.match))</mark>\(MarkupText.escaped(leak.context.after))…</span></p>\n"
        }
        if !report.leads.isEmpty {
            html += "<h3>Possible personal data not planted (\(report.leads.count), not gating)</h3><ul>"
            html += report.leads.prefix(50).map { "<li>\(MarkupText.escaped($0))</li>" }.joined() + "</ul>\n"
        }
        html += "<h3>Sites × identifiers</h3>\n"
        if report.sites.count < 2 || report.identifiers.isEmpty {
            html += "<p class=\"muted\">\(report.sites.count < 2 ? "One site visited: nothing to link across." : "No identifier was stored.")</p>\n"
        } else {
            html += "<table><tr><th>identifier</th><th>value</th>" + report.sites.map { "<th>\(MarkupText.escaped($0))</th>" }.joined() + "</tr>"
            for row in report.identifiers {
                html += "<tr><td>\(MarkupText.escaped(row.field))</td><td><code>\(MarkupText.escaped(String(row.value.prefix(60))))</code></td>"
                html += row.seenOn.map { $0 ? (row.links ? "<td class=\"link\">● linked</td>" : "<td class=\"seen\">●</td>") : "<td></td>" }.joined()
                html += "</tr>"
            }
            html += "</table>\n"
        }
        return html
    }

}
