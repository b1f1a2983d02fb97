/// A piece of arithmetic written the way a student writes it (`(3·3·3 + 1)·64`) together with
/// its value, so that the text and the number shown after `=` can never disagree.
struct Formula: Hashable, Sendable {
    enum Shape { case atom, product, sum }

    /// The written form: `·` for multiplication, `−` for subtraction, digits grouped by thousands.
    var text: String
    /// The value, `nil` when it does not fit in 64 bits or an operand is unknown.
    var value: Int?
    var shape: Shape

    /// A number.
    init(_ value: Int) {
        text = decimal(value)
        self.value = value
        shape = .atom
    }

    /// A number written differently (a name, or an expression already in parentheses).
    init(_ text: String, value: Int?) {
        self.text = text
        self.value = value
        shape = .atom
    }

    private init(text: String, value: Int?, shape: Shape) {
        self.text = text
        self.value = value
        self.shape = shape
    }

    /// The text with parentheses when it is a sum, for use as a factor.
    var asFactor: String { shape == .sum ? "(\(text))" : text }

    /// `a·b·…`; a factor of 1 is kept (it is part of the formula the student writes).
    static func product(_ factors: [Formula]) -> Formula {
        guard factors.count > 1 else { return factors.first ?? Formula(1) }
        var value: Int? = 1
        for factor in factors {
            guard let running = value, let operand = factor.value else { value = nil; continue }
            let (result, overflow) = running.multipliedReportingOverflow(by: operand)
            value = overflow ? nil : result
        }
        return Formula(text: factors.map(\.asFactor).joined(separator: "·"), value: value, shape: .product)
    }

    /// `a + b + …`; a negative term is written as `− |b|`.
    static func sum(_ terms: [Formula]) -> Formula {
        guard terms.count > 1 else { return terms.first ?? Formula(0) }
        var value: Int? = 0
        var text = ""
        for (index, term) in terms.enumerated() {
            if let running = value, let operand = term.value {
                let (result, overflow) = running.addingReportingOverflow(operand)
                value = overflow ? nil : result
            } else {
                value = nil
            }
            if index == 0 {
                text = term.text
            } else if let operand = term.value, operand < 0, term.shape == .atom {
                text += " − " + decimal(-operand)
            } else {
                text += " + " + term.text
            }
        }
        return Formula(text: text, value: value, shape: .sum)
    }

    /// `a − b`.
    static func difference(_ a: Formula, _ b: Formula) -> Formula {
        var value: Int?
        if let x = a.value, let y = b.value {
            let (result, overflow) = x.subtractingReportingOverflow(y)
            value = overflow ? nil : result
        }
        return Formula(text: "\(a.text) − \(b.asFactor)", value: value, shape: .sum)
    }

    /// `(a)/b`, written `⌊(a)/b⌋` when the division is not exact (or `⌈(a)/b⌉` rounding up).
    static func quotient(_ a: Formula, _ b: Int, roundingUp: Bool = false) -> Formula {
        let numerator = a.shape == .atom ? a.text : "(\(a.text))"
        guard let x = a.value, b > 0 else { return Formula(text: "\(numerator)/\(b)", value: nil, shape: .product) }
        let exact = x % b == 0
        let rounded = roundingUp ? x.addingReportingOverflow(b - 1) : (partialValue: x, overflow: false)
        guard !rounded.overflow else { return Formula(text: "⌈\(numerator)/\(b)⌉", value: nil, shape: .product) }
        let value = rounded.partialValue / b
        let written = exact || b == 1 ? "\(numerator)/\(b)" : roundingUp ? "⌈\(numerator)/\(b)⌉" : "⌊\(numerator)/\(b)⌋"
        return Formula(text: written, value: value, shape: .product)
    }

    /// `text = value`, with the value grouped by thousands (`… = 1,792`); `= ?` when unknown.
    var equation: String {
        guard let value else { return "\(text) = ? (exceeds 64 bits)" }
        return shape == .atom ? text : "\(text) = \(decimal(value))"
    }
}

/// The product of the sizes as a formula: `224·224`.
func productFormula(_ values: [Int]) -> Formula {
    .product(values.map { Formula($0) })
}

/// Names of the spatial axes of a rank-1, -2 or -3 layer.
func axisNames(rank: Int) -> [String] {
    switch rank {
    case 1: ["length"]
    case 2: ["height", "width"]
    default: ["depth", "height", "width"]
    }
}

/// Per-axis texts joined as `height 56 = …, width 28 = …`, or one text when all axes agree.
func joinAxes(_ texts: [String], rank: Int) -> String {
    if Set(texts).count == 1 { return texts[0] }
    return zip(axisNames(rank: rank), texts).map { "\($0) \($1)" }.joined(separator: ", ")
}

/// One spatial axis of a sliding window (convolution kernel or pooling window) as a formula:
/// `224 = (224 + 2·1 − 3)/1 + 1`, i.e. `⌊(in + pad_before + pad_after − dilation·(k − 1) − 1)/stride⌋ + 1`
/// (PyTorch Conv2d / MaxPool2d docs). Keras "same" is written with the padding TensorFlow adds
/// (`max((⌈in/stride⌉ − 1)·stride + k' − in, 0)`, the odd one after), which gives `⌈in/stride⌉`;
/// "causal" pads `dilation·(k − 1)` before.
/// - Returns: the written output length and a remark on the padding, if any.
func windowAxis(
    input: Int?, window: Int, stride: Int, dilation: Int, padding: AxisPadding, ceilMode: Bool = false
) -> (text: String, note: String?) {
    guard let input else { return ("None", nil) }
    // Checked like the engine: a step beyond 64 bits is written as unknown, never a trap.
    guard stride > 0, let spread = try? product(dilation, difference(window, 1)),
          let effective = try? sum(spread, 1) else { return ("? (exceeds 64 bits)", nil) }
    var before = 0, after = 0
    var note: String?
    switch padding {
    case .valid: break
    case .explicit(let b, let a): (before, after) = (b, a)
    case .same:
        guard let rounded = try? sum(input, stride - 1),
              let total = try? max(difference(sum(product(rounded / stride - 1, stride), effective), input), 0)
        else { return ("? (exceeds 64 bits)", nil) }
        (before, after) = (total / 2, total - total / 2)
        note = "'same' pads \(before) before and \(after) after, so the output is ⌈\(input)/\(stride)⌉"
    case .causal:
        before = spread
        note = "'causal' pads \(before) before"
    }
    var terms = [Formula(input)]
    if before == after, before > 0 {
        terms.append(.product([Formula(2), Formula(before)]))
    } else if before > 0 || after > 0 {
        terms += [Formula(before), Formula(after)]
    }
    var numerator = Formula.sum(terms)
    if dilation == 1 {
        numerator = .difference(numerator, Formula(window))
    } else {
        let spread = Formula.product([Formula(dilation), .difference(Formula(window), Formula(1))])
        numerator = .difference(.difference(numerator, spread), Formula(1))
    }
    let length = Formula.sum([.quotient(numerator, stride, roundingUp: ceilMode), Formula(1)])
    guard let value = length.value else { return ("? = \(length.text)", note) }
    if ceilMode, let start = try? product(value - 1, stride), let end = try? sum(input, before), start >= end {
        return ("\(value - 1) = \(length.text) − 1",
                "ceil_mode: the last window would start in the right padding, so it is dropped (PyTorch)")
    }
    return ("\(value) = \(length.text)", note)
}
