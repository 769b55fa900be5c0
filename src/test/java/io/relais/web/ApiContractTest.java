package io.relais.web;

import static org.assertj.core.api.Assertions.assertThat;

import io.relais.IntegrationTest;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.springframework.boot.test.web.server.LocalServerPort;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * What a developer meets first in the REST API: its OpenAPI document (named, versioned, saying how to
 * authenticate so that Swagger UI offers to), and the answer to a value the API does not take.
 */
class ApiContractTest extends IntegrationTest {
    private final HttpClient http = HttpClient.newHttpClient();
    private final JsonMapper json = JsonMapper.builder().build();

    @LocalServerPort int port;

    @Test
    void theOpenApiDocumentNamesTheApiAndDeclaresItsBearerTokens() throws Exception {
        var doc = json.readTree(send("GET", "/v3/api-docs", null, null).body());

        assertThat(doc.at("/info/title").asString()).isEqualTo("Relais REST API");
        assertThat(doc.at("/info/version").asString()).isEqualTo("1");
        assertThat(doc.at("/info/description").asString()).contains("Authorization: Bearer");
        var personal = doc.at("/components/securitySchemes/personalToken");
        assertThat(personal.at("/type").asString()).isEqualTo("http");
        assertThat(personal.at("/scheme").asString()).isEqualTo("bearer");
        assertThat(doc.at("/security/0/personalToken").isArray()).as("every route takes a personal token").isTrue();
        assertThat(doc.at("/components/securitySchemes/mailGatewayToken/scheme").asString()).isEqualTo("bearer");
        assertThat(doc.at("/paths/~1api~1v1~1inbound~1mail/post/security/0/mailGatewayToken").isArray())
                .as("the mail gateway route takes a gateway token").isTrue();
        assertThat(doc.at("/paths/~1api~1v1~1tickets/get/security").isMissingNode())
                .as("the ticket routes keep the document's personal token").isTrue();
    }

    @Test
    void anUnknownValueInABodyListsTheValuesAllowed() throws Exception {
        var t = fixtures.tenant("Enums");
        var token = t.agent().token();

        var create = send("POST", "/api/v1/tickets", token, "{\"subject\":\"x\",\"requesterId\":" + t.otherContactId()
                + ",\"urgency\":\"EXTREME\"}");
        assertProblem(create, "urgency", List.of("HIGH", "MEDIUM", "LOW"));

        var patch = send("PATCH", "/api/v1/tickets/" + t.ticketId(), token, "{\"status\":\"foo\"}");
        assertProblem(patch, "status", List.of("NEW", "OPEN", "PENDING_CUSTOMER", "PENDING_THIRD_PARTY", "RESOLVED", "CLOSED"));

        var link = send("POST", "/api/v1/tickets/" + t.ticketId() + "/links", token, "{\"targetTicketId\":" + t.otherTicketId()
                + ",\"kind\":\"COUSIN_OF\"}");
        assertProblem(link, "kind", List.of("PARENT_OF", "RELATED", "DUPLICATE_OF"));
    }

    @Test
    void anUnknownValueInTheQueryListsTheValuesAllowed() throws Exception {
        var token = fixtures.tenant("EnumQuery").agent().token();

        assertProblem(send("GET", "/api/v1/tickets?priority=P9", token, null), "priority", List.of("P1", "P2", "P3", "P4"));
        assertProblem(send("GET", "/api/v1/tickets?status=OPEN&status=foo", token, null), "status",
                List.of("NEW", "OPEN", "PENDING_CUSTOMER", "PENDING_THIRD_PARTY", "RESOLVED", "CLOSED"));
        assertProblem(send("GET", "/api/v1/tickets?view=EVERYTHING", token, null), "view",
                List.of("MINE", "UNASSIGNED", "OPEN", "PENDING", "RECENTLY_CLOSED", "ALL"));
    }

    private void assertProblem(HttpResponse<String> response, String field, List<String> allowed) {
        assertThat(response.statusCode()).as(response.body()).isEqualTo(400);
        assertThat(response.headers().firstValue("Content-Type").orElse("")).startsWith("application/problem+json");
        JsonNode problem = json.readTree(response.body());
        assertThat(problem.at("/errors/0/field").asString()).isEqualTo(field);
        assertThat(problem.at("/allowed").valueStream().map(JsonNode::asString).toList()).isEqualTo(allowed);
        assertThat(problem.at("/detail").asString()).contains(field).contains(String.join(", ", allowed));
    }

    private HttpResponse<String> send(String method, String path, String token, String body) throws Exception {
        var request = HttpRequest.newBuilder(URI.create("http://localhost:" + port + path))
                .method(method, body == null ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofString(body));
        if (body != null) {
            request.header("Content-Type", "application/json");
        }
        if (token != null) {
            request.header("Authorization", "Bearer " + token);
        }
        return http.send(request.build(), HttpResponse.BodyHandlers.ofString());
    }
}
