package io.relais.web;

import static io.relais.web.FormReading.form;
import static io.relais.web.FormReading.field;
import static io.relais.web.FormReading.beside;
import static io.relais.web.FormReading.value;
import static io.relais.web.FormReading.chosen;
import static org.assertj.core.api.Assertions.assertThat;

import io.relais.Fixtures;
import io.relais.IntegrationTest;
import io.relais.WebSession;
import io.relais.knowledge.KbEditor;
import io.relais.knowledge.KbReads;
import io.relais.knowledge.KbRecords.ArticleForm;
import io.relais.knowledge.KbRecords.Kind;
import io.relais.knowledge.KbRecords.Visibility;
import io.relais.security.Actor;
import io.relais.security.Role;
import io.relais.sla.ContractCalendars;
import io.relais.sla.SlaCalendars;
import io.relais.ticket.TicketReads;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;
import org.jsoup.Jsoup;
import org.jsoup.nodes.Document;
import org.jsoup.nodes.Element;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.jdbc.core.simple.JdbcClient;

/**
 * The forms of pages that are not forms pages, refused over real HTTP as a browser posts them (the ticket's fields
 * and call log, the SLA overview's new calendar and client calendars, the KB article's verdict and the editor's
 * file): the page comes back (422) with what the person typed, why beside the field in the page's language, and
 * nothing saved.
 */
class PageFormsTest extends IntegrationTest {
    private static final String FR = "fr-FR,fr;q=0.9";
    private static final String EN = "en-GB,en;q=0.9";
    private static final Actor SYSTEM = Actor.system("page forms");

    @LocalServerPort int port;
    @Autowired JdbcClient jdbc;
    @Autowired TicketReads tickets;
    @Autowired SlaCalendars slaCalendars;
    @Autowired ContractCalendars contractCalendars;
    @Autowired KbEditor editor;
    @Autowired KbReads kb;

    private WebSession session(Fixtures.Person p, String language) throws Exception {
        return new WebSession("http://localhost:" + port, language).signIn(p.login(), Fixtures.PASSWORD);
    }

    private Fixtures.Person admin() {
        var n = System.nanoTime();
        return fixtures.agent("Page forms " + n, "page-forms-" + n + "@relais.example", Role.ADMIN, Set.of());
    }






    /** What the form posts as the page shows it: its inputs and each list's chosen option. */
    private static Map<String, String> asShown(Element form) {
        var fields = new LinkedHashMap<String, String>();
        for (var input : form.select("input[name]:not([type=checkbox]):not([name=_csrf])")) {
            fields.put(input.attr("name"), input.val());
        }
        for (var select : form.select("select[name]")) {
            var option = select.selectFirst("option[selected]");
            fields.put(select.attr("name"), (option != null ? option : select.selectFirst("option")).val());
        }
        return fields;
    }

    // ---- the ticket page

    @Test
    void aRefusedTicketEditKeepsWhatWasTypedAndSaysWhyBesideTheTagsInFrench() throws Exception {
        var t = fixtures.tenant("PageFields");
        var agent = session(t.agent(), FR);
        var path = "/tickets/" + t.ticketId();
        var before = tickets.require(t.agent().actor(), t.ticketId());
        var fields = asShown(form(Jsoup.parse(agent.get(path, false).body()), path + "/fields"));
        var impact = before.impact().name().equals("DEPARTMENT") ? "ORGANIZATION" : "DEPARTMENT";
        fields.put("impact", impact);
        fields.put("tags", "imprimante, " + "x".repeat(41));
        var answer = agent.post(path + "/fields", fields, path);
        assertThat(answer.statusCode()).isEqualTo(422);
        var page = Jsoup.parse(answer.body());
        var form = form(page, path + "/fields");
        assertThat(value(form, "tags")).isEqualTo("imprimante, " + "x".repeat(41));
        assertThat(chosen(form, "impact")).as("the impact as chosen, not as stored").isEqualTo(impact);
        assertThat(beside(form, "tags")).isEqualTo("une étiquette a 40 caractères au plus et pas de virgule");
        assertThat(field(form, "tags").attr("aria-describedby")).isEqualTo(form.selectFirst(".field-problem").id());
        assertThat(beside(form, "impact")).isNull();
        assertThat(form.select(".notice.error li")).as("no problem left in a list away from its field").isEmpty();
        assertThat(page.text()).doesNotContain("tags: ");
        var after = tickets.require(t.agent().actor(), t.ticketId());
        assertThat(after.impact()).isEqualTo(before.impact());
        assertThat(after.tags()).isEqualTo(before.tags());
        assertThat(after.version()).isEqualTo(before.version());
    }

    @Test
    void aRefusedCallLogKeepsWhatWasTypedAndSaysWhyBesideTheMinutesInEnglish() throws Exception {
        var t = fixtures.tenant("PageCall");
        var agent = session(t.agent(), EN);
        var path = "/tickets/" + t.ticketId();
        var summary = "Called back about the printer " + System.nanoTime() + "\nIt prints again.";
        var fields = new LinkedHashMap<String, String>();
        fields.put("direction", "OUTBOUND");
        fields.put("number", "+33 1 23 45 67 89");
        fields.put("minutes", "1500");
        fields.put("summary", summary);
        fields.put("shared", "true");
        var answer = agent.postMultipart(path + "/call", fields, Map.of("files", Map.entry("", new byte[0])), path);
        assertThat(answer.statusCode()).isEqualTo(422);
        var page = Jsoup.parse(answer.body());
        assertThat(page.selectFirst("details#call").hasAttr("open")).isTrue();
        var form = form(page, path + "/call");
        assertThat(chosen(form, "direction")).isEqualTo("OUTBOUND");
        assertThat(value(form, "number")).isEqualTo("+33 1 23 45 67 89");
        assertThat(value(form, "minutes")).isEqualTo("1500");
        assertThat(value(form, "summary")).isEqualTo(summary);
        assertThat(form.selectFirst("input[name=shared]").hasAttr("checked")).isTrue();
        assertThat(beside(form, "minutes")).isEqualTo("between 0 and 1440");
        assertThat(beside(form, "summary")).isNull();
        assertThat(form.select(".notice.error li")).isEmpty();
        assertThat(tickets.conversation(t.agent().actor(), t.ticketId()))
                .noneSatisfy(a -> assertThat(a.body()).contains("Called back about the printer"));
    }

    // ---- the SLA overview

    @Test
    void aRefusedNewCalendarKeepsWhatWasTypedAndSaysWhyBesideTheZoneInFrench() throws Exception {
        var admin = session(admin(), FR);
        var name = "Bureau de Nantes " + System.nanoTime();
        var answer = admin.post("/admin/sla/calendars", Map.of("name", name, "zone", "Europe/Nantes"), "/admin/sla");
        assertThat(answer.statusCode()).isEqualTo(422);
        var page = Jsoup.parse(answer.body());
        var form = form(page, "/admin/sla/calendars");
        assertThat(value(form, "name")).isEqualTo(name);
        assertThat(value(form, "zone")).isEqualTo("Europe/Nantes");
        assertThat(beside(form, "zone")).isEqualTo("un fuseau horaire tel que Europe/Paris");
        assertThat(beside(form, "name")).isNull();
        assertThat(page.select(".notice.error li")).isEmpty();
        assertThat(slaCalendars.calendars()).noneMatch(c -> c.name().equals(name));
    }

    @Test
    void aRefusedClientCalendarSaysWhyBesideItsOwnRowInEnglish() throws Exception {
        var admin = session(admin(), EN);
        var t = fixtures.tenant("PageContract");
        var other = fixtures.tenant("PageContractOther");
        var shown = chosen(row(Jsoup.parse(admin.get("/admin/sla", false).body()), other.organizationId()), "calendarId");
        var answer = admin.post("/admin/sla/organizations", Map.of("organizationId", String.valueOf(t.organizationId()),
                "calendarId", "987654326"), "/admin/sla");
        assertThat(answer.statusCode()).isEqualTo(422);
        var page = Jsoup.parse(answer.body());
        var refused = row(page, t.organizationId());
        assertThat(beside(refused, "calendarId")).isEqualTo("unknown calendar");
        assertThat(field(refused, "calendarId").attr("aria-describedby")).isEqualTo(refused.selectFirst(".field-problem").id());
        assertThat(chosen(refused, "calendarId")).as("no calendar shown as if it were saved").isEmpty();
        var otherRow = row(page, other.organizationId());
        assertThat(otherRow.select(".field-problem")).isEmpty();
        assertThat(chosen(otherRow, "calendarId")).isEqualTo(shown);
        assertThat(page.select(".notice.error li")).isEmpty();
        assertThat(contractCalendars.organizationCalendars()).doesNotContainKey(t.organizationId());
    }

    /** The client-calendar form of an organization's row. */
    private static Element row(Document page, long organizationId) {
        var form = page.selectFirst("form[action=\"/admin/sla/organizations\"]:has(input[name=organizationId][value=\""
                + organizationId + "\"])");
        assertThat(form).as("the row of organization " + organizationId).isNotNull();
        return form;
    }

    // ---- the knowledge base

    private long article(String title) {
        return editor.create(SYSTEM, new ArticleForm("fr", Kind.ARTICLE, null, title, "1. Redémarrer le spouleur", "",
                Visibility.INTERNAL, Set.of(), null, Set.of(), null, null)).id();
    }

    @Test
    void aRefusedVerdictKeepsTheCommentAndSaysWhyBesideItInFrench() throws Exception {
        var id = article("Spouleur bloqué " + System.nanoTime());
        var agent = session(admin(), FR);
        var comment = "L'étape 3 a changé : " + "x".repeat(1000);
        var answer = agent.post("/kb/" + id + "/feedback", Map.of("verdict", "OUTDATED", "comment", comment), "/kb/" + id);
        assertThat(answer.statusCode()).isEqualTo(422);
        var page = Jsoup.parse(answer.body());
        var form = form(page, "/kb/" + id + "/feedback");
        assertThat(value(form, "comment")).isEqualTo(comment);
        assertThat(beside(form, "comment")).isEqualTo("1000 caractères au plus");
        assertThat(page.select(".notice.error li")).isEmpty();
        assertThat(page.title()).startsWith("Spouleur bloqué");
        assertThat(kb.require(SYSTEM, id).outdated()).isZero();
        assertThat(jdbc.sql("select count(*) from kb_feedback where article_id = ?").param(id).query(Integer.class).single()).isZero();
    }

    @Test
    void anEmptyFileIsRefusedBesideTheFileFieldInEnglish() throws Exception {
        var id = article("Driver " + System.nanoTime());
        var agent = session(admin(), EN);
        var edit = "/kb/" + id + "/edit";
        var answer = agent.postMultipart("/kb/" + id + "/files", Map.of(), Map.of("file", Map.entry("", new byte[0])), edit);
        assertThat(answer.statusCode()).isEqualTo(422);
        var page = Jsoup.parse(answer.body());
        var form = form(page, "/kb/" + id + "/files");
        assertThat(beside(form, "file")).isEqualTo("a file to attach");
        assertThat(page.select(".notice.error li")).isEmpty();
        assertThat(jdbc.sql("select count(*) from kb_file where article_id = ?").param(id).query(Integer.class).single()).isZero();
    }
}
