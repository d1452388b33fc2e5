import Dispatch
import Foundation

#if canImport(Glibc)
    import Glibc
#endif

/// Where a URL taken on a store's or a catalog's word may lead: never into this machine or the
/// private network it sits in.
///
/// The host is resolved once, off the cooperative pool; every address it has must be public, and
/// the transfer is then pinned to the first (`CURLOPT_RESOLVE`), so a second lookup cannot
/// rebind the name to an internal address between the check and the connection.
enum AddressCheck {
    enum Outcome: Sendable {
        case allowed(address: String)
        case refused(String)
    }

    private static let queue = DispatchQueue(label: "concord.http.resolve", attributes: .concurrent)

    static func check(host: String, port: Int) async -> Outcome {
        await withCheckedContinuation { continuation in
            queue.async { continuation.resume(returning: resolve(host: host, port: port)) }
        }
    }

    static func resolve(host: String, port: Int) -> Outcome {
        var hints = addrinfo()
        hints.ai_socktype = Int32(SOCK_STREAM.rawValue)
        var list: UnsafeMutablePointer<addrinfo>?
        let bare = host.hasPrefix("[") && host.hasSuffix("]") ? String(host.dropFirst().dropLast()) : host
        guard getaddrinfo(bare, String(port), &hints, &list) == 0, let first = list else {
            return .refused("\(host) does not resolve")
        }
        defer { freeaddrinfo(list) }
        var addresses: [String] = []
        var cursor: UnsafeMutablePointer<addrinfo>? = first
        while let entry = cursor {
            if let address = entry.pointee.ai_addr {
                var text = [CChar](repeating: 0, count: Int(NI_MAXHOST))
                if getnameinfo(address, entry.pointee.ai_addrlen, &text, socklen_t(text.count), nil, 0, NI_NUMERICHOST) == 0 {
                    let numeric = String(decoding: text.prefix { $0 != 0 }.map { UInt8(bitPattern: $0) }, as: UTF8.self)
                    if !addresses.contains(numeric) { addresses.append(numeric) }
                }
            }
            cursor = entry.pointee.ai_next
        }
        guard let chosen = addresses.first else { return .refused("\(host) has no address") }
        if let inside = addresses.first(where: isInternal) {
            return .refused("\(host) resolves to \(inside), an address on this machine or a private network")
        }
        return .allowed(address: chosen.contains(":") ? "[\(chosen)]" : chosen)
    }

    /// Loopback, private (RFC 1918, RFC 4193), link-local, shared (RFC 6598), unspecified,
    /// multicast and reserved addresses, IPv4 mapped in IPv6 included.
    static func isInternal(_ address: String) -> Bool {
        var v4 = in_addr()
        if inet_pton(AF_INET, address, &v4) == 1 {
            let value = UInt32(bigEndian: v4.s_addr)
            return isInternal(v4: value)
        }
        var v6 = in6_addr()
        guard inet_pton(AF_INET6, address, &v6) == 1 else { return true }
        let bytes = withUnsafeBytes(of: v6) { Array($0) }
        if bytes[0..<10].allSatisfy({ $0 == 0 }), bytes[10] == 0xff, bytes[11] == 0xff {
            return isInternal(v4: UInt32(bytes[12]) << 24 | UInt32(bytes[13]) << 16 | UInt32(bytes[14]) << 8 | UInt32(bytes[15]))
        }
        if bytes[0..<15].allSatisfy({ $0 == 0 }) { return true }  // :: and ::1
        if bytes[0] & 0xfe == 0xfc { return true }  // fc00::/7 unique local
        if bytes[0] == 0xfe, bytes[1] & 0xc0 == 0x80 { return true }  // fe80::/10 link-local
        if bytes[0] == 0xff { return true }  // multicast
        return false
    }

    static func isInternal(v4 value: UInt32) -> Bool {
        func within(_ base: UInt32, _ bits: UInt32) -> Bool { value >> (32 - bits) == base >> (32 - bits) }
        return within(0x0000_0000, 8) || within(0x0A00_0000, 8) || within(0x7F00_0000, 8) || within(0xA9FE_0000, 16)
            || within(0xAC10_0000, 12) || within(0xC0A8_0000, 16) || within(0x6440_0000, 10) || within(0xC000_0000, 24)
            || within(0xE000_0000, 4) || within(0xF000_0000, 4)
    }
}
