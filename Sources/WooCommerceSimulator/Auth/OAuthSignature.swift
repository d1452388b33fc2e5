import MessageAuthentication

/// The one-legged OAuth 1.0a signature WooCommerce checks on plain-HTTP requests
/// (`WC_REST_Authentication::check_oauth_signature`), which the official Python client computes in
/// `woocommerce/oauth.py`:
///
///     base = METHOD & rawurlencode(url) & join("%26", key%3Dvalue for sorted params)
///     key, value = rawurlencode(rawurldecode(x)) with "%" → "%25"     (encoded twice, in effect)
///     signature = base64(HMAC-SHA256 or -SHA1(consumer_secret + "&", base))
///
/// Parameters are the query string's (the last of a repeated name wins, as in PHP's `$_GET`),
/// without `oauth_signature`, sorted by name byte for byte.
struct OAuthSignature: Sendable {
    enum Method: String, Sendable {
        case hmacSHA256 = "HMAC-SHA256"
        case hmacSHA1 = "HMAC-SHA1"
    }

    /// How to percent-encode `/` inside parameter values: PHP's `rawurlencode` encodes it, Python's
    /// `quote` (the client) keeps it. The server tries both so that either client's signature holds.
    enum SlashEncoding: CaseIterable, Sendable { case encoded, kept }

    var method: String
    /// `http://host:port/wp-json/wc/v3/products`, without the query.
    var url: String
    var parameters: [(name: String, value: String)]

    func baseString(slash: SlashEncoding = .encoded) -> String {
        var latest: [String: String] = [:]
        for (name, value) in parameters where name != "oauth_signature" { latest[name] = value }
        let sorted = latest.sorted { $0.key.utf8.lexicographicallyPrecedes($1.key.utf8) }
        let query = sorted.map { Self.normalize($0.key, slash: slash) + "%3D" + Self.normalize($0.value, slash: slash) }
            .joined(separator: "%26")
        return method.uppercased() + "&" + Self.rawURLEncode(url, keepSlash: false) + "&" + query
    }

    /// base64 of the HMAC of the base string under `consumer_secret&`.
    func signature(secret: String, using hash: Method, slash: SlashEncoding = .encoded) -> String {
        let key = Array((secret + "&").utf8)
        let message = Array(baseString(slash: slash).utf8)
        switch hash {
        case .hmacSHA256: return Base64.encode(HMAC<SHA256>.authenticationCode(for: message, key: key))
        case .hmacSHA1: return Base64.encode(HMAC<SHA1>.authenticationCode(for: message, key: key))
        }
    }

    static func normalize(_ text: String, slash: SlashEncoding) -> String {
        rawURLEncode(rawURLDecode(text), keepSlash: slash == .kept).replacingOccurrences(of: "%", with: "%25")
    }

    /// PHP's `rawurlencode`: everything but `A-Z a-z 0-9 - . _ ~` as `%XX` of its UTF-8 bytes.
    static func rawURLEncode(_ text: String, keepSlash: Bool) -> String {
        var output = ""
        for byte in text.utf8 {
            switch byte {
            case UInt8(ascii: "A")...UInt8(ascii: "Z"), UInt8(ascii: "a")...UInt8(ascii: "z"), UInt8(ascii: "0")...UInt8(ascii: "9"),
                UInt8(ascii: "-"), UInt8(ascii: "."), UInt8(ascii: "_"), UInt8(ascii: "~"):
                output.unicodeScalars.append(Unicode.Scalar(byte))
            case UInt8(ascii: "/") where keepSlash:
                output += "/"
            default:
                let hex = Array("0123456789ABCDEF".unicodeScalars)
                output += "%"
                output.unicodeScalars.append(hex[Int(byte >> 4)])
                output.unicodeScalars.append(hex[Int(byte & 15)])
            }
        }
        return output
    }

    /// PHP's `rawurldecode`: `%XX` sequences become bytes; `+` stays a plus.
    static func rawURLDecode(_ text: String) -> String {
        guard text.contains("%") else { return text }
        let input = Array(text.utf8)
        var output: [UInt8] = []
        var index = 0
        while index < input.count {
            if input[index] == UInt8(ascii: "%"), index + 2 < input.count,
                let byte = Hex.decode(String(decoding: input[(index + 1)...(index + 2)], as: UTF8.self))?.first
            {
                output.append(byte)
                index += 3
            } else {
                output.append(input[index])
                index += 1
            }
        }
        return String(decoding: output, as: UTF8.self)
    }
}
