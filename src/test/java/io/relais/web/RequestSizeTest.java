package io.relais.web;

import static org.assertj.core.api.Assertions.assertThat;

import io.relais.IntegrationTest;
import io.relais.RawHttp;
import io.relais.security.Actor;
import io.relais.security.MailGatewayTokens;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.server.LocalServerPort;

/**
 * What an outsider can make the API read: a body is bounded before it is read (a declared length over the limit
 * is answered at once, a chunked stream is cut off at the limit), files are counted and measured before any is
 * decoded, and a broken multipart body is a 400. With the suite's settings (1 MB a file, 2 MB a multipart
 * request) a JSON body may hold 2 MB in base64 and 1 MB more: 3.67 MB.
 */
class RequestSizeTest extends IntegrationTest {
    private static final long LIMIT = 2L * 1024 * 1024 / 3 * 4 + 4 + 1024 * 1024;

    @LocalServerPort int port;
    @Autowired MailGatewayTokens gatewayTokens;

    @Test
    void aDeclaredLengthOverTheLimitIsAnsweredBeforeTheBodyIsRead() throws Exception {
        var t = fixtures.tenant("Declared");
        // 500 MB announced, a few bytes sent: the server must not wait for the rest
        var start = "{\"body\":\"x\",\"attachments\":[{\"filename\":\"a.bin\",\"contentBase64\":\"AAAA".getBytes(StandardCharsets.UTF_8);
        var r = RawHttp.exchange(InetAddress.getLoopbackAddress(), port, "POST /api/v1/tickets/" + t.ticketId()
                + "/replies HTTP/1.1\r\nHost: localhost\r\nAuthorization: Bearer " + t.agent().token()
                + "\r\nContent-Type: application/json\r\nContent-Length: 500000000", start);
        assertThat(r.status()).isEqualTo(413);
        assertThat(r.header("Content-Type")).startsWith("application/problem+json");
        assertThat(r.body()).contains("\"status\":413");
    }

    @Test
    void aChunkedBodyIsCutOffAtTheLimit() throws Exception {
        var t = fixtures.tenant("Chunked");
        var answer = streamEndlessly("POST", "/api/v1/tickets/" + t.ticketId() + "/replies", "Authorization: Bearer " + t.agent().token(),
                "application/json", "{\"body\":\"x\",\"attachments\":[{\"filename\":\"a.bin\",\"contentBase64\":\"", "\"}]}");
        assertThat(answer.header("Content-Type")).startsWith("application/problem+json");
    }

    @Test
    void aChunkedFormBodyIsCutOffBeforeAnythingParsesIt() throws Exception {
        // a form sent with PUT is parsed by a filter before security even looks at the caller
        streamEndlessly("PUT", "/queues/open", "Accept: text/html", "application/x-www-form-urlencoded", "body=", "");
    }

    /**
     * Streams one body that never seems to end (up to 12 times the limit) while reading the answer: a 413, and the
     * server stopped reading before the writer could send it all.
     */
    private RawHttp.Response streamEndlessly(String method, String path, String header, String contentType, String prefix, String suffix)
            throws Exception {
        var planned = 12 * LIMIT;
        var sent = new AtomicLong();
        try (var socket = new Socket()) {
            socket.connect(new InetSocketAddress(InetAddress.getLoopbackAddress(), port), 10_000);
            socket.setSoTimeout(60_000);
            var out = socket.getOutputStream();
            out.write((method + " " + path + " HTTP/1.1\r\nHost: localhost\r\n"
                    + header + "\r\nContent-Type: " + contentType + "\r\nTransfer-Encoding: chunked\r\n\r\n")
                    .getBytes(StandardCharsets.ISO_8859_1));
            var writer = CompletableFuture.runAsync(() -> stream(out, prefix, suffix, planned, sent));
            var answer = RawHttp.read(socket.getInputStream());
            assertThat(answer.status()).isEqualTo(413);
            writer.handle((ok, failure) -> null).get(60, TimeUnit.SECONDS);
            assertThat(sent.get()).isLessThan(planned);
            return answer;
        }
    }

    @Test
    void filesAreCountedBeforeAnyIsDecoded() throws Exception {
        var t = fixtures.tenant("Count");
        var files = new StringBuilder();
        for (int i = 0; i < 21; i++) {
            files.append(i == 0 ? "" : ",").append("{\"filename\":\"f").append(i).append(".txt\",\"contentBase64\":\"***\"}");
        }
        var r = post(t.agent().token(), "/api/v1/tickets/" + t.ticketId() + "/replies", "application/json",
                ("{\"body\":\"x\",\"attachments\":[" + files + "]}").getBytes(StandardCharsets.UTF_8));
        assertThat(r.status()).isEqualTo(422);
        assertThat(r.body()).contains("\"field\":\"attachments\"").contains("at most 20 files");
    }

    @Test
    void aFileOverTheLimitIsRefusedBeforeItIsDecoded() throws Exception {
        var t = fixtures.tenant("Measured");
        // 2 MB of base64 (1.5 MB of file) that only a decoder would find broken at its very end
        var r = post(t.agent().token(), "/api/v1/tickets/" + t.ticketId() + "/notes", "application/json",
                ("{\"body\":\"x\",\"attachments\":[{\"filename\":\"big.bin\",\"contentBase64\":\"" + "A".repeat(2 * 1024 * 1024)
                        + "*\"}]}").getBytes(StandardCharsets.UTF_8));
        assertThat(r.status()).isEqualTo(422);
        assertThat(r.body()).contains("\"field\":\"attachments\"").contains("is larger than 1 MB");
    }

    @Test
    void aBrokenMultipartBodyIsA400() throws Exception {
        var t = fixtures.tenant("Broken");
        var path = "/api/v1/tickets/" + t.ticketId() + "/replies";
        var b = "----relais" + System.nanoTime();
        var truncated = ("--" + b + "\r\nContent-Disposition: form-data; name=\"body\"\r\n\r\nhello\r\n--" + b
                + "\r\nContent-Disposition: form-data; name=\"files\"; filename=\"a.txt\"\r\nContent-Type: text/plain\r\n\r\nhal")
                .getBytes(StandardCharsets.UTF_8);
        var wellFormed = ("--" + b + "\r\nContent-Disposition: form-data; name=\"body\"\r\n\r\nhello\r\n--" + b + "--\r\n")
                .getBytes(StandardCharsets.UTF_8);
        var badDisposition = ("--" + b + "\r\nContent-Disposition: form-data; name=\"body\r\n\r\nhello\r\n--" + b
                + "\r\nContent-Disposition: \r\n\r\nx\r\n--" + b + "--\r\n").getBytes(StandardCharsets.UTF_8);
        var noHeaderEnd = ("--" + b + "\r\nContent-Disposition: form-data; name=\"body\"").getBytes(StandardCharsets.UTF_8);

        assertProblem400(post(t.agent().token(), path, "multipart/form-data; boundary=" + b, truncated));
        assertProblem400(post(t.agent().token(), path, "multipart/form-data", wellFormed));
        assertProblem400(post(t.agent().token(), path, "multipart/form-data; boundary=" + b, badDisposition));
        assertProblem400(post(t.agent().token(), path, "multipart/form-data; boundary=" + b, noHeaderEnd));
        assertProblem400(post(t.agent().token(), path, "multipart/form-data; boundary=other", wellFormed));
    }

    @Test
    void theMailGatewayKeepsItsOwnLargerLimit() throws Exception {
        var token = gatewayTokens.create(Actor.system("test admin"), "size test", null).secret();
        var mail = new byte[(int) LIMIT + 1024 * 1024];
        Arrays.fill(mail, (byte) 'a');
        var r = post(token, "/api/v1/inbound/mail?recipient=nobody-" + System.nanoTime() + "@relais.test", "message/rfc822", mail);
        // read through (the mail limit is 25 MB), then answered for what it is: no such mailbox
        assertThat(r.status()).isEqualTo(404);
    }

    private static void assertProblem400(RawHttp.Response r) {
        assertThat(r.status()).as(r.body()).isEqualTo(400);
        assertThat(r.header("Content-Type")).startsWith("application/problem+json");
        assertThat(r.body()).contains("\"status\":400").doesNotContain("Exception");
    }

    private RawHttp.Response post(String token, String path, String contentType, byte[] body) throws IOException {
        return RawHttp.exchange(InetAddress.getLoopbackAddress(), port, "POST " + path + " HTTP/1.1\r\nHost: localhost\r\nAuthorization: Bearer "
                + token + "\r\nContent-Type: " + contentType + "\r\nContent-Length: " + body.length, body);
    }

    /** Chunks of one body whose value never ends, up to {@code planned} bytes, then its end. */
    private static void stream(OutputStream out, String prefix, String suffix, long planned, AtomicLong sent) {
        var chunk = new byte[64 * 1024];
        Arrays.fill(chunk, (byte) 'A');
        try {
            chunk(out, prefix.getBytes(StandardCharsets.UTF_8), sent);
            while (sent.get() < planned) {
                chunk(out, chunk, sent);
            }
            if (!suffix.isEmpty()) {
                chunk(out, suffix.getBytes(StandardCharsets.UTF_8), sent);
            }
            out.write("0\r\n\r\n".getBytes(StandardCharsets.ISO_8859_1));
            out.flush();
        } catch (IOException e) {
            // the server closed the connection: what these tests want to see
        }
    }

    private static void chunk(OutputStream out, byte[] data, AtomicLong sent) throws IOException {
        out.write((Integer.toHexString(data.length) + "\r\n").getBytes(StandardCharsets.ISO_8859_1));
        out.write(data);
        out.write("\r\n".getBytes(StandardCharsets.ISO_8859_1));
        sent.addAndGet(data.length);
    }
}
