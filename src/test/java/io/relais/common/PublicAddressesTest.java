package io.relais.common;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.InetAddress;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Which addresses {@link SafeHttp} may reach, and which written hosts it refuses to read at all: every
 * inner range, every IPv6 form that hides an IPv4 address, every way of writing 127.0.0.1 that other
 * programs understand.
 */
class PublicAddressesTest {

    @ParameterizedTest
    @CsvSource(delimiter = '|', nullValues = "-", value = {
            "127.0.0.1 | a loopback address",
            "10.20.30.40 | a private address",
            "172.16.0.1 | a private address",
            "172.31.255.255 | a private address",
            "192.168.0.10 | a private address",
            "169.254.169.254 | a link-local address",
            "100.64.0.1 | a carrier-grade NAT address",
            "0.0.0.0 | an unspecified address",
            "0.1.2.3 | a reserved address",
            "224.0.0.1 | a multicast address",
            "255.255.255.255 | a reserved address",
            "198.18.0.1 | a reserved address",
            "192.0.2.1 | a documentation address",
            "::1 | a loopback address",
            ":: | an unspecified address",
            "fe80::1 | a link-local address",
            "fec0::1 | a private address",
            "fd12:3456::1 | a unique-local address",
            "2001:db8::1 | a documentation address",
            "3fff::1 | a documentation address",
            "100::1 | a reserved address",
            "8.8.8.8 | -",
            "172.32.0.1 | -",
            "100.128.0.1 | -",
            "2606:4700:4700::1111 | -",
            "2a00:1450:4007:80e::200e | -"})
    void innerRanges(String address, String why) throws Exception {
        assertThat(PublicAddresses.innerRange(InetAddress.getByName(address))).isEqualTo(why);
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', nullValues = "-", value = {
            // IPv4-mapped (the JDK hands it over as IPv4) and IPv4-compatible
            "::ffff:10.0.0.1 | a private address",
            "::10.0.0.1 | a private address inside an IPv6 address",
            "::127.0.0.1 | a loopback address inside an IPv6 address",
            "::8.8.8.8 | an IPv4-compatible address (deprecated)",
            // IPv4-translated (RFC 2765)
            "::ffff:0:127.0.0.1 | a loopback address inside an IPv6 address",
            "::ffff:0:169.254.169.254 | a link-local address inside an IPv6 address",
            "::ffff:0:8.8.8.8 | an IPv4-translated address",
            // NAT64: the well-known prefix is checked, the local-use prefix refused whole
            "64:ff9b::7f00:1 | a loopback address inside an IPv6 address",
            "64:ff9b::169.254.169.254 | a link-local address inside an IPv6 address",
            "64:ff9b::8.8.8.8 | -",
            "64:ff9b:1::a00:1 | a local-use NAT64 address",
            "64:ff9b:1:7f00:0:100:: | a local-use NAT64 address",
            "64:ff9b:1::8.8.8.8 | a local-use NAT64 address",
            "64:ff9b:0:0:1::808:808 | a reserved address",
            // 6to4: the IPv4 address in bits 16 to 48
            "2002:c0a8:0101::1 | a private address inside an IPv6 address",
            "2002:7f00:1::1 | a loopback address inside an IPv6 address",
            "2002:a9fe:a9fe::1 | a link-local address inside an IPv6 address",
            "2002:0808:0808::1 | -",
            // Teredo: the server in bits 32 to 64, the client inverted in the last 32 bits; refused whole
            "2001:0:a00:1::f7f7:f7f7 | a private address inside an IPv6 address",
            "2001:0:808:808::80ff:fffe | a loopback address inside an IPv6 address",
            "2001:0:808:808::3f57:fefe | a private address inside an IPv6 address",
            "2001:0:808:808::f7f7:f7f7 | a Teredo address",
            // ISATAP interface identifiers, under any prefix
            "::0:5efe:127.0.0.1 | a loopback address inside an IPv6 address",
            "::200:5efe:10.0.0.1 | a private address inside an IPv6 address",
            "2001:4860:1::5efe:a9fe:a9fe | a link-local address inside an IPv6 address",
            "2001:4860:1:0:200:5efe:7f00:1 | a loopback address inside an IPv6 address",
            "2001:4860:1:0:200:5efe:808:808 | -",
            "::5efe:8.8.8.8 | a reserved address"})
    void ipv4HiddenInIpv6(String address, String why) throws Exception {
        assertThat(PublicAddresses.innerRange(InetAddress.getByName(address))).isEqualTo(why);
    }

    @ParameterizedTest
    @ValueSource(strings = {
            "0177.0.0.1", "0127.0.0.1", "127.000.0.1", "127.0.0.01", "00.0.0.0", "08.0.0.1",  // leading zeros, octal
            "0x7f.0.0.1", "0x7f000001", "0X7F.1", "127.0.0.0x1", "0x",                       // hex
            "017700000001",                                                                   // one octal number
            "127.1", "127.0.1", "10.1",                                                       // shortened
            "2130706433", "0",                                                                // one decimal number
            "127.0.0.1.", "1.2.3.4.", "1.2.3.256", "1.2.3.4.5", "example.123", "1e1.0.0.1",
            "[::ffff:0177.0.0.1]", "[::ffff:127.000.0.1]", "[::0:5efe:10.0.0.01]"})
    void ambiguousIpv4LiteralsAreRefused(String host) {
        assertThat(PublicAddresses.ambiguousIpv4(host))
                .isEqualTo(host + " is an ambiguous IPv4 address (leading zeros, hex, octal, a shortened form or a single"
                        + " number, which other programs read differently): write it as four decimal numbers from 0 to"
                        + " 255, e.g. 192.0.2.10");
    }

    @ParameterizedTest
    @ValueSource(strings = {"127.0.0.1", "8.8.8.8", "0.0.0.0", "255.255.255.255", "192.0.2.10", "example.org",
            "example.org.", "1password.com", "0x.example", "123.example", "calendar-2026.example.fr", "localhost",
            "[::ffff:127.0.0.1]", "[::ffff:7f00:1]", "[2001:db8::1]", "[::1]", ""})
    void plainHostsAreLeftToTheAddressCheck(String host) {
        assertThat(PublicAddresses.ambiguousIpv4(host)).isNull();
    }
}
