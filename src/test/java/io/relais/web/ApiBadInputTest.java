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
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestFactory;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.jdbc.core.simple.JdbcClient;

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
        // Cases whose path starts with /api/v1/organizations, /agents or /groups run with an administrator's token
        // (an agent would get 403 before any validation).
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
        c.add(new Case("agents: unknown role", "POST", "/api/v1/agents", json, "{\"name\":\"x\",\"email\":\"x@y.example\",\"role\":\"KING\"}", 400, "role"));
        c.add(new Case("agents: groups not a list", "POST", "/api/v1/agents", json, "{\"name\":\"x\",\"email\":\"x@y.example\",\"role\":\"AGENT\",\"groupIds\":\"all\"}", 400, "groupIds"));
        c.add(new Case("agents: bad e-mail", "POST", "/api/v1/agents", json, "{\"name\":\"x\",\"email\":\"nobody\",\"role\":\"AGENT\"}", 422, "email"));
        c.add(new Case("agents: unknown group", "PUT", "/api/v1/agents/" + t.agent().id(), json, "{\"name\":\"x\",\"email\":\"" + t.agent().login() + "\",\"role\":\"AGENT\",\"groupIds\":[999999]}", 422, "groupIds"));
        c.add(new Case("groups: unknown level", "POST", "/api/v1/groups", json, "{\"name\":\"x\",\"level\":\"L9\"}", 400, "level"));
        c.add(new Case("groups: missing name", "POST", "/api/v1/groups", json, "{\"level\":\"L1\"}", 422, "name"));
        c.add(new Case("groups: unknown organization", "PUT", "/api/v1/groups/" + t.groupId(), json, "{\"name\":\"x\",\"level\":\"L1\",\"organizationIds\":[999999]}", 422, "organizationIds"));
        c.add(new Case("unknown route", "GET", "/api/v1/nothing-here", null, null, 404, null));
        c.add(new Case("wrong method", "DELETE", "/api/v1/tickets/" + id, null, null, 405, null));
        return c;
    }

    static final List<String> ADMIN_ONLY = List.of("/api/v1/organizations", "/api/v1/agents", "/api/v1/groups");

    /** An agent may not create agents or groups: refused before anything is read. */
    @Test
    void anAgentMayNotCreateAgentsOrGroups() throws Exception {
        var t = fixtures.tenant("NotAdmin");
        var before = traces(t);
        var agents = send(t.agent().token(), "POST", "/api/v1/agents", "application/json",
                "{\"name\":\"x\",\"email\":\"x" + System.nanoTime() + "@y.example\",\"role\":\"AGENT\"}");
        assertThat(agents.statusCode()).as(agents.body()).isEqualTo(403);
        var groups = send(t.agent().token(), "POST", "/api/v1/groups", "application/json", "{\"name\":\"x\",\"level\":\"L1\"}");
        assertThat(groups.statusCode()).as(groups.body()).isEqualTo(403);
        assertThat(traces(t)).isEqualTo(before);
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
            var token = ADMIN_ONLY.stream().anyMatch(c.path()::startsWith) ? admin.token() : t.agent().token();
            var before = traces(t);
            var r = send(token, c.method(), c.path(), c.contentType(), c.body());
            assertThat(traces(t)).as(c.name() + ": a refused request leaves nothing behind").isEqualTo(before);
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

    /** Tables a request could add to or take from: their row counts must not move on a refused request. */
    static final List<String> COUNTED = List.of("organization", "contact", "contact_address", "agent", "agent_group",
            "group_member", "group_organization", "account", "ticket", "article", "attachment", "ticket_link",
            "ticket_participant", "kb_article", "kb_version", "kb_feedback", "sla_policy", "mail_message", "mail_quarantine");

    @Autowired
    JdbcClient jdbc;

    /**
     * What a request could leave behind: the row count of each table in {@link #COUNTED}, and the rows of the
     * tenant's own ticket, organization, contact, agent and group (a refused PUT or PATCH must not change them).
     */
    Map<String, Object> traces(Tenant t) {
        var traces = new LinkedHashMap<String, Object>();
        for (var table : COUNTED) {
            traces.put(table, jdbc.sql("select count(*) from " + table).query(Long.class).single());
        }
        // the timeline of the tenant's tickets (the SLA job may write on other tickets meanwhile)
        traces.put("timeline_entry", jdbc.sql("select count(*) from timeline_entry e join ticket k on k.id = e.ticket_id"
                + " where k.organization_id = ?").param(t.organizationId()).query(Long.class).single());
        traces.put("the ticket", jdbc.sql("select * from ticket where id = ?").param(t.ticketId()).query().listOfRows().toString());
        traces.put("the organization", jdbc.sql("select * from organization where id = ?").param(t.organizationId()).query().listOfRows().toString());
        traces.put("the contact", jdbc.sql("select * from contact where id = ?").param(t.customer().id()).query().listOfRows().toString());
        traces.put("the agent", jdbc.sql("select * from agent where id = ?").param(t.agent().id()).query().listOfRows().toString());
        traces.put("the group", jdbc.sql("select * from agent_group where id = ?").param(t.groupId()).query().listOfRows().toString());
        return traces;
    }

    /**
     * Every operation of the OpenAPI document (the application's own list of its routes, so a new route is
     * covered without anyone adding it here) gets the bad input its declared parameters and body allow: a path
     * or query parameter that is not a number, not one of its values, not a boolean or a date; a malformed JSON
     * body; a body field of the wrong type, an unknown enum value, an object for a list. Each must get 400
     * problem+json naming the field, from a token allowed to do the operation, and leave nothing behind.
     */
    @TestFactory
    Stream<DynamicTest> everyOperationOfTheOpenApiDocumentRefusesBadInputWith400() throws Exception {
        var t = fixtures.tenant("OpenApiBad");
        var admin = fixtures.agent("Admin OpenApiBad", "admin-openapi-" + System.nanoTime() + "@relais.example",
                io.relais.security.Role.ADMIN, java.util.Set.of(t.groupId()));
        var gateway = gatewayTokens.create(io.relais.security.Actor.system("bad input"), "bad input", null).secret();
        var doc = JSON.readTree(send(admin.token(), "GET", "/v3/api-docs", null, null).body());
        var generated = OpenApiBadInput.cases(doc, Map.of("id", "" + t.ticketId(), "articleId", "" + t.publicArticleId(),
                "attachmentId", "" + t.publicAttachmentId(), "linkId", "999999", "version", "1"));
        System.out.println("OpenAPI operations: " + generated.operations().size() + ", bad-input cases: " + generated.cases().size()
                + "; operations without declared input: " + generated.withoutInput());
        assertThat(generated.operations()).as("operations in the OpenAPI document").hasSizeGreaterThanOrEqualTo(45)
                .contains("PUT /api/v1/organizations/{id}", "PUT /api/v1/kb/articles/{id}", "GET /api/v1/search/tickets",
                        "POST /api/v1/sla/recompute", "PUT /api/v1/groups/{id}");
        assertThat(doc.at("/paths").toString()).as("the caller is the token's, no parameter").doesNotContain("\"name\":\"actor\"");
        var covered = new java.util.TreeSet<String>();
        generated.cases().forEach(c -> covered.add(c.operation()));
        var uncovered = new java.util.TreeSet<>(generated.operations());
        uncovered.removeAll(covered);
        assertThat(uncovered).as("operations with input that get no bad-input case").isEqualTo(new java.util.TreeSet<>(generated.withoutInput()));
        return generated.cases().stream().map(c -> DynamicTest.dynamicTest(c.operation() + ": " + c.name(), () -> {
            var token = c.path().startsWith("/api/v1/inbound/") ? gateway : admin.token();
            var before = traces(t);
            var r = send(token, c.method(), c.path(), c.contentType(), c.body());
            assertThat(r.statusCode()).as(c.name() + ": " + r.body()).isEqualTo(400);
            assertThat(r.headers().firstValue("Content-Type")).hasValueSatisfying(ct -> assertThat(ct).startsWith("application/problem+json"));
            assertThat(r.body()).contains("\"status\":400").doesNotContain("Exception").doesNotContain("at io.relais");
            if (c.field() != null) {
                assertThat(r.body()).as(c.name()).contains("\"field\":\"" + c.field() + "\"");
            }
            assertThat(traces(t)).as(c.name() + ": a refused request leaves nothing behind").isEqualTo(before);
        }));
    }

    static final tools.jackson.databind.json.JsonMapper JSON = tools.jackson.databind.json.JsonMapper.builder().build();

    @Autowired
    io.relais.security.MailGatewayTokens gatewayTokens;

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
