package io.relais.common;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InterruptedIOException;
import java.net.InetAddress;
import java.net.URI;
import java.net.UnknownHostException;
import java.time.Duration;
import java.util.List;
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
 * reach what only the server can reach: the scheme must be http or https; an IPv4 literal must be
 * written plainly ({@code 0177.0.0.1}, {@code 0x7f.1} or {@code 2130706433} are refused: other programs read
 * them as 127.0.0.1); every address the host name resolves to must be public (no loopback, private,
 * link-local, unique-local, carrier-grade NAT, multicast, documentation or reserved range, nor an IPv6
 * form that hides one: see {@link PublicAddresses}), checked on each connection by the client's own
 * resolver so that a name cannot switch to an inner address between check and use; redirects are
 * followed by hand (at most {@value #MAX_REDIRECTS}) and checked the same way; no proxy from the
 * environment; a size limit on the decoded body and a time limit on the whole exchange. An
 * administrator may allow named inner hosts ({@code relais.outbound.allowed-hosts}: host names or
 * addresses, e.g. an intranet calendar server).
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
                .map(Letters::lower).collect(Collectors.toUnmodifiableSet());
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
        var scheme = uri.getScheme() == null ? "" : Letters.lower(uri.getScheme());
        if (!scheme.equals("http") && !scheme.equals("https")) {
            throw new Refused("only http and https addresses can be fetched");
        }
        var authority = uri.getRawAuthority();
        if (authority != null && authority.indexOf('@') >= 0) {
            throw new Refused("user names and passwords in the address are not accepted");
        }
        // java.net.URI reads some numeric hosts (127.1) as no host at all: look at what was written
        var ambiguous = PublicAddresses.ambiguousIpv4(uri.getHost() != null ? uri.getHost() : registryHost(authority));
        if (ambiguous != null) {
            throw new Refused(ambiguous);
        }
        if (uri.getHost() == null || uri.getHost().isEmpty()) {
            throw new Refused("no host in " + url);
        }
        return uri;
    }

    /** The host of an authority that java.net.URI could not read as one (it does so for {@code 127.1}). */
    private static String registryHost(String authority) {
        if (authority == null) {
            return "";
        }
        var host = authority.substring(authority.lastIndexOf('@') + 1);
        int port = host.lastIndexOf(':');
        return port > host.lastIndexOf(']') ? host.substring(0, port) : host;
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
        return allowedHosts.contains(Letters.lower(host));
    }

    private static void refuseInner(String host, InetAddress address) {
        var why = PublicAddresses.innerRange(address);
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
