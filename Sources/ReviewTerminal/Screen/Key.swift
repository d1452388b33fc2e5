/// One key press, as the review screen understands it.
public enum Key: Hashable, Sendable {
    case up, down, pageUp, pageDown, home, end, left, right
    case enter, escape, backspace, tab
    /// Ctrl-C in raw mode (the terminal no longer turns it into SIGINT).
    case interrupt
    /// Ctrl-U: clear the line being typed.
    case clearLine
    case character(Character)
}

/// Turns the bytes a terminal sends in raw mode into ``Key``s.
///
/// Arrow keys arrive as `ESC [ A` (or `ESC O A` in application-cursor mode); a read holding only
/// `ESC` is the Escape key. A terminal writes one key's sequence in one write, so a sequence is
/// not split across reads in practice; an unknown sequence is dropped rather than typed.
public enum KeyDecoder {
    public static func decode(_ bytes: [UInt8]) -> [Key] {
        var keys: [Key] = []
        var index = 0
        var text: [UInt8] = []
        func flushText() {
            guard !text.isEmpty else { return }
            for character in String(decoding: text, as: UTF8.self) { keys.append(.character(character)) }
            text.removeAll()
        }
        while index < bytes.count {
            let byte = bytes[index]
            switch byte {
            case 0x1B:
                flushText()
                let (key, length) = escapeSequence(bytes, at: index)
                if let key { keys.append(key) }
                index += length
                continue
            case 0x0D, 0x0A:
                flushText()
                keys.append(.enter)
            case 0x7F, 0x08:
                flushText()
                keys.append(.backspace)
            case 0x03:
                flushText()
                keys.append(.interrupt)
            case 0x15:
                flushText()
                keys.append(.clearLine)
            case 0x09:
                flushText()
                keys.append(.tab)
            case 0x00..<0x20:
                flushText()
            default:
                text.append(byte)
            }
            index += 1
        }
        flushText()
        return keys
    }

    /// Reads an escape sequence at `start`; returns the key (nil for an unknown one) and its length.
    static func escapeSequence(_ bytes: [UInt8], at start: Int) -> (Key?, Int) {
        guard start + 1 < bytes.count else { return (.escape, 1) }
        let introducer = bytes[start + 1]
        guard introducer == UInt8(ascii: "[") || introducer == UInt8(ascii: "O") else { return (.escape, 1) }
        var end = start + 2
        // Parameters are digits and semicolons; the final byte is a letter or `~`.
        while end < bytes.count, (0x30...0x3F).contains(bytes[end]) { end += 1 }
        guard end < bytes.count else { return (nil, bytes.count - start) }
        let parameters = String(decoding: bytes[(start + 2)..<end], as: UTF8.self)
        let final = bytes[end]
        let length = end - start + 1
        switch (final, parameters) {
        case (UInt8(ascii: "A"), _): return (.up, length)
        case (UInt8(ascii: "B"), _): return (.down, length)
        case (UInt8(ascii: "C"), _): return (.right, length)
        case (UInt8(ascii: "D"), _): return (.left, length)
        case (UInt8(ascii: "H"), _): return (.home, length)
        case (UInt8(ascii: "F"), _): return (.end, length)
        case (UInt8(ascii: "~"), "5"): return (.pageUp, length)
        case (UInt8(ascii: "~"), "6"): return (.pageDown, length)
        case (UInt8(ascii: "~"), "1"), (UInt8(ascii: "~"), "7"): return (.home, length)
        case (UInt8(ascii: "~"), "4"), (UInt8(ascii: "~"), "8"): return (.end, length)
        default: return (nil, length)
        }
    }
}
