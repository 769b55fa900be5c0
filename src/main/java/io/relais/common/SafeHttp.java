package io.relais.common;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InterruptedIOException;
import java.net.Inet4Address;
import java.net.Inet6Address;
import java.net.InetAddress;
import java.net.URI;
import java.net.UnknownHostException;
import java.time.Duration;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import org.apache.hc.client5.http.DnsResolver;
import org.apache.hc.client5.http.classic.methods.HttpGet;
import org.apache.hc.client5.http.config.ConnectionConfig;
import org.apache.hc.client5.http.config.RequestConfig;
import org.apache.hc.client5.http.impl.classic.CloseableHttpClient;
import org.apache.hc.client5.http.impl.classic.HttpClients;
import org.apache.hc.client5.http.impl.io.PoolingHttpClientConnectionManagerBuilder;
import org.apache.hc.core5.http.HttpHeaders;
import org.apache.hc.core5.util.Timeout;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.stereotype.Component;

/**
 * Fetches a URL that a user typed (a holiday feed, later a webhook target) without letting that user
 * reach what only the server can reach: the scheme must be http or https; every address the host name
 * resolves to must be public (no loopback, private, link-local, unique-local, carrier-grade NAT,
 * multicast, documentation or reserved range, nor a public-looking IPv6 form that embeds one), checked
 * on each connection by the client's own resolver so that a name cannot switch to an inner address
 * between check and use; redirects are followed by hand (at most {@value #MAX_REDIRECTS}) and checked
 * the same way; no proxy from the environment; a size limit on the decoded body and a time limit on the
 * whole exchange. An administrator may allow named inner hosts ({@code relais.outbound.allowed-hosts}:
 * host names or addresses, e.g. an intranet calendar server).
 */
@Component
public class SafeHttp {
    static final int MAX_REDIRECTS = 3;
    /** Cancels an exchange that outlives its time limit, however slowly the server trickles. */
    private static final ScheduledExecutorService WATCHDOG = Executors.newSingleThreadScheduledExecutor(r -> {
        var t = new Thread(r, "safe-http-watchdog");
        t.setDaemon(true);
        return t;
    });

    private final Set<String> allowedHosts;
    private final Duration timeout;

    public SafeHttp(@Value("${relais.outbound.allowed-hosts:}") List<String> allowedHosts,
                    @Value("${relais.outbound.timeout:PT15S}") Duration timeout) {
        this.allowedHosts = allowedHosts.stream().map(String::trim).filter(s -> !s.isEmpty())
                .map(s -> s.toLowerCase(Locale.ROOT)).collect(Collectors.toUnmodifiableSet());
        this.timeout = timeout;
    }

    /** The body of a successful answer, with its media type (may be null). */
    public record Fetched(URI uri, String contentType, byte[] body) {}

    /** Why a fetch was refused or failed, in words for the person who typed the URL. */
    public static class Refused extends RuntimeException {
        public Refused(String message) {
            super(message);
        }
    }

    /** Fetches {@code url} with GET; the body may not exceed {@code maxBytes}. */
    public Fetched get(String url, long maxBytes) {
        var uri = parse(url);
        var deadline = System.nanoTime() + timeout.toNanos();
        try (var client = client()) {
            for (int hop = 0; ; hop++) {
                check(uri);
                var request = new HttpGet(uri);
                request.setHeader(HttpHeaders.USER_AGENT, "Relais");
                var left = deadline - System.nanoTime();
                if (left <= 0) {
                    throw new InterruptedIOException("deadline");
                }
                var watchdog = WATCHDOG.schedule(request::cancel, left, TimeUnit.NANOSECONDS);
                var current = uri;
                Object outcome = null;
                try {
                    // executeOpen, not a response handler: on a refusal the response is closed without reading the
                    // rest (a handler's client drains the body to reuse the connection, however long it is)
                    try (var response = client.executeOpen(null, request, null)) {
                        try {
                            int status = response.getCode();
                            if (status >= 300 && status < 400 && response.getFirstHeader(HttpHeaders.LOCATION) != null) {
                                try {
                                    outcome = current.resolve(response.getFirstHeader(HttpHeaders.LOCATION).getValue().trim());
                                } catch (IllegalArgumentException e) {
                                    throw new Refused("the server redirected to an unreadable address");
                                }
                                request.cancel(); // its body is not wanted, however long
                            } else if (status != 200) {
                                throw new Refused("the server answered HTTP " + status + " for " + current);
                            } else if (response.getEntity() == null) {
                                outcome = new Fetched(current, null, new byte[0]);
                            } else if (response.getEntity().getContentLength() > maxBytes) {
                                throw new Refused("the file is larger than " + maxBytes / 1024 + " KiB");
                            } else {
                                outcome = new Fetched(current, response.getEntity().getContentType(),
                                        read(response.getEntity().getContent(), maxBytes, deadline));
                            }
                        } catch (Refused e) {
                            // drop the connection: closing the response normally would first read the body to its end
                            request.cancel();
                            throw e;
                        }
                    }
                } catch (IOException e) {
                    if (outcome instanceof URI) {
                        // closing a redirect whose connection was dropped on purpose
                    } else if (request.isCancelled()) {
                        throw new InterruptedIOException("deadline");
                    } else {
                        throw e;
                    }
                } finally {
                    watchdog.cancel(false);
                }
                if (outcome instanceof Fetched fetched) {
                    return fetched;
                }
                if (hop == MAX_REDIRECTS) {
                    throw new Refused("more than " + MAX_REDIRECTS + " redirects");
                }
                uri = parse(outcome.toString());
            }
        } catch (Refused e) {
            throw e;
        } catch (UnknownHostException e) {
            throw new Refused("unknown host " + e.getMessage());
        } catch (InterruptedIOException e) {
            throw new Refused("no complete answer within " + (timeout.toMillis() < 1000 ? timeout.toMillis() + " ms"
                    : timeout.toSeconds() + " s"));
        } catch (IOException e) {
            throw new Refused("could not fetch " + uri + ": " + e.getMessage());
        }
    }

    private CloseableHttpClient client() {
        var perRead = Timeout.ofMilliseconds(Math.max(1, timeout.toMillis()));
        var connections = PoolingHttpClientConnectionManagerBuilder.create()
                .setDnsResolver(new CheckingResolver())
                .setDefaultConnectionConfig(ConnectionConfig.custom()
                        .setConnectTimeout(Timeout.ofMilliseconds(Math.min(5000, timeout.toMillis())))
                        .setSocketTimeout(perRead).build())
                .build();
        return HttpClients.custom()
                .setConnectionManager(connections)
                .setDefaultRequestConfig(RequestConfig.custom().setResponseTimeout(perRead).build())
                .disableRedirectHandling()
                .disableAutomaticRetries()
                .disableCookieManagement()
                .disableAuthCaching()
                .build();
    }

    private static URI parse(String url) {
        URI uri;
        try {
            uri = URI.create(url == null ? "" : url.trim());
        } catch (IllegalArgumentException e) {
            throw new Refused("not a URL: " + url);
        }
        var scheme = uri.getScheme() == null ? "" : uri.getScheme().toLowerCase(Locale.ROOT);
        if (!scheme.equals("http") && !scheme.equals("https")) {
            throw new Refused("only http and https addresses can be fetched");
        }
        if (uri.getHost() == null || uri.getHost().isEmpty()) {
            throw new Refused("no host in " + url);
        }
        if (uri.getRawUserInfo() != null) {
            throw new Refused("user names and passwords in the address are not accepted");
        }
        return uri;
    }

    /** Checks a literal address now; a name is checked by the resolver when the client connects. */
    private void check(URI uri) throws UnknownHostException {
        var host = uri.getHost();
        if (host.startsWith("[") && host.endsWith("]")) {
            host = host.substring(1, host.length() - 1);
        }
        if (!allowed(host)) {
            for (var address : InetAddress.getAllByName(host)) {
                refuseInner(host, address);
            }
        }
    }

    private boolean allowed(String host) {
        return allowedHosts.contains(host.toLowerCase(Locale.ROOT));
    }

    private static void refuseInner(String host, InetAddress address) {
        var why = innerRange(address);
        if (why != null) {
            throw new Refused(host + " (" + address.getHostAddress() + ") is " + why
                    + "; only public addresses can be fetched");
        }
    }

    /** The resolver the client connects through: every address of a name must be public. */
    private final class CheckingResolver implements DnsResolver {
        @Override
        public InetAddress[] resolve(String host) throws UnknownHostException {
            var addresses = InetAddress.getAllByName(host);
            if (!allowed(host)) {
                for (var address : addresses) {
                    refuseInner(host, address);
                }
            }
            return addresses;
        }

        @Override
        public String resolveCanonicalHostname(String host) throws UnknownHostException {
            return resolve(host)[0].getCanonicalHostName();
        }
    }

    /** Why an address is not a public one (null when it is). */
    public static String innerRange(InetAddress address) {
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
        if (address instanceof Inet6Address) {
            if ((b[0] & 0xfe) == 0xfc) {
                return "a unique-local address";
            }
            if ((b[0] & 0xff) == 0x20 && (b[1] & 0xff) == 0x01 && (b[2] & 0xff) == 0x0d && (b[3] & 0xff) == 0xb8) {
                return "a documentation address";
            }
            // forms that carry an IPv4 address: mapped (::ffff:a.b.c.d), compatible (::a.b.c.d), NAT64, 6to4
            boolean zeros10 = true;
            for (int i = 0; i < 10; i++) {
                zeros10 &= b[i] == 0;
            }
            boolean mapped = zeros10 && (b[10] & 0xff) == 0xff && (b[11] & 0xff) == 0xff;
            boolean compatible = zeros10 && b[10] == 0 && b[11] == 0;
            boolean nat64 = (b[0] & 0xff) == 0x00 && (b[1] & 0xff) == 0x64 && (b[2] & 0xff) == 0xff && (b[3] & 0xff) == 0x9b;
            if (mapped || compatible || nat64) {
                return embedded(b, 12);
            }
            if ((b[0] & 0xff) == 0x20 && (b[1] & 0xff) == 0x02) {
                return embedded(b, 2);
            }
        }
        return null;
    }

    private static String embedded(byte[] b, int from) {
        try {
            var v4 = InetAddress.getByAddress(new byte[] {b[from], b[from + 1], b[from + 2], b[from + 3]});
            var why = innerRange(v4);
            return why == null ? null : why + " inside an IPv6 address";
        } catch (UnknownHostException e) {
            return "an unreadable address";
        }
    }

    private static byte[] read(java.io.InputStream in, long maxBytes, long deadline) throws IOException {
        var out = new ByteArrayOutputStream();
        var buffer = new byte[8192];
        // not closed here: the caller drops the connection when the body is refused, or closes the response
        for (int n; (n = in.read(buffer)) != -1; ) {
            out.write(buffer, 0, n);
            if (out.size() > maxBytes) {
                throw new Refused("the file is larger than " + maxBytes / 1024 + " KiB");
            }
            if (System.nanoTime() > deadline) {
                throw new InterruptedIOException("deadline");
            }
        }
        return out.toByteArray();
    }
}
