// libyaml's C API, as Yams itself uses it (Yams' Sources/CYaml): Yams' own event reader is private.
import CYaml

/// A pass over libyaml's events (the C library inside Yams) made before Yams composes the
/// node tree, refusing the two shapes of alias bomb whose cost lands inside Yams itself:
///
/// - aliases whose expansion passes a budget of values (a "billion laughs" file): counted here
///   as each alias event arrives, so the file is refused before Yams builds anything;
/// - a mapping key that is a list or a mapping (directly or through an alias): Yams checks every
///   mapping for duplicate keys by hashing its keys while composing (`Parser.checkDuplicates` in
///   Yams' Sources/Yams/Parser.swift), and hashing a key hashes its whole expansion, so
///   `[*h: *h]` with `*h` standing for 9^7 values took 22 s before any count could run on the
///   composed tree. No architecture needs such keys (Yams' decoder drops them: a key is read
///   through its scalar text), so they are refused.
///
/// Values are counted as ``DocumentParser``'s walk of the composed tree counts them: one per
/// scalar, list and mapping, and an alias as the count of the node it names; so a file within
/// the budget here is within it there. Work is linear in the number of events (a 3.9 MB YAML
/// file of 140,000 layers: about 1 s of CPU in a debug build, against 24 s for the whole `add`).
enum YAMLAliasBudget {
    /// One open list or mapping.
    private struct Frame {
        /// The values inside it so far, itself included.
        var size = 1
        var anchor: String?
        var isMapping: Bool
        /// For a mapping: the next completed node is a key (else a value).
        var expectingKey = true
    }

    /// Reads `text`'s events up to the end of its first document.
    /// - Returns: the problem (with line and column, 1-based as Yams reports them) if aliases
    ///   expand to more than `budget` values or a mapping key is a list or mapping; `nil` if
    ///   neither, or if libyaml stops at a syntax error first (Yams then reports that error).
    static func problem(in text: String, budget: Int) -> String? {
        var bytes = Array(text.utf8)
        if bytes.isEmpty { return nil }
        var parser = yaml_parser_t()
        guard yaml_parser_initialize(&parser) == 1 else { return nil }
        defer { yaml_parser_delete(&parser) }
        return bytes.withUnsafeMutableBufferPointer { buffer -> String? in
            yaml_parser_set_encoding(&parser, YAML_UTF8_ENCODING)
            yaml_parser_set_input_string(&parser, buffer.baseAddress, buffer.count)
            var stack: [Frame] = []
            // Anchor → (values it stands for, whether it names a scalar). A later anchor of
            // the same name shadows an earlier one, as in Yams' composer.
            var anchors: [String: (size: Int, isScalar: Bool)] = [:]
            var total = 0

            /// Accounts a completed node in its parent; returns a problem for a non-scalar key.
            func complete(size: Int, isScalar: Bool, anchor: String?, line: Int, column: Int) -> String? {
                if let anchor { anchors[anchor] = (size, isScalar) }
                guard !stack.isEmpty else { return nil }
                stack[stack.count - 1].size += size
                guard stack[stack.count - 1].isMapping else { return nil }
                defer { stack[stack.count - 1].expectingKey.toggle() }
                if stack[stack.count - 1].expectingKey && !isScalar {
                    return "unsupported YAML: line \(line), column \(column): a mapping key that is a list or a mapping (architecture keys are names)"
                }
                return nil
            }
            func name(_ pointer: UnsafeMutablePointer<yaml_char_t>?) -> String? {
                pointer.map { String(cString: $0) }
            }
            func overBudget(_ line: Int, _ column: Int) -> String {
                "not valid YAML: line \(line), column \(column): its aliases expand to more than \(budget) values (more than the file has bytes)"
            }

            while true {
                var event = yaml_event_t()
                guard yaml_parser_parse(&parser, &event) == 1 else { return nil }
                defer { yaml_event_delete(&event) }
                let line = Int(event.start_mark.line) + 1
                let column = Int(event.start_mark.column) + 1
                switch event.type {
                case YAML_SCALAR_EVENT:
                    total += 1
                    if total > budget { return overBudget(line, column) }
                    if let problem = complete(size: 1, isScalar: true, anchor: name(event.data.scalar.anchor),
                                              line: line, column: column) { return problem }
                case YAML_ALIAS_EVENT:
                    // An undefined alias counts one; Yams reports it.
                    let named = name(event.data.alias.anchor).flatMap { anchors[$0] } ?? (1, true)
                    total += named.size
                    if total > budget { return overBudget(line, column) }
                    if let problem = complete(size: named.size, isScalar: named.isScalar, anchor: nil,
                                              line: line, column: column) { return problem }
                case YAML_SEQUENCE_START_EVENT, YAML_MAPPING_START_EVENT:
                    total += 1
                    if total > budget { return overBudget(line, column) }
                    let isMapping = event.type == YAML_MAPPING_START_EVENT
                    if let parent = stack.last, parent.isMapping, parent.expectingKey {
                        return "unsupported YAML: line \(line), column \(column): a mapping key that is a list or a mapping (architecture keys are names)"
                    }
                    let anchor = isMapping ? name(event.data.mapping_start.anchor) : name(event.data.sequence_start.anchor)
                    stack.append(Frame(anchor: anchor, isMapping: isMapping))
                case YAML_SEQUENCE_END_EVENT, YAML_MAPPING_END_EVENT:
                    guard let frame = stack.popLast() else { return nil }
                    // The key check was made when the list or mapping began.
                    _ = complete(size: frame.size, isScalar: false, anchor: frame.anchor, line: line, column: column)
                case YAML_DOCUMENT_END_EVENT, YAML_STREAM_END_EVENT:
                    return nil
                default:
                    break
                }
            }
        }
    }
}
