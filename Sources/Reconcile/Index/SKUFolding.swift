/// The loose comparison of SKU text used only to *flag* near misses (`abc-1`, ` ABC-1`, `ABC 1`
/// for `ABC-1`), never to match: letter case folded, all white space removed.
enum SKUFolding {
    /// A hash of the folded text (FNV-1a over the folded scalars), without allocating for ASCII.
    static func hash(_ text: String) -> Int {
        var hash: UInt64 = 0xcbf2_9ce4_8422_2325
        forEachFoldedScalar(text) { value in
            hash = (hash ^ UInt64(value)) &* 0x0000_0100_0000_01b3
        }
        return Int(truncatingIfNeeded: hash)
    }

    /// Whether two texts fold to the same key.
    static func equal(_ lhs: String, _ rhs: String) -> Bool { folded(lhs) == folded(rhs) }

    static func folded(_ text: String) -> [UInt32] {
        var result: [UInt32] = []
        result.reserveCapacity(text.utf8.count)
        forEachFoldedScalar(text) { result.append($0) }
        return result
    }

    @inline(__always)
    private static func forEachFoldedScalar(_ text: String, _ body: (UInt32) -> Void) {
        for scalar in text.unicodeScalars {
            let value = scalar.value
            if value < 0x80 {
                switch value {
                case 0x09...0x0D, 0x20: continue
                case 0x41...0x5A: body(value + 0x20)
                default: body(value)
                }
            } else if scalar.properties.isWhitespace {
                continue
            } else if scalar.properties.changesWhenLowercased {
                for lowered in scalar.properties.lowercaseMapping.unicodeScalars { body(lowered.value) }
            } else {
                body(value)
            }
        }
    }
}

/// Small text checks on the hot path, over UTF-8 bytes.
enum TextChecks {
    /// True when the text is empty or only white space.
    static func isBlank(_ text: String) -> Bool {
        if let first = text.utf8.first, first < 0x80, !isASCIISpace(first) { return false }
        for scalar in text.unicodeScalars where !scalar.properties.isWhitespace { return false }
        return true
    }

    /// The text without surrounding white space, without copying when there is none.
    static func trimmed(_ text: String) -> String {
        guard let first = text.utf8.first, let last = text.utf8.last else { return text }
        if !isASCIISpace(first) && !isASCIISpace(last) && first < 0x80 && last < 0x80 { return text }
        return text.trimmingWhitespace()
    }

    @inline(__always)
    static func isASCIISpace(_ byte: UInt8) -> Bool { byte == 0x20 || (byte >= 0x09 && byte <= 0x0D) }

    /// The GS1 check for an 8, 12, 13 or 14 digit GTIN, on bytes (no allocation).
    static func isValidGTIN(_ text: String) -> Bool {
        let utf8 = text.utf8
        let count = utf8.count
        guard count == 8 || count == 12 || count == 13 || count == 14 else { return false }
        var sum = 0
        var position = 0  // from the right, 0 = the check digit
        var check = -1
        for byte in utf8.reversed() {
            guard byte >= 0x30 && byte <= 0x39 else { return false }
            let digit = Int(byte - 0x30)
            if position == 0 {
                check = digit
            } else {
                sum += digit * (position % 2 == 1 ? 3 : 1)
            }
            position += 1
        }
        return (10 - sum % 10) % 10 == check
    }
}
