package io.relais.security;

import io.relais.security.Caller.Body;
import io.relais.security.MatrixWorlds.World;
import io.relais.security.RouteMatrixTest.Prepared;
import io.relais.security.RouteMatrixTest.Route;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.BiFunction;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

/**
 * What the route matrix knows of each route: which client object a path variable names, the request an owner makes
 * (body, query, who), and the routes that name no client's object, each with the reason. Everything else is derived
 * from Spring's route list.
 */
final class RouteTable {
    private static final Pattern PLACEHOLDER = Pattern.compile("\\{(@?)(\\w+)}");
    private static final AtomicLong UNIQUE = new AtomicLong(System.nanoTime());

    enum Kind { TENANT, ADMIN_ONLY, NOT_TENANT_SCOPED, UNCLASSIFIED }

    /** Who makes the request that must succeed, in organization C. */
    enum By { AGENT, CUSTOMER, ADMIN }

    /**
     * A request template. {@code {x}} is a value of the world whose objects the request names; {@code {@x}} marks an
     * id of another object carried in the body or query (a link target, a requester, an organization): the matrix also
     * sends it on the attacker's own objects with B's id there. {@code {uniq}} is a fresh number each time (digits, so that two answers echoing it still compare equal).
     */
    record Spec(By by, String query, String json, String form, String multipart, String fileField,
                BiFunction<Prepared, World, World> prepare) {
        static Spec of(By by) {
            return new Spec(by, null, null, null, null, null, null);
        }

        Spec query(String q) { return new Spec(by, q, json, form, multipart, fileField, prepare); }
        Spec json(String j) { return new Spec(by, query, j, form, multipart, fileField, prepare); }
        Spec form(String f) { return new Spec(by, query, json, f, multipart, fileField, prepare); }
        Spec multipart(String fields, String file) { return new Spec(by, query, json, form, fields, file, prepare); }
        Spec prepare(BiFunction<Prepared, World, World> p) { return new Spec(by, query, json, form, multipart, fileField, p); }

        boolean smuggles() {
            return java.util.stream.Stream.of(query, json, form, multipart).anyMatch(t -> t != null && t.contains("{@"));
        }
    }

    record Decision(Kind kind, String reason, Spec spec) {}

    record Request(String path, Body body) {}

    /** One way to attack a route: B's objects in the path, the attacker's own with B's second, or B's ids in the body. */
    record Variant(String name, Request attack, Request missing, boolean smuggled, boolean mixed) {}

    /**
     * Routes that name no client's object, and why. Listings and searches are checked by {@code ListingsTest} (own data
     * there, other clients' absent); forms that create take ids in their body and are in {@link #SPECS}.
     */
    static final Map<String, String> NOT_TENANT_SCOPED = new LinkedHashMap<>();

    static {
        var n = NOT_TENANT_SCOPED;
        n.put("GET /", "the home page redirects by role; no object");
        n.put("GET /login", "public sign-in page");
        n.put("POST /lang", "the caller's own language choice");
        n.put("* /error", "Spring's error page; serves no object");
        n.put("GET /setup", "first-run form, closed once an administrator exists (SetupGateFilter)");
        n.put("POST /setup", "first-run form, closed once an administrator exists (SetupGateFilter)");
        n.put("GET /notices", "the caller's own notifications, chosen by the caller's id, never by a parameter");
        n.put("POST /notices/read", "marks the caller's own notifications read; no id taken");
        n.put("GET /account/tokens", "the caller's own tokens");
        n.put("POST /account/tokens", "creates a token for the caller's own account");
        n.put("POST /api/v1/inbound/mail", "mail gateway tokens only (their own filter chain); mail is routed by the intake");
        n.put("GET /api/v1/search/tickets", "listing: ListingsTest");
        n.put("GET /api/v1/search/reindex", "administrators (Actor.requireAdmin); no object");
        n.put("POST /api/v1/search/reindex", "administrators (SearchIndex.rebuild); no object");
        n.put("POST /api/v1/sla/recompute", "administrators (TicketClocks.recomputeOpen); no object");
        n.put("GET /search", "listing: ListingsTest");
        n.put("POST /search/reindex", "administrators (SearchIndex.rebuild); no object");
        n.put("GET /my/hints", "suggestions while a customer writes: ListingsTest");
        n.put("GET /kb", "listing: ListingsTest");
        n.put("POST /kb/categories", "KB categories are shared by every client");
        n.put("GET /my/help", "listing: ListingsTest");
        n.put("GET /my/tickets", "listing: ListingsTest");
        n.put("GET /my/tickets/new", "an empty form");
        n.put("POST /my/tickets", "a customer's request: organization and requester come from the session, never the form");
        n.put("GET /queues/{view}", "listing by queue name (not an object): ListingsTest");
        n.put("GET /queues/counts", "counts of the caller's queues: TenancyAttackTest, ListingsTest");
        n.put("GET /contacts/lookup", "listing: ListingsTest");
        n.put("GET /known-errors", "listing: ListingsTest");
        n.put("GET /api/v1/tickets", "listing: ListingsTest");
        n.put("GET /api/v1/contacts", "listing: ListingsTest");
        n.put("GET /api/v1/organizations", "listing: ListingsTest");
        n.put("GET /api/v1/agents", "listing: ListingsTest, BoundaryAttackTest");
        n.put("GET /api/v1/groups", "listing: ListingsTest, BoundaryAttackTest");
        n.put("GET /api/v1/kb/articles", "listing: ListingsTest");
        n.put("POST /api/v1/organizations json", "administrators (Directory.createOrganization); a new organization");
        n.put("POST /api/v1/agents json", "administrators (DirectoryAccounts.saveAgent); staff are no client's");
        n.put("POST /api/v1/groups json", "administrators (Directory.createGroup); staff are no client's");
        n.put("GET /v3/api-docs", "the OpenAPI document: public, no object");
        n.put("GET /v3/api-docs.yaml", "the OpenAPI document: public, no object");
        n.put("GET /v3/api-docs/swagger-config", "the OpenAPI document: public, no object");
        n.put("GET /v3/api-docs/{group}", "the OpenAPI document: public, no object");
        n.put("GET /v3/api-docs.yaml/{group}", "the OpenAPI document: public, no object");
        n.put("GET /swagger-ui.html", "the API browser: public, no object");
        n.put("GET /swagger-ui/index.html", "the API browser: public, no object");
    }

    /** The requests owners make, where the route needs more than its path; routes not here are sent without a body. */
    static final Map<String, Spec> SPECS = new LinkedHashMap<>();

    static {
        var s = SPECS;
        var agent = Spec.of(By.AGENT);
        var customer = Spec.of(By.CUSTOMER);
        var admin = Spec.of(By.ADMIN);
        BiFunction<Prepared, World, World> freshTickets = (p, w) -> p.worlds().freshTickets(w);
        // ---- tickets, API
        s.put("POST /api/v1/tickets json", agent.json("{\"subject\":\"Matrix ticket\",\"requesterId\":{@contact}}"));
        s.put("PATCH /api/v1/tickets/{id} json", agent.json("{\"urgency\":\"HIGH\",\"requesterId\":{@contact}}"));
        s.put("POST /api/v1/tickets/{id}/replies json", agent.json("{\"body\":\"Matrix reply\"}"));
        s.put("POST /api/v1/tickets/{id}/replies multipart", agent.multipart("body=Matrix reply", "files"));
        s.put("POST /api/v1/tickets/{id}/notes json", agent.json("{\"body\":\"Matrix note\"}"));
        s.put("POST /api/v1/tickets/{id}/notes multipart", agent.multipart("body=Matrix note", "files"));
        s.put("POST /api/v1/tickets/{id}/calls json", agent.json("{\"direction\":\"INBOUND\",\"summary\":\"Matrix call\"}"));
        s.put("POST /api/v1/tickets/{id}/links json", agent.json("{\"targetTicketId\":{@otherTicket},\"kind\":\"PARENT_OF\"}")
                .prepare(freshTickets));
        s.put("DELETE /api/v1/tickets/{id}/links/{linkId}", agent.prepare((p, w) -> p.worlds().freshLink(w)));
        s.put("POST /api/v1/tickets/{id}/merge json", agent.json("{\"targetTicketId\":{@otherTicket}}").prepare(freshTickets));
        // ---- tickets, pages
        s.put("GET /tickets/new", agent.query("requester={@contact}"));
        s.put("POST /tickets", agent.form("subject=Matrix ticket&requesterId={@contact}"));
        s.put("POST /contacts", agent.form("organizationId={@organization}&name=Matrix contact&email=matrix-{uniq}@matrix.example"));
        s.put("POST /tickets/{id}/fields", agent.form("urgency=HIGH"));
        s.put("POST /tickets/{id}/reply", agent.form("body=Matrix reply"));
        s.put("POST /tickets/{id}/note", agent.form("body=Matrix note"));
        s.put("POST /tickets/{id}/call", agent.form("direction=INBOUND&summary=Matrix call"));
        s.put("POST /tickets/{id}/links", agent.form("target={@otherNumber}&kind=PARENT_OF").prepare(freshTickets));
        s.put("POST /tickets/{id}/links/{linkId}/delete", agent.prepare((p, w) -> p.worlds().freshLink(w)));
        s.put("POST /tickets/{id}/merge", agent.form("target={@otherNumber}").prepare(freshTickets));
        s.put("POST /my/tickets/{id}/reply", customer.form("body=Matrix reply"));
        // ---- directory, API
        s.put("POST /api/v1/contacts json", agent.json("{\"organizationId\":{@organization},\"name\":\"Matrix contact\","
                + "\"email\":\"matrix-{uniq}@matrix.example\"}"));
        s.put("PUT /api/v1/contacts/{id} json", agent.json("{\"name\":\"Matrix renamed\"}"));
        s.put("PATCH /api/v1/contacts/{id} json", agent.json("{\"name\":\"Matrix renamed\"}"));
        s.put("PUT /api/v1/organizations/{id} json", admin.json("{\"name\":\"Matrix organization {uniq}\","
                + "\"timeZone\":\"Europe/Paris\",\"language\":\"fr\"}"));
        s.put("PUT /api/v1/agents/{id} json", admin.json("{\"name\":\"Matrix agent\",\"email\":\"{agentEmail}\",\"role\":\"AGENT\","
                + "\"groupIds\":[{group}]}"));
        s.put("PUT /api/v1/groups/{id} json", admin.json("{\"name\":\"Matrix team {uniq}\",\"level\":\"L1\","
                + "\"organizationIds\":[{organization}]}"));
        // ---- knowledge base
        var article = "\"language\":\"en\",\"kind\":\"ARTICLE\",\"title\":\"Matrix article\",\"body\":\"Matrix text\","
                + "\"tags\":\"\",\"visibility\":\"PUBLIC\"";
        s.put("POST /api/v1/kb/articles json", agent.json("{" + article + ",\"organizationIds\":[{@organization}]}"));
        s.put("PUT /api/v1/kb/articles/{id} json", agent.json("{" + article + ",\"organizationIds\":[{organization}]}"));
        s.put("GET /api/v1/kb/articles/{id}/diff", agent.query("from=1&to=2"));
        s.put("POST /api/v1/kb/articles/{id}/feedback json", agent.json("{\"verdict\":\"HELPED\",\"comment\":\"Matrix\"}"));
        s.put("GET /kb/new", agent.query("fromTicket={@ticket}"));
        s.put("POST /kb", agent.form("language=en&kind=ARTICLE&title=Matrix article&body=Matrix text&visibility=INTERNAL"
                + "&sourceTicketIds={@ticket}"));
        s.put("POST /kb/{id}", agent.form("language=en&kind=ARTICLE&title=Matrix article&body=Matrix text&visibility=INTERNAL"
                + "&organizationIds={organization}"));
        s.put("POST /kb/{id}/files", agent.multipart("", "file"));
        s.put("GET /kb/{id}/diff", agent.query("from=1&to=2"));
        s.put("POST /kb/{id}/archive", admin.form("archived=true").prepare((p, w) -> p.worlds().freshKb(w)));
        s.put("POST /kb/{id}/feedback", agent.form("verdict=HELPED&comment=Matrix"));
        s.put("POST /kb/ticket/{ticketId}/used", agent.form("articleId={@kb}"));
        // ---- guided checks
        s.put("POST /checks/ticket/{ticketId}/start", agent.form("treeId={tree}"));
        s.put("POST /checks/runs/{runId}/answer", agent.form("answerId={answer}").prepare((p, w) -> p.worlds().freshRun(w)));
        s.put("POST /checks/runs/{runId}/stop", agent.prepare((p, w) -> p.worlds().freshRun(w)));
        s.put("POST /checks/runs/{runId}/apply", agent.prepare((p, w) -> p.worlds().finishedRun(w)));
        // ---- known errors
        s.put("GET /known-errors/new", agent.query("fromTicket={@ticket}"));
        s.put("POST /known-errors", agent.form("title=Matrix error&symptom=Matrix symptom&status=INVESTIGATING"
                + "&organizationId={@organization}"));
        s.put("POST /known-errors/{id}", agent.form("title=Matrix error&symptom=Matrix symptom&status=INVESTIGATING"
                + "&organizationId={organization}"));
        s.put("POST /known-errors/{id}/tickets", agent.form("number={@otherNumber}"));
        // ---- search and reports
        s.put("GET /search/hints", agent.query("subject=printer&requesterId={@contact}"));
        s.put("GET /reports/sla", admin.query("org={@organization}"));
        s.put("GET /reports/sla.csv", admin.query("org={@organization}"));
        s.put("GET /reports/sla/tickets.csv", admin.query("org={@organization}"));
        // ---- the caller's own tokens
        s.put("POST /account/tokens/{id}/revoke", agent.prepare((p, w) -> p.worlds().freshToken(w, p.tokens())));
    }

    /**
     * Which client object a path variable names, by its name and the route's prefix; {@code null} when it names
     * nothing the matrix knows (the route then needs a decision). {@code version} is a number within an article.
     */
    static String objectNamed(String pattern, String variable) {
        switch (variable) {
            case "ticketId": return "ticket";
            case "number": return "number";
            case "attachmentId": return "attachment";
            case "articleId": return "article";
            case "linkId": return "link";
            case "version": return "version";
            case "runId": return "run";
            case "fileId": return pattern.startsWith("/my/") ? "kbPublicFile" : "kbFile";
            case "id": {
                if (pattern.startsWith("/api/v1/tickets/") || pattern.startsWith("/tickets/") || pattern.startsWith("/my/tickets/")) {
                    return "ticket";
                }
                if (pattern.startsWith("/kb/")) {
                    return "kb";
                }
                if (pattern.startsWith("/api/v1/kb/articles/") || pattern.startsWith("/my/help/")) {
                    return "kbPublic";
                }
                if (pattern.startsWith("/known-errors/")) {
                    return "knownError";
                }
                if (pattern.startsWith("/api/v1/contacts/")) {
                    return "contact";
                }
                if (pattern.startsWith("/api/v1/organizations/")) {
                    return "organization";
                }
                if (pattern.startsWith("/api/v1/agents/")) {
                    return "agent";
                }
                if (pattern.startsWith("/api/v1/groups/")) {
                    return "group";
                }
                if (pattern.startsWith("/account/tokens/")) {
                    return "token";
                }
                return null;
            }
            default: return null;
        }
    }

    Decision decide(Route route) {
        if (NOT_TENANT_SCOPED.containsKey(route.key())) {
            return new Decision(Kind.NOT_TENANT_SCOPED, NOT_TENANT_SCOPED.get(route.key()), null);
        }
        if (route.pattern().startsWith("/admin/")) {
            return new Decision(Kind.ADMIN_ONLY, "SecurityConfig: /admin/** is for administrators, who see every client", null);
        }
        var unknown = route.variables().stream().filter(v -> objectNamed(route.pattern(), v) == null).toList();
        if (!unknown.isEmpty()) {
            return new Decision(Kind.UNCLASSIFIED, "path variable(s) " + unknown + " name nothing the matrix knows", null);
        }
        var spec = SPECS.get(route.key());
        if (spec != null) {
            return new Decision(Kind.TENANT, null, spec);
        }
        if (!route.variables().isEmpty()) {
            return new Decision(Kind.TENANT, null, Spec.of(route.pattern().startsWith("/my/") ? By.CUSTOMER : By.AGENT));
        }
        return new Decision(Kind.UNCLASSIFIED, "it names no client's object in its path and has no entry", null);
    }

    /** The entries of this table that match no route any more (a renamed route leaves its entry behind). */
    Set<String> unusedRequests(Collection<Route> routes) {
        var keys = routes.stream().map(Route::key).collect(Collectors.toSet());
        var unused = new TreeSet<String>();
        SPECS.keySet().stream().filter(k -> !keys.contains(k)).forEach(unused::add);
        // the OpenAPI routes are listed whether or not springdoc registers each of them
        NOT_TENANT_SCOPED.keySet().stream().filter(k -> !keys.contains(k) && !k.contains("api-docs") && !k.contains("swagger"))
                .forEach(unused::add);
        return unused;
    }

    List<Variant> variants(Route route, World own, World b) {
        var spec = decide(route).spec();
        var ids = route.variables().stream().filter(v -> MatrixWorlds.IDS.contains(objectNamed(route.pattern(), v))).count();
        var out = new ArrayList<Variant>();
        if (ids > 0) {
            out.add(new Variant("with B's object", request(route, b, b, b, b), request(route, b.missing(), b.missing(), b, b),
                    false, false));
        }
        if (ids > 1) {
            out.add(new Variant("with its own object and B's", request(route, own, b, own, b),
                    request(route, own, b.missing(), own, b), false, true));
        }
        if (spec.smuggles()) {
            out.add(new Variant("with B's id in its own request", request(route, own, own, own, b),
                    request(route, own, own, own, b.missing()), true, false));
        }
        return out;
    }

    Request request(Route route, World path, World plain, World foreign) {
        return request(route, path, path, plain, foreign);
    }

    /** The route's request: its first id from {@code first}, the others from {@code rest}; body and query filled in. */
    Request request(Route route, World first, World rest, World plain, World foreign) {
        var m = Pattern.compile("\\{(\\w+)(?::[^}]*)?}").matcher(route.pattern());
        var path = new StringBuilder();
        var seenId = false;
        while (m.find()) {
            var key = objectNamed(route.pattern(), m.group(1));
            if (key == null) {
                key = "organization"; // an administrator's route: refused by its URL whatever the id
            }
            var isId = MatrixWorlds.IDS.contains(key);
            var world = isId && !seenId ? first : isId ? rest : plain;
            seenId |= isId;
            m.appendReplacement(path, world.get(key));
        }
        m.appendTail(path);
        var spec = decide(route).spec();
        if (spec == null) {
            return new Request(path.toString(), Body.NONE);
        }
        if (spec.query() != null) {
            path.append('?').append(fill(spec.query(), plain, foreign).replace(" ", "+"));
        }
        Body body = Body.NONE;
        if (spec.json() != null) {
            body = Body.json(fill(spec.json(), plain, foreign));
        } else if (spec.form() != null) {
            body = Body.form(fields(fill(spec.form(), plain, foreign)));
        } else if (spec.multipart() != null) {
            body = Body.multipart(fields(fill(spec.multipart(), plain, foreign)), spec.fileField());
        }
        return new Request(path.toString(), body);
    }

    private static Map<String, String> fields(String text) {
        var out = new LinkedHashMap<String, String>();
        for (var pair : text.split("&")) {
            if (!pair.isEmpty()) {
                var eq = pair.indexOf('=');
                out.put(pair.substring(0, eq), pair.substring(eq + 1));
            }
        }
        return out;
    }

    static String fill(String template, World plain, World foreign) {
        var m = PLACEHOLDER.matcher(template);
        var out = new StringBuilder();
        while (m.find()) {
            var key = m.group(2);
            var value = key.equals("uniq") ? Long.toString(UNIQUE.incrementAndGet())
                    : (m.group(1).isEmpty() ? plain : foreign).get(key);
            m.appendReplacement(out, value);
        }
        m.appendTail(out);
        return out.toString();
    }
}
