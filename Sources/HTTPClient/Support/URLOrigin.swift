import CatalogModel

/// The scheme, host and port of a URL string, parsed without normalising the rest of it.
///
/// The client compares origins to decide whether a redirect leaves the original server (then
/// credentials are dropped) and whether a host is loopback (then TLS verification may be relaxed
/// and the proxy bypassed). Foundation's `URL` is avoided on purpose: it rewrites some inputs that
/// curl accepts verbatim, and the comparison must see what curl sees.
struct URLOrigin: Hashable, Sendable {
    let scheme: String
    let host: String
    let port: Int

    init?(_ url: String) {
        guard let schemeEnd = url.range(of: "://") else { return nil }
        let scheme = url[..<schemeEnd.lowerBound].lowercased()
        let defaultPort: Int
        switch scheme {
        case "http": defaultPort = 80
        case "https": defaultPort = 443
        default: return nil
        }
        let rest = url[schemeEnd.upperBound...]
        let authority = rest.prefix { $0 != "/" && $0 != "?" && $0 != "#" }
        let hostAndPort = authority.lastIndex(of: "@").map { authority[authority.index(after: $0)...] } ?? authority[...]

        var host: Substring
        var portText: Substring?
        if hostAndPort.hasPrefix("[") {
            guard let close = hostAndPort.firstIndex(of: "]") else { return nil }
            host = hostAndPort[hostAndPort.index(after: hostAndPort.startIndex)..<close]
            let afterBracket = hostAndPort[hostAndPort.index(after: close)...]
            if afterBracket.hasPrefix(":") { portText = afterBracket.dropFirst() }
        } else if let colon = hostAndPort.lastIndex(of: ":") {
            host = hostAndPort[..<colon]
            portText = hostAndPort[hostAndPort.index(after: colon)...]
        } else {
            host = hostAndPort
        }
        guard !host.isEmpty else { return nil }
        if host.hasSuffix(".") { host = host.dropLast() }

        var port = defaultPort
        if let portText, !portText.isEmpty {
            guard let parsed = Int(portText), (1...65535).contains(parsed) else { return nil }
            port = parsed
        }
        self.scheme = scheme
        self.host = host.lowercased()
        self.port = port
    }

    /// Traffic that never leaves the machine (see ``Loopback``).
    var isLoopback: Bool { Loopback.isLoopback(host: host) }
}
