import SessionModel
import Foundation

/// A line chart as inline SVG: axes with round-number ticks, one polyline per series, a legend; optionally a logarithmic x axis.
struct SVGPlot {
    struct Series {
        var name: String
        var color: String
        var dashed = false
        var points: [(x: Double, y: Double)]
    }

    var title: String
    var xLabel: String
    var yLabel: String
    var series: [Series]
    /// Labels for a logarithmic x axis (value, text), such as (10, "90%"); nil for a linear axis.
    var logarithmicXTicks: [(value: Double, label: String)]?
    var width = 760.0
    var height = 300.0

    private let left = 64.0, right = 16.0, top = 48.0, bottom = 44.0

    func render() -> String {
        let all = series.flatMap(\.points)
        let plotWidth = width - left - right
        let plotHeight = height - top - bottom
        var svg = "<svg xmlns=\"http://www.w3.org/2000/svg\" viewBox=\"0 0 \(f(width)) \(f(height))\" width=\"\(f(width))\" height=\"\(f(height))\" role=\"img\" aria-label=\"\(MarkupText.escaped(title))\">\n"
        svg += "<rect x=\"0\" y=\"0\" width=\"\(f(width))\" height=\"\(f(height))\" fill=\"#fff\"/>\n"
        svg += "<text x=\"\(f(left))\" y=\"20\" font-size=\"14\" font-weight=\"bold\" fill=\"#222\">\(MarkupText.escaped(title))</text>\n"
        guard !all.isEmpty else {
            svg += "<text x=\"\(f(width / 2))\" y=\"\(f(height / 2))\" text-anchor=\"middle\" fill=\"#888\">no samples</text>\n</svg>"
            return svg
        }
        let xTransform: (Double) -> Double = logarithmicXTicks == nil ? { $0 } : { Foundation.log10(max($0, 1)) }
        let xs = all.map { xTransform($0.x) }
        var xMin = xs.min()!, xMax = xs.max()!
        if logarithmicXTicks != nil { xMin = 0; xMax = max(xMax, Foundation.log10(100)) }
        if xMax <= xMin { xMax = xMin + 1 }
        // All zeros (a run without errors) gets the axis 0 to 1, not five ticks that all read 0.
        let highest = all.map(\.y).max()!
        let yTicks = Self.niceTicks(upTo: highest > 0 ? highest : 1)
        let yMax = yTicks.last!
        func px(_ x: Double) -> Double { left + (xTransform(x) - xMin) / (xMax - xMin) * plotWidth }
        func py(_ y: Double) -> Double { top + plotHeight - y / yMax * plotHeight }
        // Grid and y ticks.
        for tick in yTicks {
            svg += "<line x1=\"\(f(left))\" y1=\"\(f(py(tick)))\" x2=\"\(f(left + plotWidth))\" y2=\"\(f(py(tick)))\" stroke=\"#e5e5e5\"/>\n"
            svg += "<text x=\"\(f(left - 6))\" y=\"\(f(py(tick) + 4))\" font-size=\"11\" text-anchor=\"end\" fill=\"#444\">\(Self.tickText(tick))</text>\n"
        }
        // X ticks.
        let xTicks: [(Double, String)]
        if let logarithmic = logarithmicXTicks {
            xTicks = logarithmic.filter { Foundation.log10($0.value) <= xMax + 1e-9 }
        } else {
            xTicks = Self.niceTicks(upTo: xMax).filter { $0 >= xMin }.map { ($0, Self.tickText($0)) }
        }
        for (value, label) in xTicks {
            let x = px(value)
            svg += "<line x1=\"\(f(x))\" y1=\"\(f(top + plotHeight))\" x2=\"\(f(x))\" y2=\"\(f(top + plotHeight + 4))\" stroke=\"#444\"/>\n"
            svg += "<text x=\"\(f(x))\" y=\"\(f(top + plotHeight + 16))\" font-size=\"11\" text-anchor=\"middle\" fill=\"#444\">\(MarkupText.escaped(label))</text>\n"
        }
        svg += "<line x1=\"\(f(left))\" y1=\"\(f(top + plotHeight))\" x2=\"\(f(left + plotWidth))\" y2=\"\(f(top + plotHeight))\" stroke=\"#444\"/>\n"
        svg += "<line x1=\"\(f(left))\" y1=\"\(f(top))\" x2=\"\(f(left))\" y2=\"\(f(top + plotHeight))\" stroke=\"#444\"/>\n"
        svg += "<text x=\"\(f(left + plotWidth / 2))\" y=\"\(f(height - 8))\" font-size=\"12\" text-anchor=\"middle\" fill=\"#222\">\(MarkupText.escaped(xLabel))</text>\n"
        svg += "<text x=\"14\" y=\"\(f(top + plotHeight / 2))\" font-size=\"12\" text-anchor=\"middle\" fill=\"#222\" transform=\"rotate(-90 14 \(f(top + plotHeight / 2)))\">\(MarkupText.escaped(yLabel))</text>\n"
        // Series and legend.
        var legendX = left + plotWidth
        for line in series.reversed() {
            let points = line.points.map { "\(f(px($0.x))),\(f(py($0.y)))" }.joined(separator: " ")
            let dash = line.dashed ? " stroke-dasharray=\"6 4\"" : ""
            if line.points.count == 1 {
                svg += "<circle cx=\"\(f(px(line.points[0].x)))\" cy=\"\(f(py(line.points[0].y)))\" r=\"3\" fill=\"\(line.color)\"/>\n"
            } else {
                svg += "<polyline fill=\"none\" stroke=\"\(line.color)\" stroke-width=\"2\"\(dash) points=\"\(points)\"/>\n"
            }
            let labelWidth = Double(line.name.count) * 6.5 + 26
            legendX -= labelWidth
            svg += "<line x1=\"\(f(legendX))\" y1=\"32\" x2=\"\(f(legendX + 16))\" y2=\"32\" stroke=\"\(line.color)\" stroke-width=\"2\"\(dash)/>\n"
            svg += "<text x=\"\(f(legendX + 20))\" y=\"36\" font-size=\"11\" fill=\"#222\">\(MarkupText.escaped(line.name))</text>\n"
        }
        svg += "</svg>"
        return svg
    }

    /// Round ticks from 0 to at least `maximum`: steps of 1, 2 or 5 times a power of ten, about five of them.
    static func niceTicks(upTo maximum: Double) -> [Double] {
        let rough = maximum / 5
        let magnitude = pow(10, (Foundation.log10(rough)).rounded(.down))
        let step = [1.0, 2, 5, 10].map { $0 * magnitude }.first { $0 >= rough } ?? 10 * magnitude
        var ticks: [Double] = [0]
        while ticks.last! < maximum - 1e-12 { ticks.append(ticks.last! + step) }
        return ticks
    }

    /// A tick's label: whole numbers as integers, others with up to four significant digits, so that small steps stay told apart.
    static func tickText(_ value: Double) -> String {
        if value == value.rounded() { return String(Int64(value)) }
        return String(format: "%.4g", value)
    }

    private func f(_ value: Double) -> String { String(format: "%.1f", value) }

}
