/// Inline SVG charts for the HTML report: no script, no network, scaled with `viewBox`.
///
/// Every bar and point carries its figure in `data-label` / `data-value` (and as visible text), so
/// a test can check that what is drawn is the report's numbers, not a placeholder.
enum SVGChart {
    struct Bar {
        var label: String
        var value: Double
        /// The text shown at the bar's end (`97.30% (973/1000)`).
        var text: String
        var tone: Tone = .neutral
        var emphasis = false
    }

    enum Tone: String {
        case good, warn, bad, neutral
    }

    /// Horizontal bars, one a row; `maximum` is the value of a full-width bar, `lower` the value
    /// at the bar's start (a zoomed axis, so 95.9 and 100 do not look the same), `target` a
    /// dashed mark across every row.
    static func horizontalBars(
        _ bars: [Bar], maximum: Double, lower: Double = 0, target: Double? = nil, unit: String = "", title: String,
        labelWidth minimumLabelWidth: Int = 230
    ) -> String {
        // Wide enough for the longest label (about 7 px a character at the chart's font size),
        // so a long store and field name is not cut at the left edge.
        let longest = bars.map(\.label.count).max() ?? 0
        let labelWidth = max(minimumLabelWidth, min(380, longest * 7 + 16))
        let rowHeight = 22
        let width = 820
        let barSpace = Double(width - labelWidth - 190)
        let zoomed = lower > 0 || target != nil
        let axisHeight = zoomed ? 18 : 0
        let height = bars.count * rowHeight + 8 + axisHeight
        let span = maximum - lower
        func position(_ value: Double) -> Double { span > 0 ? max(0, min(1, (value - lower) / span)) * barSpace : 0 }
        var svg = open(width: width, height: height, title: title)
        for (index, bar) in bars.enumerated() {
            let y = 4 + index * rowHeight
            let length = position(bar.value)
            svg += "<g class=\"bar\" data-label=\"\(HTMLText.escape(bar.label))\" data-value=\"\(number(bar.value))\">"
            svg +=
                "<text x=\"\(labelWidth - 8)\" y=\(q(y + 15)) text-anchor=\"end\" class=\"\(bar.emphasis ? "label strong" : "label")\">\(HTMLText.escape(bar.label))</text>"
            svg += "<rect x=\"\(labelWidth)\" y=\(q(y + 3)) width=\"\(number(barSpace))\" height=\"16\" class=\"track\"/>"
            svg += "<rect x=\"\(labelWidth)\" y=\(q(y + 3)) width=\"\(number(length))\" height=\"16\" class=\"fill \(bar.tone.rawValue)\"/>"
            svg +=
                "<text x=\"\(number(Double(labelWidth) + barSpace + 8))\" y=\(q(y + 15)) class=\"value\">\(HTMLText.escape(bar.text))</text>"
            svg += "</g>"
        }
        if zoomed {
            // The axis says where the bars start, so a zoomed chart cannot be misread.
            let axisY = bars.count * rowHeight + 8 + 12
            svg +=
                "<text x=\"\(labelWidth)\" y=\(q(axisY)) text-anchor=\"start\" class=\"value axis-start\">\(number(lower))\(unit)</text>"
            svg +=
                "<text x=\"\(number(Double(labelWidth) + barSpace))\" y=\(q(axisY)) text-anchor=\"end\" class=\"value\">\(number(maximum))\(unit)</text>"
        }
        if let target {
            let x = Double(labelWidth) + position(target)
            svg +=
                "<line x1=\"\(number(x))\" y1=\"2\" x2=\"\(number(x))\" y2=\(q(bars.count * rowHeight + 6)) class=\"target\" data-target=\"\(number(target))\"/>"
            svg +=
                "<text x=\"\(number(x))\" y=\(q(bars.count * rowHeight + 8 + 12)) text-anchor=\"middle\" class=\"value\">target \(number(target))\(unit)</text>"
        }
        return svg + "</svg>"
    }

    /// Vertical bars over labelled buckets (a histogram).
    static func columns(_ bars: [Bar], title: String) -> String {
        let width = 820
        let height = 240
        let plotTop = 24
        let plotBottom = height - 36
        let maximum = max(1, bars.map(\.value).max() ?? 1)
        let slot = Double(width - 60) / Double(max(1, bars.count))
        var svg = open(width: width, height: height, title: title)
        svg += "<line x1=\"40\" y1=\(q(plotBottom)) x2=\"\(width - 10)\" y2=\(q(plotBottom)) class=\"axis\"/>"
        for (index, bar) in bars.enumerated() {
            let barHeight = bar.value / maximum * Double(plotBottom - plotTop)
            let x = 50 + Double(index) * slot
            let y = Double(plotBottom) - barHeight
            svg += "<g class=\"bar\" data-label=\"\(HTMLText.escape(bar.label))\" data-value=\"\(number(bar.value))\">"
            svg +=
                "<rect x=\"\(number(x + 6))\" y=\"\(number(y))\" width=\"\(number(slot - 12))\" height=\"\(number(barHeight))\" class=\"fill neutral\"/>"
            svg +=
                "<text x=\"\(number(x + slot / 2))\" y=\"\(number(y - 6))\" text-anchor=\"middle\" class=\"value\">\(HTMLText.escape(bar.text))</text>"
            svg +=
                "<text x=\"\(number(x + slot / 2))\" y=\(q(plotBottom + 18)) text-anchor=\"middle\" class=\"label\">\(HTMLText.escape(bar.label))</text>"
            svg += "</g>"
        }
        return svg + "</svg>"
    }

    struct Series {
        var name: String
        /// (x position, value, label) per point; `nil` values are gaps.
        var points: [(index: Int, value: Double, label: String)]
    }

    /// Lines over run positions, the y axis from `lower` to 100 (percent).
    static func lines(_ series: [Series], xLabels: [String], lower: Double, title: String) -> String {
        let width = 820
        let height = 280
        let left = 72.0
        // The legend's width follows its longest name (about 7 px a character), so no name is cut.
        let legend = Double(max(150, min(320, (series.map(\.name.count).max() ?? 0) * 7 + 48)))
        let right = Double(width) - legend
        let top = 16.0
        let bottom = Double(height) - 40
        let count = max(1, xLabels.count)
        func x(_ index: Int) -> Double { count == 1 ? (left + right) / 2 : left + (right - left) * Double(index) / Double(count - 1) }
        func y(_ value: Double) -> Double { bottom - (bottom - top) * (value - lower) / max(0.01, 100 - lower) }
        var svg = open(width: width, height: height, title: title)
        for step in 0...4 {
            let value = lower + (100 - lower) * Double(step) / 4
            svg +=
                "<line x1=\"\(number(left))\" y1=\"\(number(y(value)))\" x2=\"\(number(right))\" y2=\"\(number(y(value)))\" class=\"grid\"/>"
            svg +=
                "<text x=\"\(number(left - 6))\" y=\"\(number(y(value) + 4))\" text-anchor=\"end\" class=\"label\">\(number(value))%</text>"
        }
        let stride = max(1, xLabels.count / 8)
        for (index, label) in xLabels.enumerated() where index % stride == 0 || index == xLabels.count - 1 {
            svg +=
                "<text x=\"\(number(x(index)))\" y=\"\(number(bottom + 18))\" text-anchor=\"middle\" class=\"label\">\(HTMLText.escape(label))</text>"
        }
        for (number, line) in series.enumerated() {
            let tone = "series\(number % 6)"
            let path = line.points.map { "\(Self.number(x($0.index))),\(Self.number(y($0.value)))" }.joined(separator: " ")
            svg += "<g class=\"series \(tone)\" data-series=\"\(HTMLText.escape(line.name))\">"
            if line.points.count > 1 { svg += "<polyline points=\"\(path)\" class=\"line\"/>" }
            for point in line.points {
                svg +=
                    "<circle cx=\"\(Self.number(x(point.index)))\" cy=\"\(Self.number(y(point.value)))\" r=\"4\" class=\"dot\" data-label=\"\(HTMLText.escape(point.label))\" data-value=\"\(Self.number(point.value))\"><title>\(HTMLText.escape(point.label)): \(Ratio.format(point.value))%</title></circle>"
            }
            let legendY = top + 8 + Double(number) * 18
            svg += "<circle cx=\"\(Self.number(right + 20))\" cy=\"\(Self.number(legendY - 4))\" r=\"5\" class=\"dot\"/>"
            svg +=
                "<text x=\"\(Self.number(right + 32))\" y=\"\(Self.number(legendY))\" class=\"label\">\(HTMLText.escape(line.name))</text>"
            svg += "</g>"
        }
        return svg + "</svg>"
    }

    static func open(width: Int, height: Int, title: String) -> String {
        "<svg class=\"chart\" viewBox=\"0 0 \(width) \(height)\" role=\"img\" aria-label=\"\(HTMLText.escape(title))\">"
    }

    static func q(_ value: Int) -> String { "\"\(value)\"" }

    /// A coordinate or value with at most two decimals and no exponent.
    static func number(_ value: Double) -> String {
        let hundredths = Int((value * 100).rounded())
        if hundredths % 100 == 0 { return "\(hundredths / 100)" }
        return Ratio.format(value)
    }
}

enum HTMLText {
    static func escape(_ text: String) -> String {
        var result = ""
        result.reserveCapacity(text.utf8.count)
        for character in text {
            switch character {
            case "&": result += "&amp;"
            case "<": result += "&lt;"
            case ">": result += "&gt;"
            case "\"": result += "&quot;"
            case "'": result += "&#39;"
            default: result.append(character)
            }
        }
        return result
    }
}
