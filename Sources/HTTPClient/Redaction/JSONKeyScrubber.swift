import Foundation

/// Replaces the values of sensitive keys in JSON text, leaving every other byte as it was.
///
/// Re-serialising with `JSONSerialization` would reorder keys and reformat numbers (`19.90`
/// becomes `19.9`), which spoils recorded fixtures; scanning the text keeps them faithful. The
/// input must already be valid JSON (``Redactor/redact(body:)`` checks).
struct JSONKeyScrubber {
    let sensitiveKeys: Set<String>

    private static let quote = UInt8(ascii: "\"")
    private static let backslash = UInt8(ascii: "\\")
    private static let colon = UInt8(ascii: ":")
    private static let replacement = Array("\"\(Redactor.placeholder)\"".utf8)

    func scrub(_ input: [UInt8]) -> [UInt8] {
        var output: [UInt8] = []
        output.reserveCapacity(input.count)
        var index = 0
        while index < input.count {
            guard input[index] == Self.quote else {
                output.append(input[index])
                index += 1
                continue
            }
            let stringEnd = Self.endOfString(in: input, from: index)
            output.append(contentsOf: input[index..<stringEnd])
            var cursor = Self.skipWhitespace(in: input, from: stringEnd)
            guard cursor < input.count, input[cursor] == Self.colon,
                isSensitive(key: input[index..<stringEnd])
            else {
                index = stringEnd
                continue
            }
            cursor = Self.skipWhitespace(in: input, from: cursor + 1)
            output.append(contentsOf: input[stringEnd..<cursor])
            output.append(contentsOf: Self.replacement)
            index = Self.endOfValue(in: input, from: cursor)
        }
        return output
    }

    private func isSensitive(key quoted: ArraySlice<UInt8>) -> Bool {
        let name: String
        if quoted.contains(Self.backslash) {
            guard let decoded = try? JSONDecoder().decode(String.self, from: Data(quoted)) else { return false }
            name = decoded
        } else {
            name = String(decoding: quoted.dropFirst().dropLast(), as: UTF8.self)
        }
        return sensitiveKeys.contains(name.lowercased())
    }

    /// The index just past the string starting at `start` (which holds the opening quote).
    private static func endOfString(in input: [UInt8], from start: Int) -> Int {
        var index = start + 1
        while index < input.count {
            switch input[index] {
            case backslash: index += 2
            case quote: return index + 1
            default: index += 1
            }
        }
        return input.count
    }

    /// The index just past the JSON value starting at `start`.
    private static func endOfValue(in input: [UInt8], from start: Int) -> Int {
        guard start < input.count else { return input.count }
        switch input[start] {
        case quote:
            return endOfString(in: input, from: start)
        case UInt8(ascii: "{"), UInt8(ascii: "["):
            var depth = 0
            var index = start
            while index < input.count {
                switch input[index] {
                case quote:
                    index = endOfString(in: input, from: index)
                    continue
                case UInt8(ascii: "{"), UInt8(ascii: "["):
                    depth += 1
                case UInt8(ascii: "}"), UInt8(ascii: "]"):
                    depth -= 1
                    if depth == 0 { return index + 1 }
                default:
                    break
                }
                index += 1
            }
            return input.count
        default:
            var index = start
            while index < input.count, !Self.endsScalar(input[index]) { index += 1 }
            return index
        }
    }

    private static func endsScalar(_ byte: UInt8) -> Bool {
        switch byte {
        case UInt8(ascii: ","), UInt8(ascii: "}"), UInt8(ascii: "]"), UInt8(ascii: " "),
            UInt8(ascii: "\t"), UInt8(ascii: "\r"), UInt8(ascii: "\n"):
            true
        default:
            false
        }
    }

    private static func skipWhitespace(in input: [UInt8], from start: Int) -> Int {
        var index = start
        while index < input.count, [0x20, 0x09, 0x0A, 0x0D].contains(input[index]) { index += 1 }
        return index
    }
}
