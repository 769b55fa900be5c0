package io.relais.common;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.sun.net.httpserver.HttpServer;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * The URL fetcher against the attacks a typed URL allows: inner addresses by literal, by name, by
 * redirect and by IPv6 disguise; other schemes; oversized and endless answers. A real HTTP server on
 * loopback plays the remote side; it is reachable only when a test names it in the allowed hosts.
 */
class SafeHttpTest {
    static HttpServer server;
    static int port;
    static final AtomicInteger hits = new AtomicInteger();
    static final java.util.concurrent.atomic.AtomicLong bigWritten = new java.util.concurrent.atomic.AtomicLong();
    static final java.util.concurrent.CountDownLatch bigDone = new java.util.concurrent.CountDownLatch(1);
    /** Bytes of the slow answer the server got out before the client hung up (40 make the whole answer). */
    static final AtomicInteger slowWritten = new AtomicInteger();
    static final java.util.concurrent.CountDownLatch slowDone = new java.util.concurrent.CountDownLatch(1);
    static final String ICS = "BEGIN:VCALENDAR\r\nEND:VCALENDAR\r\n";

    @BeforeAll
    static void start() throws Exception {
        server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        port = server.getAddress().getPort();
        server.createContext("/", exchange -> {
            hits.incrementAndGet();
            var path = exchange.getRequestURI().getPath();
            switch (path) {
                case "/holidays.ics" -> {
                    var body = ICS.getBytes(StandardCharsets.UTF_8);
                    exchange.getResponseHeaders().add("Content-Type", "text/calendar");
                    exchange.sendResponseHeaders(200, body.length);
                    exchange.getResponseBody().write(body);
                }
                case "/moved" -> redirect(exchange, "/holidays.ics");
                case "/to-metadata" -> redirect(exchange, "http://169.254.169.254/latest/meta-data/");
                case "/to-localhost" -> redirect(exchange, "http://localhost:" + port + "/holidays.ics");
                case "/to-file" -> redirect(exchange, "file:///etc/passwd");
                case "/to-octal" -> redirect(exchange, "http://0177.0.0.1:" + port + "/holidays.ics");
                case "/to-short" -> redirect(exchange, "http://127.1:" + port + "/holidays.ics");
                case "/to-translated" -> redirect(exchange, "http://[::ffff:0:127.0.0.1]:" + port + "/holidays.ics");
                case "/loop" -> redirect(exchange, "/loop");
                case "/big" -> {
                    exchange.sendResponseHeaders(200, 0); // chunked: no length announced, up to 1 GiB
                    var chunk = new byte[64 * 1024];
                    try (var out = exchange.getResponseBody()) {
                        for (int i = 0; i < 16 * 1024; i++) {
                            out.write(chunk);
                            bigWritten.addAndGet(chunk.length);
                        }
                    } catch (java.io.IOException ignored) {
                        // the client hung up once it had enough
                    } finally {
                        bigDone.countDown();
                    }
                }
                case "/slow" -> {
                    exchange.sendResponseHeaders(200, 0);
                    try (var out = exchange.getResponseBody()) {
                        for (int i = 0; i < 40; i++) {
                            out.write('x');
                            out.flush();
                            slowWritten.incrementAndGet();
                            Thread.sleep(100);
                        }
                    } catch (Exception ignored) {
                        // the client gave up
                    } finally {
                        slowDone.countDown();
                    }
                }
                default -> exchange.sendResponseHeaders(404, -1);
            }
            exchange.close();
        });
        server.setExecutor(java.util.concurrent.Executors.newFixedThreadPool(4));
        server.start();
    }

    private static void redirect(com.sun.net.httpserver.HttpExchange exchange, String location) throws java.io.IOException {
        exchange.getResponseHeaders().add("Location", location);
        exchange.sendResponseHeaders(302, -1);
    }

    @AfterAll
    static void stop() {
        server.stop(0);
    }

    /** A generous time budget: a loaded machine must not turn a refusal into a time-out (the slow test sets its own). */
    private static SafeHttp trusting(String... hosts) {
        return new SafeHttp(List.of(hosts), Duration.ofSeconds(10));
    }

    private static SafeHttp standard() {
        return new SafeHttp(List.of(), Duration.ofSeconds(10));
    }

    @Test
    void aPublicLookingServerIsFetchedAndItsRedirectsFollowed() {
        var fetched = trusting("127.0.0.1").get("http://127.0.0.1:" + port + "/moved", 1024);
        assertThat(new String(fetched.body(), StandardCharsets.UTF_8)).isEqualTo(ICS);
        assertThat(fetched.uri().getPath()).isEqualTo("/holidays.ics");
        assertThat(fetched.contentType()).startsWith("text/calendar");
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
            "http://127.0.0.1:{port}/holidays.ics | a loopback address",
            "http://localhost:{port}/holidays.ics | a loopback address",
            "http://[::1]:{port}/holidays.ics | a loopback address",
            "http://[::ffff:127.0.0.1]:{port}/holidays.ics | a loopback address",
            "http://2130706433:{port}/holidays.ics | 2130706433 is an ambiguous IPv4 address",
            "http://127.000.0.1:{port}/holidays.ics | 127.000.0.1 is an ambiguous IPv4 address",
            "http://0127.0.0.1:{port}/holidays.ics | 0127.0.0.1 is an ambiguous IPv4 address",
            "http://0177.0.0.1:{port}/holidays.ics | 0177.0.0.1 is an ambiguous IPv4 address",
            "http://0x7f.0.0.1:{port}/holidays.ics | 0x7f.0.0.1 is an ambiguous IPv4 address",
            "http://0x7f000001:{port}/holidays.ics | 0x7f000001 is an ambiguous IPv4 address",
            "http://017700000001:{port}/holidays.ics | 017700000001 is an ambiguous IPv4 address",
            "http://127.1:{port}/holidays.ics | 127.1 is an ambiguous IPv4 address",
            "http://127.0.1:{port}/holidays.ics | 127.0.1 is an ambiguous IPv4 address",
            "http://127.0.0.1.:{port}/holidays.ics | 127.0.0.1. is an ambiguous IPv4 address",
            "http://[::ffff:127.000.0.1]:{port}/holidays.ics | is an ambiguous IPv4 address",
            "http://[::ffff:0:127.0.0.1]:{port}/holidays.ics | a loopback address inside an IPv6 address",
            "http://[::0:5efe:127.0.0.1]:{port}/holidays.ics | a loopback address inside an IPv6 address",
            "http://[2002:7f00:1::1]:{port}/holidays.ics | a loopback address inside an IPv6 address",
            "http://[2001:0:808:808::80ff:fffe]:{port}/holidays.ics | a loopback address inside an IPv6 address",
            "http://[64:ff9b:1::7f00:1]:{port}/holidays.ics | a local-use NAT64 address",
            "http://0.0.0.0:{port}/holidays.ics | an unspecified address",
            "http://10.0.0.1/holidays.ics | a private address",
            "http://192.168.1.1/ | a private address",
            "http://169.254.169.254/latest/meta-data/ | a link-local address",
            "http://[64:ff9b::a9fe:a9fe]/ | a link-local address inside an IPv6 address",
            "file:///etc/passwd | only http and https",
            "ftp://127.0.0.1/holidays.ics | only http and https",
            "jar:http://127.0.0.1/x!/ | only http and https",
            "http://user:secret@example.org/ | user names and passwords",
            "not a url at all | not a URL",
            "//example.org/holidays.ics | only http and https"})
    void innerAddressesAndOtherSchemesAreRefusedBeforeAnyRequest(String url, String why) {
        int before = hits.get();
        assertThatThrownBy(() -> standard().get(url.replace("{port}", "" + port), 1024))
                .isInstanceOf(SafeHttp.Refused.class).hasMessageContaining(why);
        assertThat(hits.get()).as("requests that reached the inner server").isEqualTo(before);
    }

    @Test
    void aRedirectToAnInnerAddressOrAnotherSchemeIsRefused() {
        var http = trusting("127.0.0.1");
        assertThatThrownBy(() -> http.get("http://127.0.0.1:" + port + "/to-metadata", 1024))
                .isInstanceOf(SafeHttp.Refused.class).hasMessageContaining("169.254.169.254 (169.254.169.254) is a link-local address");
        // localhost is the same machine, but it is not the host the administrator allowed
        assertThatThrownBy(() -> http.get("http://127.0.0.1:" + port + "/to-localhost", 1024))
                .isInstanceOf(SafeHttp.Refused.class).hasMessageContaining("localhost (127.0.0.1) is a loopback address");
        assertThatThrownBy(() -> http.get("http://127.0.0.1:" + port + "/to-file", 1024))
                .isInstanceOf(SafeHttp.Refused.class).hasMessageContaining("only http and https");
        assertThatThrownBy(() -> http.get("http://127.0.0.1:" + port + "/loop", 1024))
                .isInstanceOf(SafeHttp.Refused.class).hasMessageContaining("more than 3 redirects");
    }

    @Test
    void aRedirectToLoopbackWrittenAmbiguouslyOrHiddenInIpv6IsRefused() {
        // a time limit that a cold start cannot exceed: what is tested here is the refusal, not the limit
        var http = new SafeHttp(List.of("127.0.0.1"), Duration.ofSeconds(10));
        int before = hits.get();
        assertThatThrownBy(() -> http.get("http://127.0.0.1:" + port + "/to-octal", 1024))
                .isInstanceOf(SafeHttp.Refused.class).hasMessageStartingWith("0177.0.0.1 is an ambiguous IPv4 address");
        assertThatThrownBy(() -> http.get("http://127.0.0.1:" + port + "/to-short", 1024))
                .isInstanceOf(SafeHttp.Refused.class).hasMessageStartingWith("127.1 is an ambiguous IPv4 address");
        assertThatThrownBy(() -> http.get("http://127.0.0.1:" + port + "/to-translated", 1024))
                .isInstanceOf(SafeHttp.Refused.class)
                .hasMessageContaining("(0:0:0:0:ffff:0:7f00:1) is a loopback address inside an IPv6 address");
        assertThat(hits.get()).as("requests that reached the server: the redirects only").isEqualTo(before + 3);
    }

    @Test
    void anOversizedOrEndlessAnswerIsCutOff() throws Exception {
        var http = trusting("127.0.0.1");
        assertThatThrownBy(() -> http.get("http://127.0.0.1:" + port + "/big", 100_000))
                .isInstanceOf(SafeHttp.Refused.class).hasMessageContaining("larger than 97 KiB");
        // the connection is dropped at the limit: the server could not send its gigabyte (only what the buffers took)
        assertThat(bigDone.await(10, java.util.concurrent.TimeUnit.SECONDS)).isTrue();
        assertThat(bigWritten.get()).isLessThan(64L * 1024 * 1024);
        var impatient = new SafeHttp(List.of("127.0.0.1"), Duration.ofSeconds(1));
        assertThatThrownBy(() -> impatient.get("http://127.0.0.1:" + port + "/slow", 100_000))
                .isInstanceOf(SafeHttp.Refused.class).hasMessageContaining("no complete answer within 1 s");
        // the client hung up: the server could not trickle its whole answer (40 bytes) to the end
        assertThat(slowDone.await(90, java.util.concurrent.TimeUnit.SECONDS)).isTrue();
        assertThat(slowWritten.get()).as("bytes of the slow answer written").isLessThan(40);
        assertThatThrownBy(() -> http.get("http://127.0.0.1:" + port + "/missing", 100_000))
                .isInstanceOf(SafeHttp.Refused.class).hasMessageContaining("HTTP 404");
    }
}
