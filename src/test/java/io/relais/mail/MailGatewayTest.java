package io.relais.mail;

import static org.assertj.core.api.Assertions.assertThat;

import io.relais.Fixtures.Tenant;
import io.relais.IntegrationTest;
import io.relais.security.Actor;
import io.relais.security.MailGatewayTokens;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.TreeMap;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.jdbc.core.simple.JdbcClient;

/**
 * The mail gateway as a mail server uses it: the hostile corpus posted over HTTP with a gateway token (each
 * message a ticket, a follow-up or a quarantine entry; posting it all again changes nothing), the answers
 * for bad requests, the token kinds kept apart, and relais-mailgate's exit codes.
 */
class MailGatewayTest extends IntegrationTest {
    private static final Actor ADMIN = Actor.system("test admin");
    private static final Path CORPUS = Path.of("src/test/resources/mail/corpus");

    @Autowired Mailboxes mailboxes;
    @Autowired MailGatewayTokens tokens;
    @Autowired JdbcClient jdbc;
    @Autowired javax.sql.DataSource dataSource;
    @Autowired org.springframework.test.web.servlet.MockMvc mvc;
    @LocalServerPort int port;

    final HttpClient http = HttpClient.newHttpClient();
    Tenant tenant;
    long mailboxId;
    String address;
    String token;

    @BeforeEach
    void mailbox() {
        tenant = fixtures.tenant("Gateway");
        address = "gateway-" + System.nanoTime() + "@relais.test";
        mailboxId = MailTestSupport.serverless(mailboxes, tenant, "Gateway", address);
        token = tokens.create(ADMIN, "postfix", null).secret();
    }

    @AfterEach
    void deactivate() {
        MailTestSupport.switchOff(mailboxes, mailboxId);
        jdbc.sql("update outbox set state = 'FAILED' where source_id = ? and state <> 'SENT'").param(mailboxId).update();
    }

    @Test
    void theCorpusPostedThroughTheGatewayBecomesTicketsOnceAndAgainChangesNothing() throws Exception {
        var corpus = new TreeMap<String, byte[]>();
        try (var list = Files.list(CORPUS)) {
            for (var p : list.filter(f -> f.toString().endsWith(".eml")).toList()) {
                corpus.put(p.getFileName().toString(), Files.readAllBytes(p));
            }
        }
        assertThat(corpus).hasSizeGreaterThanOrEqualTo(60);
        for (var e : corpus.entrySet()) {
            // a fresh mailbox: every message of the corpus is new to it and opens a ticket (MailCorpusTest pins why)
            var answer = post("?recipient=" + address, token, "message/rfc822", e.getValue());
            assertThat(answer.statusCode()).as(e.getKey() + ": " + answer.body()).isEqualTo(202);
            assertThat(answer.body()).as(e.getKey()).contains("\"outcome\":\"TICKET\"");
        }
        var articles = articleCount();
        for (var e : corpus.entrySet()) {
            var again = post("?mailbox=" + mailboxId, token, "message/rfc822", e.getValue());
            assertThat(again.statusCode()).as(e.getKey()).isEqualTo(200);
            assertThat(again.body()).as(e.getKey()).contains("\"outcome\":\"DUPLICATE\"");
        }
        assertThat(articleCount()).isEqualTo(articles);

        var fresh = message("gw-" + System.nanoTime());
        var first = post("?recipient=" + java.net.URLEncoder.encode(address.replace("@", "+tag@"), StandardCharsets.UTF_8), token, "message/rfc822", fresh);
        assertThat(first.statusCode()).isEqualTo(202);
        assertThat(first.body()).contains("\"outcome\":\"TICKET\"").contains("\"ticketNumber\":").contains("\"articleId\":");
        var second = post("?recipient=" + address, token, "message/rfc822", fresh);
        assertThat(second.statusCode()).isEqualTo(200);
        assertThat(second.body()).contains("\"outcome\":\"DUPLICATE\"");
    }

    @Test
    void badRequestsAreAnsweredClearlyAndTokenKindsStayApart() throws Exception {
        var msg = message("bad-" + System.nanoTime());
        assertThat(post("?recipient=nobody@nowhere.test", token, "message/rfc822", msg).statusCode()).isEqualTo(404);
        assertThat(post("?recipient=" + address, token, "text/plain", msg).statusCode()).isEqualTo(415);
        var empty = post("?recipient=" + address, token, "message/rfc822", new byte[0]);
        assertThat(empty.statusCode()).isEqualTo(400);
        assertThat(empty.headers().firstValue("Content-Type")).hasValueSatisfying(t -> assertThat(t).contains("problem+json"));
        assertThat(post("?recipient=" + address, token, "message/rfc822", new byte[26 * 1024 * 1024]).statusCode()).isEqualTo(413);
        // a personal token is no gateway token, and a gateway token opens nothing else
        assertThat(post("?recipient=" + address, tenant.agent().token(), "message/rfc822", msg).statusCode()).isEqualTo(401);
        assertThat(post("?recipient=" + address, null, "message/rfc822", msg).statusCode()).isEqualTo(401);
        var elsewhere = http.send(HttpRequest.newBuilder(URI.create(base() + "/api/v1/tickets")).header("Authorization", "Bearer " + token)
                .build(), HttpResponse.BodyHandlers.ofString());
        assertThat(elsewhere.statusCode()).isEqualTo(401);
        // a token bound to another mailbox may not deliver here; a revoked one no longer works
        var bound = tokens.create(ADMIN, "exim", mailboxId + 1_000_000).secret();
        assertThat(post("?recipient=" + address, bound, "message/rfc822", msg).statusCode()).isEqualTo(403);
        var revoked = tokens.create(ADMIN, "old", null);
        tokens.revoke(ADMIN, revoked.id());
        assertThat(post("?recipient=" + address, revoked.secret(), "message/rfc822", msg).statusCode()).isEqualTo(401);
    }

    @Test
    void relaisMailgateMapsTheAnswersToSysexitsCodes() throws Exception {
        var tokenFile = Files.createTempFile("gateway", ".token");
        var wrongFile = Files.createTempFile("gateway", ".wrong");
        try {
            Files.writeString(tokenFile, token + "\n");
            Files.writeString(wrongFile, "rlg_not-a-token\n");
            var msg = message("pipe-" + System.nanoTime());
            assertThat(mailgate(base(), tokenFile, msg)).as("accepted").isZero();
            assertThat(mailgate(base(), tokenFile, msg)).as("already imported").isZero();
            assertThat(mailgate(base(), wrongFile, msg)).as("bad token: retry later, lose nothing").isEqualTo(75);
            assertThat(mailgate("http://127.0.0.1:9", tokenFile, msg)).as("desk down").isEqualTo(75);
            assertThat(mailgate(base(), tokenFile, new byte[0])).as("nothing to import").isEqualTo(65);
        } finally {
            Files.deleteIfExists(tokenFile);
            Files.deleteIfExists(wrongFile);
        }
    }

    @Test
    void administratorsCreateAndRevokeGatewayTokensOnTheMailboxesPage() throws Exception {
        var admin = fixtures.agent("Gw admin " + System.nanoTime(), "gwadmin" + System.nanoTime() + "@relais.example",
                io.relais.security.Role.ADMIN, java.util.Set.of());
        var principal = new io.relais.security.internal.AccountPrincipal(admin.accountId(), admin.login(), null, admin.id(), null,
                "en", "ADMIN", true);
        var agent = new io.relais.security.internal.AccountPrincipal(tenant.agent().accountId(), tenant.agent().login(), null,
                tenant.agent().id(), null, "en", "AGENT", true);
        var created = mvc.perform(org.springframework.test.web.servlet.request.MockMvcRequestBuilders.post("/admin/mail/gateway-tokens")
                        .param("name", "mx-page").param("mailboxId", String.valueOf(mailboxId))
                        .with(org.springframework.security.test.web.servlet.request.SecurityMockMvcRequestPostProcessors.user(principal))
                        .with(org.springframework.security.test.web.servlet.request.SecurityMockMvcRequestPostProcessors.csrf()))
                .andReturn();
        var secret = (String) created.getFlashMap().get("gatewaySecret");
        assertThat(secret).startsWith("rlg_");
        assertThat(post("", secret, "message/rfc822", message("page-" + System.nanoTime())).statusCode())
                .as("a bound token needs no recipient").isEqualTo(202);
        var byAgent = mvc.perform(org.springframework.test.web.servlet.request.MockMvcRequestBuilders.post("/admin/mail/gateway-tokens")
                        .param("name", "sneaky")
                        .with(org.springframework.security.test.web.servlet.request.SecurityMockMvcRequestPostProcessors.user(agent))
                        .with(org.springframework.security.test.web.servlet.request.SecurityMockMvcRequestPostProcessors.csrf()))
                .andReturn().getResponse();
        assertThat(byAgent.getStatus()).isEqualTo(403);
        var page = mvc.perform(org.springframework.test.web.servlet.request.MockMvcRequestBuilders.get("/admin/mailboxes")
                .with(org.springframework.security.test.web.servlet.request.SecurityMockMvcRequestPostProcessors.user(principal)))
                .andReturn().getResponse().getContentAsString();
        assertThat(page).contains("mx-page").contains(secret.substring(0, 10)).doesNotContain(secret);
    }

    /**
     * The database goes away (PostgreSQL refuses new connections and drops the open ones): the gateway answers 503
     * with Retry-After and relais-mailgate exits 75, so the mail server keeps the message; once the database is back,
     * the mail server's retry imports it, once. Needs a database server that can be taken away: PostgreSQL
     * (the -Ppostgres leg of CI); skipped on the in-memory H2.
     */
    @Test
    void whileTheDatabaseIsDownTheGatewayAnswers503AndTheMailServersRetryImportsTheMessage() throws Exception {
        org.junit.jupiter.api.Assumptions.assumeTrue(io.relais.TestDatabases.postgres(),
                "needs a database server that can be taken away (PostgreSQL, -Ppostgres)");
        var msg = message("outage-" + System.nanoTime());
        var tokenFile = Files.createTempFile("relais-gateway", ".token");
        Files.writeString(tokenFile, token + "\n");
        var pool = dataSource.unwrap(com.zaxxer.hikari.HikariDataSource.class);
        var url = pool.getJdbcUrl();
        var database = url.substring(url.lastIndexOf('/') + 1).replaceFirst("\\?.*", "");
        var adminUrl = url.substring(0, url.lastIndexOf('/') + 1) + "postgres";
        var timeout = pool.getHikariConfigMXBean().getConnectionTimeout();
        try (var admin = java.sql.DriverManager.getConnection(adminUrl, pool.getUsername(), pool.getPassword());
             var sql = admin.createStatement()) {
            pool.getHikariConfigMXBean().setConnectionTimeout(2_000);
            try {
                sql.execute("alter database \"" + database + "\" allow_connections false");
                sql.execute("select pg_terminate_backend(pid) from pg_stat_activity where datname = '" + database
                        + "' and pid <> pg_backend_pid()");
                pool.getHikariPoolMXBean().softEvictConnections();

                var down = post("?recipient=" + address, token, "message/rfc822", msg);
                assertThat(down.statusCode()).as(down.body()).isEqualTo(503);
                assertThat(down.headers().firstValue("Retry-After")).isPresent();
                assertThat(down.headers().firstValue("Content-Type")).hasValueSatisfying(t -> assertThat(t).startsWith("application/problem+json"));
                assertThat(mailgate(base(), tokenFile, msg)).as("the mail server keeps it and retries later").isEqualTo(75);
            } finally {
                sql.execute("alter database \"" + database + "\" allow_connections true");
                pool.getHikariConfigMXBean().setConnectionTimeout(timeout);
            }
        } finally {
            Files.deleteIfExists(tokenFile);
        }
        // the mail server retries (here every half second) until the desk takes it; the pool drops its broken connections
        var retried = io.relais.Patience.until("the desk to take the message again",
                () -> post("?recipient=" + address, token, "message/rfc822", msg), r -> r.statusCode() != 503);
        assertThat(retried.statusCode()).as(retried.body()).isEqualTo(202);
        assertThat(retried.body()).contains("\"outcome\":\"TICKET\"");
        assertThat(post("?recipient=" + address, token, "message/rfc822", msg).body()).contains("\"outcome\":\"DUPLICATE\"");
    }

    private int mailgate(String url, Path tokenFile, byte[] stdin) throws IOException, InterruptedException {
        var process = new ProcessBuilder("sh", "bin/relais-mailgate", "--url", url, "--recipient", address, "--token-file",
                tokenFile.toString(), "--timeout", "20").redirectErrorStream(true).start();
        try (var in = process.getOutputStream()) {
            in.write(stdin);
        }
        process.getInputStream().readAllBytes();
        assertThat(process.waitFor(30, TimeUnit.SECONDS)).isTrue();
        return process.exitValue();
    }

    private HttpResponse<String> post(String query, String bearer, String type, byte[] body) throws Exception {
        var request = HttpRequest.newBuilder(URI.create(base() + "/api/v1/inbound/mail" + query)).header("Content-Type", type)
                .POST(HttpRequest.BodyPublishers.ofByteArray(body));
        if (bearer != null) {
            request.header("Authorization", "Bearer " + bearer);
        }
        return http.send(request.build(), HttpResponse.BodyHandlers.ofString());
    }

    private byte[] message(String id) {
        return ("From: Julie <julie@gateway.example>\r\nTo: " + address + "\r\nSubject: Printer " + id + "\r\nMessage-ID: <" + id
                + "@gateway.example>\r\n\r\nThe printer is down.\r\n").getBytes(StandardCharsets.UTF_8);
    }

    private long articleCount() {
        return jdbc.sql("select count(*) from article").query(Long.class).single();
    }

    private String base() {
        return "http://127.0.0.1:" + port;
    }
}
