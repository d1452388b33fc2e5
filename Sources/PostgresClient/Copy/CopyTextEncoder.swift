/// Rows in COPY's text format: values separated by tabs, rows ended by a newline, NULL as `\N`.
///
/// Within a value a backslash, tab, newline and carriage return are written as `\\`, `\t`, `\n`
/// and `\r` (PostgreSQL manual, COPY, "Text Format"); every other character, including the rest
/// of Unicode, goes as its UTF-8 bytes. Escaping the backslash also means no value can read as
/// the `\.` end-of-data marker.
struct CopyTextEncoder {
    private(set) var bytes: [UInt8] = []
    private(set) var rowCount = 0

    private static let backslash = UInt8(ascii: "\\")
    private static let tab = UInt8(ascii: "\t")
    private static let newline = UInt8(ascii: "\n")
    private static let carriageReturn = UInt8(ascii: "\r")

    mutating func append(_ row: [PostgresValue?]) {
        for (index, value) in row.enumerated() {
            if index > 0 { bytes.append(Self.tab) }
            guard let value else {
                bytes.append(Self.backslash)
                bytes.append(UInt8(ascii: "N"))
                continue
            }
            for byte in value.postgresText.utf8 {
                switch byte {
                case Self.backslash: bytes.append(contentsOf: [Self.backslash, Self.backslash])
                case Self.tab: bytes.append(contentsOf: [Self.backslash, UInt8(ascii: "t")])
                case Self.newline: bytes.append(contentsOf: [Self.backslash, UInt8(ascii: "n")])
                case Self.carriageReturn: bytes.append(contentsOf: [Self.backslash, UInt8(ascii: "r")])
                default: bytes.append(byte)
                }
            }
        }
        bytes.append(Self.newline)
        rowCount += 1
    }

    /// The bytes encoded so far, leaving the encoder empty for the next chunk.
    mutating func take() -> [UInt8] {
        defer { bytes = [] }
        return bytes
    }
}
