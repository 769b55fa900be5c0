package io.relais.web;

import static org.assertj.core.api.Assertions.assertThat;

import io.relais.Fixtures.Tenant;
import io.relais.IntegrationTest;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestFactory;
import org.springframework.boot.test.web.server.LocalServerPort;

/**
 * Every endpoint fed with what clients get wrong: broken JSON, wrong types and enums, missing
 * fields, unknown ids, impossible transitions, stale versions, oversize files, bad query
 * parameters. Each answer is a 4xx problem+json that names the field, never a 500.
 */
class ApiBadInputTest extends IntegrationTest {
    private final HttpClient http = HttpClient.newHttpClient();

    @LocalServerPort int port;

    record Case(String name, String method, String path, String contentType, String body, int status, String field) {}

    static List<Case> cases(Tenant t, String existingOrganization) {
        // Cases whose path starts with /api/v1/organizations, /agents or /groups run with an administrator's token.
        var id = t.ticketId();
        var c = new ArrayList<Case>();
        var json = "application/json";
        // create ticket
        c.add(new Case("create: malformed JSON", "POST", "/api/v1/tickets", json, "{\"subject\": ", 400, null));
        c.add(new Case("create: wrong type", "POST", "/api/v1/tickets", json, "{\"subject\":\"x\",\"requesterId\":\"abc\"}", 400, "requesterId"));
        c.add(new Case("create: unknown enum", "POST", "/api/v1/tickets", json, "{\"subject\":\"x\",\"impact\":\"HUGE\"}", 400, "impact"));
        c.add(new Case("create: tags not a list", "POST", "/api/v1/tickets", json, "{\"subject\":\"x\",\"tags\":{\"a\":1}}", 400, "tags"));
        c.add(new Case("create: missing fields", "POST", "/api/v1/tickets", json, "{}", 422, "subject"));
        c.add(new Case("create: unknown requester", "POST", "/api/v1/tickets", json, "{\"subject\":\"x\",\"requesterId\":999999999}", 422, "requesterId"));
        c.add(new Case("create: unknown category", "POST", "/api/v1/tickets", json,
                "{\"subject\":\"x\",\"requesterId\":" + t.otherContactId() + ",\"categoryId\":999999}", 422, "categoryId"));
        c.add(new Case("create: unknown group", "POST", "/api/v1/tickets", json,
                "{\"subject\":\"x\",\"requesterId\":" + t.otherContactId() + ",\"groupId\":999999}", 422, "groupId"));
        c.add(new Case("create: subject too long", "POST", "/api/v1/tickets", json,
                "{\"subject\":\"" + "x".repeat(301) + "\",\"requesterId\":" + t.otherContactId() + "}", 422, "subject"));
        c.add(new Case("create: too many tags", "POST", "/api/v1/tickets", json,
                "{\"subject\":\"x\",\"requesterId\":" + t.otherContactId() + ",\"tags\":[" + "\"a\",\"b\",\"c\",\"d\",\"e\",\"f\",\"g\",\"h\",\"i\",\"j\",\"k\",\"l\",\"m\",\"n\",\"o\",\"p\",\"q\",\"r\",\"s\",\"t\",\"u\"" + "]}", 422, "tags"));
        c.add(new Case("create: not JSON", "POST", "/api/v1/tickets", "text/plain", "subject=x", 415, null));
        c.add(new Case("create: empty body", "POST", "/api/v1/tickets", json, "", 400, null));
        // get / list
        c.add(new Case("get: unknown id", "GET", "/api/v1/tickets/999999999", null, null, 404, null));
        c.add(new Case("get: id not a number", "GET", "/api/v1/tickets/abc", null, null, 400, "id"));
        c.add(new Case("list: bad status", "GET", "/api/v1/tickets?status=SLEEPING", null, null, 400, "status"));
        c.add(new Case("list: bad view", "GET", "/api/v1/tickets?view=EVERYTHING", null, null, 400, "view"));
        c.add(new Case("list: bad sort", "GET", "/api/v1/tickets?sort=RANDOM", null, null, 400, "sort"));
        c.add(new Case("list: limit 0", "GET", "/api/v1/tickets?limit=0", null, null, 422, "limit"));
        c.add(new Case("list: limit not a number", "GET", "/api/v1/tickets?limit=lots", null, null, 400, "limit"));
        c.add(new Case("list: forged cursor", "GET", "/api/v1/tickets?cursor=bm90LWEtY3Vyc29y", null, null, 422, "cursor"));
        c.add(new Case("list: garbage cursor", "GET", "/api/v1/tickets?cursor=%25%25%25", null, null, 422, "cursor"));
        // update
        c.add(new Case("update: invalid transition", "PATCH", "/api/v1/tickets/" + id, json, "{\"status\":\"CLOSED\"}", 422, "status"));
        // the reply of the tenant's ticket opened it after version 0: setting its status otherwise conflicts
        c.add(new Case("update: stale version", "PATCH", "/api/v1/tickets/" + id, json, "{\"version\":0,\"status\":\"PENDING_THIRD_PARTY\"}", 409, "status"));
        c.add(new Case("update: unknown status", "PATCH", "/api/v1/tickets/" + id, json, "{\"status\":\"DONE\"}", 400, "status"));
        c.add(new Case("update: unknown assignee", "PATCH", "/api/v1/tickets/" + id, json, "{\"assigneeId\":999999}", 422, "assigneeId"));
        c.add(new Case("update: empty subject", "PATCH", "/api/v1/tickets/" + id, json, "{\"subject\":\"  \"}", 422, "subject"));
        c.add(new Case("update: unknown ticket", "PATCH", "/api/v1/tickets/999999999", json, "{\"subject\":\"x\"}", 404, null));
        c.add(new Case("update: version wrong type", "PATCH", "/api/v1/tickets/" + id, json, "{\"version\":\"latest\"}", 400, "version"));
        // conversation
        c.add(new Case("reply: empty body", "POST", "/api/v1/tickets/" + id + "/replies", json, "{\"body\":\"\"}", 422, "body"));
        c.add(new Case("reply: malformed", "POST", "/api/v1/tickets/" + id + "/replies", json, "{body:", 400, null));
        c.add(new Case("reply: bad base64", "POST", "/api/v1/tickets/" + id + "/replies", json,
                "{\"body\":\"x\",\"attachments\":[{\"filename\":\"a\",\"contentBase64\":\"***\"}]}", 422, "attachments[0].contentBase64"));
        c.add(new Case("reply: attachment over the limit", "POST", "/api/v1/tickets/" + id + "/replies", json,
                "{\"body\":\"x\",\"attachments\":[{\"filename\":\"big.bin\",\"contentBase64\":\""
                        + Base64.getEncoder().encodeToString(new byte[1024 * 1024 + 1]) + "\"}]}", 422, "attachments"));
        c.add(new Case("note: empty", "POST", "/api/v1/tickets/" + id + "/notes", json, "{}", 422, "body"));
        c.add(new Case("call: missing direction", "POST", "/api/v1/tickets/" + id + "/calls", json, "{\"summary\":\"x\"}", 422, "direction"));
        c.add(new Case("call: negative duration", "POST", "/api/v1/tickets/" + id + "/calls", json,
                "{\"direction\":\"INBOUND\",\"summary\":\"x\",\"durationSeconds\":-5}", 422, "durationSeconds"));
        c.add(new Case("call: bad direction", "POST", "/api/v1/tickets/" + id + "/calls", json,
                "{\"direction\":\"SIDEWAYS\",\"summary\":\"x\"}", 400, "direction"));
        // links and merge
        c.add(new Case("link: missing target", "POST", "/api/v1/tickets/" + id + "/links", json, "{\"kind\":\"RELATED\"}", 422, "targetTicketId"));
        c.add(new Case("link: unknown target", "POST", "/api/v1/tickets/" + id + "/links", json, "{\"targetTicketId\":999999,\"kind\":\"RELATED\"}", 422, "targetTicketId"));
        c.add(new Case("link: itself", "POST", "/api/v1/tickets/" + id + "/links", json, "{\"targetTicketId\":" + id + ",\"kind\":\"RELATED\"}", 422, "targetTicketId"));
        c.add(new Case("link: missing kind", "POST", "/api/v1/tickets/" + id + "/links", json, "{\"targetTicketId\":" + t.otherTicketId() + "}", 422, "kind"));
        c.add(new Case("unlink: unknown link", "DELETE", "/api/v1/tickets/" + id + "/links/999999", null, null, 404, null));
        c.add(new Case("merge: itself", "POST", "/api/v1/tickets/" + id + "/merge", json, "{\"targetTicketId\":" + id + "}", 422, "targetTicketId"));
        c.add(new Case("merge: missing target", "POST", "/api/v1/tickets/" + id + "/merge", json, "{}", 422, "targetTicketId"));
        c.add(new Case("attachment: unknown", "GET", "/api/v1/tickets/" + id + "/attachments/999999", null, null, 404, null));
        // directory
        c.add(new Case("organization: missing name", "POST", "/api/v1/organizations", json, "{}", 422, "name"));
        c.add(new Case("organization: bad time zone", "POST", "/api/v1/organizations", json, "{\"name\":\"Zed " + t.label() + "\",\"timeZone\":\"Mars/Olympus\"}", 422, "timeZone"));
        c.add(new Case("organization: duplicate name", "POST", "/api/v1/organizations", json, "{\"name\":\"" + existingOrganization + "\"}", 409, null));
        c.add(new Case("organization: domains not a list", "POST", "/api/v1/organizations", json, "{\"name\":\"Q\",\"domains\":5}", 400, "domains"));
        c.add(new Case("organization: unknown", "GET", "/api/v1/organizations/999999", null, null, 404, null));
        c.add(new Case("contact: bad e-mail", "POST", "/api/v1/contacts", json,
                "{\"organizationId\":" + t.organizationId() + ",\"name\":\"x\",\"email\":\"not-an-address\"}", 422, "email"));
        c.add(new Case("contact: duplicate e-mail", "POST", "/api/v1/contacts", json,
                "{\"organizationId\":" + t.organizationId() + ",\"name\":\"x\",\"email\":\"" + t.customer().login() + "\"}", 422, "email"));
        c.add(new Case("contact: no way to reach", "POST", "/api/v1/contacts", json,
                "{\"organizationId\":" + t.organizationId() + ",\"name\":\"x\"}", 422, "email"));
        c.add(new Case("contact: unknown organization", "POST", "/api/v1/contacts", json,
                "{\"organizationId\":999999,\"name\":\"x\",\"email\":\"x@y.example\"}", 422, "organizationId"));
        c.add(new Case("contact: limit too high", "GET", "/api/v1/contacts?limit=100000", null, null, 422, "limit"));
        c.add(new Case("agents: not an admin", "POST", "/api/v1/agents", json, "{\"name\":\"x\",\"email\":\"x@y.example\",\"role\":\"AGENT\"}", 403, null));
        c.add(new Case("groups: not an admin", "POST", "/api/v1/groups", json, "{\"name\":\"x\",\"level\":\"L1\"}", 403, null));
        c.add(new Case("unknown route", "GET", "/api/v1/nothing-here", null, null, 404, null));
        c.add(new Case("wrong method", "DELETE", "/api/v1/tickets/" + id, null, null, 405, null));
        return c;
    }

    @TestFactory
    Stream<DynamicTest> everyBadInputGetsAClearProblemAndNever500() {
        var t = fixtures.tenant("BadInput");
        var admin = fixtures.agent("Admin BadInput", "admin-" + System.nanoTime() + "@relais.example", io.relais.security.Role.ADMIN, java.util.Set.of());
        var existing = "Existing " + System.nanoTime();
        return Stream.concat(
                Stream.of(DynamicTest.dynamicTest("organization: first creation", () -> assertThat(send(admin.token(), "POST",
                        "/api/v1/organizations", "application/json", "{\"name\":\"" + existing + "\"}").statusCode()).isEqualTo(201))),
                cases(t, existing).stream().map(c -> DynamicTest.dynamicTest(c.name(), () -> {
            var token = c.path().startsWith("/api/v1/organizations") ? admin.token() : t.agent().token();
            var r = send(token, c.method(), c.path(), c.contentType(), c.body());
            assertThat(r.statusCode()).as(c.name() + ": " + r.body()).isEqualTo(c.status());
            assertThat(r.headers().firstValue("Content-Type")).hasValueSatisfying(ct -> assertThat(ct).startsWith("application/problem+json"));
            assertThat(r.body()).contains("\"status\":" + c.status()).doesNotContain("Exception").doesNotContain("at io.relais");
            if (c.field() != null) {
                assertThat(r.body()).as(c.name()).contains("\"field\":\"" + c.field() + "\"");
            }
        })));
    }

    @Test
    void anOversizeMultipartUploadIsRefusedWith413() throws Exception {
        var t = fixtures.tenant("Oversize");
        var boundary = "----relais" + System.nanoTime();
        var big = new byte[1024 * 1024 + 10];
        var head = ("--" + boundary + "\r\nContent-Disposition: form-data; name=\"body\"\r\n\r\nhello\r\n--" + boundary
                + "\r\nContent-Disposition: form-data; name=\"files\"; filename=\"big.bin\"\r\nContent-Type: application/octet-stream\r\n\r\n")
                .getBytes(StandardCharsets.UTF_8);
        var tail = ("\r\n--" + boundary + "--\r\n").getBytes(StandardCharsets.UTF_8);
        var body = new byte[head.length + big.length + tail.length];
        System.arraycopy(head, 0, body, 0, head.length);
        System.arraycopy(tail, 0, body, head.length + big.length, tail.length);
        var r = http.send(HttpRequest.newBuilder(URI.create("http://localhost:" + port + "/api/v1/tickets/" + t.ticketId() + "/replies"))
                .header("Authorization", "Bearer " + t.agent().token())
                .header("Content-Type", "multipart/form-data; boundary=" + boundary)
                .POST(HttpRequest.BodyPublishers.ofByteArray(body)).build(), HttpResponse.BodyHandlers.ofString());
        assertThat(r.statusCode()).isEqualTo(413);
        assertThat(r.body()).contains("\"status\":413");
    }

    @Test
    void aMultipartReplyWithAFileIsAccepted() throws Exception {
        var t = fixtures.tenant("Multipart");
        var boundary = "----relais" + System.nanoTime();
        var body = ("--" + boundary + "\r\nContent-Disposition: form-data; name=\"body\"\r\n\r\nSee the log\r\n--" + boundary
                + "\r\nContent-Disposition: form-data; name=\"files\"; filename=\"spool.log\"\r\nContent-Type: text/plain\r\n\r\n"
                + "job 42 stuck\r\n--" + boundary + "--\r\n").getBytes(StandardCharsets.UTF_8);
        var r = http.send(HttpRequest.newBuilder(URI.create("http://localhost:" + port + "/api/v1/tickets/" + t.ticketId() + "/replies"))
                .header("Authorization", "Bearer " + t.agent().token())
                .header("Content-Type", "multipart/form-data; boundary=" + boundary)
                .POST(HttpRequest.BodyPublishers.ofByteArray(body)).build(), HttpResponse.BodyHandlers.ofString());
        assertThat(r.statusCode()).isEqualTo(201);
        var files = send(t.agent().token(), "GET", "/api/v1/tickets/" + t.ticketId() + "/attachments", null, null);
        assertThat(files.body()).contains("spool.log");
    }

    @Test
    void withoutATokenTheApiAnswers401AsProblem() throws Exception {
        var r = send("rls_not-a-real-token", "GET", "/api/v1/tickets", null, null);
        assertThat(r.statusCode()).isEqualTo(401);
        assertThat(r.headers().firstValue("Content-Type")).hasValueSatisfying(ct -> assertThat(ct).startsWith("application/problem+json"));
    }

    private HttpResponse<String> send(String token, String method, String path, String contentType, String body) throws Exception {
        var b = HttpRequest.newBuilder(URI.create("http://localhost:" + port + path))
                .header("Authorization", "Bearer " + token).header("Accept", "application/json");
        if (contentType != null) {
            b.header("Content-Type", contentType);
        }
        b.method(method, body == null ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofString(body));
        return http.send(b.build(), HttpResponse.BodyHandlers.ofString());
    }
}
