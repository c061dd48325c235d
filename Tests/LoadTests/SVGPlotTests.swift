@testable import Load
import Testing

@Suite struct SVGPlotTests {
    /// The y-axis labels of a rendered plot, top to bottom as drawn.
    static func yLabels(_ svg: String) -> [String] {
        svg.components(separatedBy: "text-anchor=\"end\" fill=\"#444\">").dropFirst().map { String($0.prefix { $0 != "<" }) }
    }

    @Test func aSeriesOfZerosGetsAnAxisFromZeroToOneNotFiveZeros() {
        let plot = SVGPlot(title: "Errors", xLabel: "s", yLabel: "errors per second",
                           series: [SVGPlot.Series(name: "not acknowledged", color: "#c0392b", points: [(0, 0), (1, 0), (2, 0)])])
        let labels = Self.yLabels(plot.render())
        #expect(labels == ["0", "0.2", "0.4", "0.6", "0.8", "1"])
    }

    @Test func smallStepsKeepLabelsApart() {
        let plot = SVGPlot(title: "Latency", xLabel: "s", yLabel: "ms", series: [SVGPlot.Series(name: "p50", color: "#000", points: [(0, 0.0001), (1, 0.0004)])])
        let labels = Self.yLabels(plot.render())
        #expect(Set(labels).count == labels.count, "\(labels)")
    }
}
