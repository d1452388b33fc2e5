/// The one rule for "this machine", used wherever Concord relaxes something for loopback: plain
/// HTTP to a store, credentials over it, TLS verification, the proxy, the metrics listener.
///
/// Only a literal counts: an IPv4 address in 127.0.0.0/8 written as four decimal octets, the
/// IPv6 loopback `::1` (bracketed or not), or the name `localhost`. A name that merely starts
/// with `127.` (`127.0.0.1.nip.io`, `127.attacker.example`) resolves wherever its owner wants,
/// and once sent credentials in clear to a stranger's proxy.
public enum Loopback {
    public static func isLoopback(host: String?) -> Bool {
        guard var host = host?.lowercased(), !host.isEmpty else { return false }
        if host.hasPrefix("["), host.hasSuffix("]") { host = String(host.dropFirst().dropLast()) }
        if host == "localhost" || host == "::1" || host == "0:0:0:0:0:0:0:1" { return true }
        let octets = host.split(separator: ".", omittingEmptySubsequences: false)
        guard octets.count == 4 else { return false }
        for octet in octets {
            guard (1...3).contains(octet.count), octet.allSatisfy(\.isASCII), octet.allSatisfy(\.isNumber),
                let value = Int(octet), value <= 255
            else { return false }
        }
        return octets[0] == "127"
    }

    /// Why a host is not loopback, for an error message.
    public static let rule = "only 127.0.0.0/8 written as an IP address, ::1 or localhost count as this machine"
}
