import Essentials
#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// Whether text is an IP address (v4 dotted quad or v6), as an agent's `ip` is written.
public enum IPAddressText {
    public static func isAddress(_ text: String) -> Bool {
        canonical(text) != nil
    }

    /// The address in its one usual spelling (`2001:db8::1`, lower case, zeros compressed; IPv4 as
    /// is), or nil when the text is not an address. Firewall logs often write an IPv6 address in
    /// full (`2001:0db8:0:0:0:0:0:0001`); the API writes it compressed.
    public static func canonical(_ text: String) -> String? {
        guard !text.isEmpty, text.count <= 45 else { return nil }
        var v4 = in_addr()
        if inet_pton(AF_INET, text, &v4) == 1 { return text }
        var v6 = in6_addr()
        guard inet_pton(AF_INET6, text, &v6) == 1 else { return nil }
        var buffer = [CChar](repeating: 0, count: Int(INET6_ADDRSTRLEN))
        guard inet_ntop(AF_INET6, &v6, &buffer, socklen_t(buffer.count)) != nil else { return nil }
        return String(decoding: buffer.prefix { $0 != 0 }.map { UInt8(bitPattern: $0) }, as: UTF8.self)
    }
}
