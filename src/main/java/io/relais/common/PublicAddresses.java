package io.relais.common;

import java.net.Inet4Address;
import java.net.Inet6Address;
import java.net.InetAddress;
import java.net.UnknownHostException;

/**
 * Which addresses {@link SafeHttp} may reach. An IPv6 form that carries an IPv4 address at a known place
 * (mapped, compatible, translated, NAT64's well-known prefix, 6to4, Teredo's server and client, an ISATAP
 * interface identifier) has that address checked by the IPv4 rules, so the refusal says what it hides.
 * Forms where the IPv4 address cannot be located (NAT64's local-use prefix, whose operator picks the
 * prefix length) or that no public server needs (compatible and translated forms, long deprecated;
 * Teredo, whose relays may sit inside the network) are refused whole, and so is everything outside
 * 2000::/3, the only IPv6 space handed out for public unicast.
 */
final class PublicAddresses {
    static final String AMBIGUOUS = " is an ambiguous IPv4 address (leading zeros, hex, octal, a shortened form or"
            + " a single number, which other programs read differently): write it as four decimal numbers"
            + " from 0 to 255, e.g. 192.0.2.10";

    private PublicAddresses() {
    }

    /**
     * Why a host as written in a URL would be read as an IPv4 address other than the plain dotted one
     * (null when it is a name, a plain dotted IPv4 address, or an IPv6 literal whose dotted tail is plain).
     * Browsers, curl and {@code inet_aton} read {@code 0177.0.0.1}, {@code 0x7f.1} or {@code 2130706433}
     * as 127.0.0.1; the JDK reads some the same and others differently. A host whose last label is a
     * number is taken for an IPv4 address by those readers, so it must be the plain form.
     */
    static String ambiguousIpv4(String host) {
        var h = Letters.lower(host);
        if (h.startsWith("[") || h.indexOf(':') >= 0) {
            var v6 = h.startsWith("[") && h.endsWith("]") ? h.substring(1, h.length() - 1) : h;
            int zone = v6.indexOf('%');
            var tail = v6.substring(v6.lastIndexOf(':') + 1, zone < 0 ? v6.length() : zone);
            return tail.indexOf('.') < 0 || dottedQuad(tail) ? null : host + AMBIGUOUS;
        }
        var labels = h.split("\\.", -1);
        var last = labels[labels.length - 1];
        if (last.isEmpty() && labels.length > 1) {
            last = labels[labels.length - 2]; // a trailing dot: "127.0.0.1." is read as 127.0.0.1
        }
        if (!number(last)) {
            return null;
        }
        return dottedQuad(h) ? null : host + AMBIGUOUS;
    }

    /** A decimal, octal (leading 0) or hex (0x) number as {@code inet_aton} and browsers accept it. */
    private static boolean number(String label) {
        if (label.startsWith("0x")) {
            return label.substring(2).chars().allMatch(c -> Character.digit(c, 16) >= 0);
        }
        return !label.isEmpty() && label.chars().allMatch(c -> c >= '0' && c <= '9');
    }

    /** Four decimal numbers from 0 to 255, without leading zeros. */
    private static boolean dottedQuad(String text) {
        var parts = text.split("\\.", -1);
        if (parts.length != 4) {
            return false;
        }
        for (var part : parts) {
            if (part.isEmpty() || part.length() > 3 || (part.length() > 1 && part.charAt(0) == '0')
                    || !part.chars().allMatch(c -> c >= '0' && c <= '9') || Integer.parseInt(part) > 255) {
                return false;
            }
        }
        return true;
    }

    /** Why an address is not a public one (null when it is). */
    static String innerRange(InetAddress address) {
        if (address.isAnyLocalAddress()) {
            return "an unspecified address";
        }
        if (address.isLoopbackAddress()) {
            return "a loopback address";
        }
        if (address.isLinkLocalAddress()) {
            return "a link-local address";
        }
        if (address.isSiteLocalAddress()) {
            return "a private address";
        }
        if (address.isMulticastAddress()) {
            return "a multicast address";
        }
        var b = address.getAddress();
        if (address instanceof Inet4Address) {
            return ipv4(b);
        }
        if (address instanceof Inet6Address) {
            return ipv6(b);
        }
        return null;
    }

    private static String ipv4(byte[] b) {
        int a0 = b[0] & 0xff;
        int a1 = b[1] & 0xff;
        int a2 = b[2] & 0xff;
        if (a0 == 0 || a0 >= 240) {
            return "a reserved address";
        }
        if (a0 == 100 && (a1 & 0xc0) == 64) {
            return "a carrier-grade NAT address";
        }
        if (a0 == 192 && a1 == 0 && a2 == 0 || a0 == 198 && (a1 == 18 || a1 == 19)) {
            return "a reserved address";
        }
        if (a0 == 192 && a1 == 0 && a2 == 2 || a0 == 198 && a1 == 51 && a2 == 100 || a0 == 203 && a1 == 0 && a2 == 113) {
            return "a documentation address";
        }
        return null;
    }

    private static String ipv6(byte[] b) {
        if ((b[0] & 0xfe) == 0xfc) {
            return "a unique-local address";
        }
        if (starts(b, 0x20, 0x01, 0x0d, 0xb8) || starts(b, 0x3f, 0xff) && (b[2] & 0xf0) == 0) {
            return "a documentation address";
        }
        String why;
        // ISATAP interface identifier, under any prefix: ...:0:5efe:a.b.c.d or ...:200:5efe:a.b.c.d
        if ((b[8] & 0xfd) == 0 && b[9] == 0 && (b[10] & 0xff) == 0x5e && (b[11] & 0xff) == 0xfe
                && (why = embedded(b, 12, 0)) != null) {
            return why;
        }
        if (zeros(b, 0, 10) && (b[10] & 0xff) == 0xff && (b[11] & 0xff) == 0xff) {
            return embedded(b, 12, 0); // mapped ::ffff:a.b.c.d (the JDK usually hands these over as IPv4 already)
        }
        if (zeros(b, 0, 12)) {
            why = embedded(b, 12, 0);
            return why != null ? why : "an IPv4-compatible address (deprecated)";
        }
        if (zeros(b, 0, 8) && (b[8] & 0xff) == 0xff && (b[9] & 0xff) == 0xff && b[10] == 0 && b[11] == 0) {
            why = embedded(b, 12, 0);
            return why != null ? why : "an IPv4-translated address";
        }
        if (starts(b, 0x00, 0x64, 0xff, 0x9b) && zeros(b, 4, 12)) {
            return embedded(b, 12, 0); // NAT64 well-known prefix: a public IPv4 server through the gateway is fine
        }
        if (starts(b, 0x00, 0x64, 0xff, 0x9b, 0x00, 0x01)) {
            return "a local-use NAT64 address";
        }
        if (starts(b, 0x20, 0x02) && (why = embedded(b, 2, 0)) != null) {
            return why; // 6to4
        }
        if (starts(b, 0x20, 0x01, 0x00, 0x00)) {
            why = embedded(b, 4, 0);             // the Teredo server
            if (why == null) {
                why = embedded(b, 12, 0xff);     // the client, its bits inverted
            }
            return why != null ? why : "a Teredo address";
        }
        if ((b[0] & 0xe0) != 0x20) {
            return "a reserved address";
        }
        return null;
    }

    private static boolean starts(byte[] b, int... prefix) {
        for (int i = 0; i < prefix.length; i++) {
            if ((b[i] & 0xff) != prefix[i]) {
                return false;
            }
        }
        return true;
    }

    private static boolean zeros(byte[] b, int from, int to) {
        for (int i = from; i < to; i++) {
            if (b[i] != 0) {
                return false;
            }
        }
        return true;
    }

    /** The IPv4 rules applied to the four bytes at {@code from} (each XORed with {@code flip}). */
    private static String embedded(byte[] b, int from, int flip) {
        var v4 = new byte[4];
        for (int i = 0; i < 4; i++) {
            v4[i] = (byte) (b[from + i] ^ flip);
        }
        try {
            var why = innerRange(InetAddress.getByAddress(v4));
            return why == null ? null : why + " inside an IPv6 address";
        } catch (UnknownHostException e) {
            return "an unreadable address";
        }
    }
}
