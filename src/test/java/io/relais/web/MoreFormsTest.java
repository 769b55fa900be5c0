package io.relais.web;

import static io.relais.web.FormReading.field;
import static io.relais.web.FormReading.beside;
import static io.relais.web.FormReading.value;
import static io.relais.web.FormReading.form;
import static org.assertj.core.api.Assertions.assertThat;

import io.relais.Fixtures;
import io.relais.IntegrationTest;
import io.relais.WebSession;
import io.relais.mail.MailTemplatesAdmin;
import io.relais.security.Actor;
import io.relais.security.Role;
import io.relais.sla.ContractCalendars;
import io.relais.sla.SlaCalendars;
import io.relais.ticket.TicketSettings;
import java.time.DayOfWeek;
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
 * The other forms refused over real HTTP, as a browser posts them (calendar, categories, notification texts, the
 * new-ticket page, SLA policies naming what does not exist, the error page; forms on other pages: PageFormsTest):
 * the page comes back (422) with what the person typed and each problem beside its field in the page's language,
 * and nothing was saved.
 */
class MoreFormsTest extends IntegrationTest {
    private static final String FR = "fr-FR,fr;q=0.9";
    private static final String EN = "en-GB,en;q=0.9";

    @LocalServerPort int port;
    @Autowired JdbcClient jdbc;
    @Autowired SlaCalendars slaCalendars;
    @Autowired ContractCalendars contractCalendars;
    @Autowired TicketSettings settings;
    @Autowired MailTemplatesAdmin templates;

    private record Admin(WebSession session, Actor actor) {}

    private Admin admin(String language) throws Exception {
        var n = System.nanoTime();
        var p = fixtures.agent("More forms admin " + n, "more-forms-" + n + "@relais.example", Role.ADMIN, Set.of());
        return new Admin(new WebSession("http://localhost:" + port, language).signIn(p.login(), Fixtures.PASSWORD), p.actor());
    }





    private long newCalendar(Admin admin, String name) {
        var week = new java.util.EnumMap<DayOfWeek, java.util.List<io.relais.sla.BusinessCalendar.Range>>(DayOfWeek.class);
        week.put(DayOfWeek.MONDAY, java.util.List.of(io.relais.sla.BusinessCalendar.Range.of("09:00", "18:00")));
        return slaCalendars.createCalendar(admin.actor(), new SlaCalendars.CalendarForm(name, "Europe/Paris", week));
    }

    // ---- the SLA calendar

    @Test
    void aRefusedWeekKeepsWhatWasTypedAndSaysWhyBesideTheDayInFrench() throws Exception {
        var admin = admin(FR);
        var name = "Bureau de Lyon " + System.nanoTime();
        var id = newCalendar(admin, name);
        var path = "/admin/sla/calendars/" + id;
        var fields = new LinkedHashMap<String, String>();
        fields.put("name", name + " renommé");
        fields.put("zone", "Europe/Paris");
        fields.put("hours_MONDAY", "08:00-12:00, 14:00-18:00");
        fields.put("hours_TUESDAY", "9h-18h");
        var answer = admin.session().post(path, fields, path);
        assertThat(answer.statusCode()).isEqualTo(422);
        var page = Jsoup.parse(answer.body());
        var week = form(page, path);
        assertThat(value(week, "name")).isEqualTo(name + " renommé");
        assertThat(value(week, "hours_MONDAY")).isEqualTo("08:00-12:00, 14:00-18:00");
        assertThat(value(week, "hours_TUESDAY")).isEqualTo("9h-18h");
        assertThat(beside(week, "hours_TUESDAY")).isEqualTo("des heures telles que 08:00-12:30, 13:30-19:00");
        assertThat(beside(week, "hours_MONDAY")).isNull();
        assertThat(field(week, "hours_TUESDAY").attr("aria-describedby")).isEqualTo("problem-hours_TUESDAY");
        assertThat(beside(form(page, path + "/days"), "name")).as("the other form's field of the same name").isNull();
        assertThat(page.select(".notice.error li")).isEmpty();
        var stored = slaCalendars.calendar(id).orElseThrow();
        assertThat(stored.name()).isEqualTo(name);
        assertThat(stored.hours(DayOfWeek.MONDAY)).isEqualTo("09:00–18:00");
    }

    @Test
    void theWeekAsThePageShowsItIsSavedAgainUnchanged() throws Exception {
        var admin = admin(EN);
        var id = newCalendar(admin, "As shown " + System.nanoTime());
        var path = "/admin/sla/calendars/" + id;
        var week = form(Jsoup.parse(admin.session().get(path, false).body()), path);
        var fields = new LinkedHashMap<String, String>();
        for (var input : week.select("input[name]:not([type=hidden])")) {
            fields.put(input.attr("name"), input.val());
        }
        assertThat(fields).containsEntry("hours_MONDAY", "09:00-18:00");
        var answer = admin.session().post(path, fields, path);
        assertThat(answer.statusCode()).isEqualTo(200);
        assertThat(answer.uri().getPath()).isEqualTo(path);
        assertThat(slaCalendars.calendar(id).orElseThrow().hours(DayOfWeek.MONDAY)).isEqualTo("09:00–18:00");
    }

    @Test
    void aRefusedOpeningKeepsWhatWasTypedBesideItsOwnFormInEnglish() throws Exception {
        var admin = admin(EN);
        var name = "Openings " + System.nanoTime();
        var id = newCalendar(admin, name);
        var path = "/admin/sla/calendars/" + id;
        var answer = admin.session().post(path + "/days", Map.of("kind", "OPENING", "from", "2026-12-24", "yearly", "true",
                "hours", "the morning", "name", "Christmas Eve desk"), path);
        assertThat(answer.statusCode()).isEqualTo(422);
        var page = Jsoup.parse(answer.body());
        var day = form(page, path + "/days");
        assertThat(value(day, "name")).isEqualTo("Christmas Eve desk");
        assertThat(value(day, "hours")).isEqualTo("the morning");
        assertThat(value(day, "from")).isEqualTo("2026-12-24");
        assertThat(day.selectFirst("option[value=OPENING]").hasAttr("selected")).isTrue();
        assertThat(day.selectFirst("input[name=yearly]").hasAttr("checked")).isTrue();
        assertThat(beside(day, "hours")).isEqualTo("the hours of the opening, e.g. 09:00-13:00");
        var week = form(page, path);
        assertThat(value(week, "name")).as("the week's form, as stored").isEqualTo(name);
        assertThat(beside(week, "name")).isNull();
        assertThat(slaCalendars.calendar(id).orElseThrow().days()).isEmpty();
    }

    // ---- ticket categories

    @Test
    void aRefusedCategoryEditKeepsWhatWasTypedAndSaysWhyBesideTheFieldInFrench() throws Exception {
        var admin = admin(FR);
        var n = System.nanoTime();
        var category = settings.saveCategory(admin.actor(), null, null, "Printers " + n, "Imprimantes " + n, 5, true);
        var fields = new LinkedHashMap<String, String>();
        fields.put("id", String.valueOf(category.id()));
        fields.put("parentId", "");
        fields.put("nameEn", "Printers and scanners " + n);
        fields.put("nameFr", " ");
        fields.put("position", "7");
        var answer = admin.session().post("/admin/categories", fields, "/admin/categories?edit=" + category.id());
        assertThat(answer.statusCode()).isEqualTo(422);
        var form = form(Jsoup.parse(answer.body()), "/admin/categories");
        assertThat(form.selectFirst("input[type=hidden][name=id]").val()).isEqualTo(String.valueOf(category.id()));
        assertThat(value(form, "nameEn")).isEqualTo("Printers and scanners " + n);
        assertThat(value(form, "position")).isEqualTo("7");
        assertThat(form.selectFirst("input[name=active]").hasAttr("checked")).as("unticked as posted").isFalse();
        assertThat(beside(form, "nameFr")).isEqualTo("obligatoire, 100 caractères au plus");
        assertThat(beside(form, "nameEn")).isNull();
        assertThat(settings.categories()).filteredOn(c -> c.id() == category.id()).singleElement()
                .satisfies(c -> assertThat(c.nameEn()).isEqualTo("Printers " + n))
                .satisfies(c -> assertThat(c.position()).isEqualTo(5))
                .satisfies(c -> assertThat(c.active()).isTrue());
    }

    // ---- notification texts

    @Test
    void aRefusedNotificationTextKeepsWhatWasTypedInItsOwnFormInFrench() throws Exception {
        var admin = admin(FR);
        var subject = "Nouveau sujet " + System.nanoTime();
        var answer = admin.session().post("/admin/mail/templates", Map.of("key", "ACKNOWLEDGEMENT", "language", "fr",
                "subject", subject, "body", "  "), "/admin/mail/templates");
        assertThat(answer.statusCode()).isEqualTo(422);
        var page = Jsoup.parse(answer.body());
        var refused = page.selectFirst("form#template-ACKNOWLEDGEMENT-fr");
        assertThat(value(refused, "subject")).isEqualTo(subject);
        assertThat(beside(refused, "body")).isEqualTo("obligatoire, 20000 caractères au plus");
        assertThat(field(refused, "body").attr("aria-describedby")).isEqualTo(refused.selectFirst(".field-problem").id());
        assertThat(beside(refused, "subject")).isNull();
        var other = page.selectFirst("form#template-ACKNOWLEDGEMENT-en");
        assertThat(value(other, "subject")).isNotEqualTo(subject);
        assertThat(other.select(".field-problem")).isEmpty();
        assertThat(templates.all(admin.actor())).filteredOn(t -> t.key().equals("ACKNOWLEDGEMENT") && t.language().equals("fr"))
                .singleElement().satisfies(t -> assertThat(t.subject()).isNotEqualTo(subject));
    }

    // ---- the new-ticket page

    @Test
    void aRefusedQuickContactKeepsWhatWasTypedAndSaysWhyBesideTheFieldInFrench() throws Exception {
        var t = fixtures.tenant("QuickForm");
        var session = new WebSession("http://localhost:" + port, FR).signIn(t.agent().login(), Fixtures.PASSWORD);
        var name = "Paul Martin " + System.nanoTime();
        var fields = new LinkedHashMap<String, String>();
        fields.put("organizationId", String.valueOf(t.organizationId()));
        fields.put("name", name);
        fields.put("email", "pas-une-adresse");
        fields.put("phone", "+33 6 12 34 56 78");
        fields.put("language", "en");
        var answer = session.post("/contacts", fields, "/tickets/new");
        assertThat(answer.statusCode()).isEqualTo(422);
        var page = Jsoup.parse(answer.body());
        var form = form(page, "/contacts");
        assertThat(page.selectFirst("details.quick-contact").hasAttr("open")).isTrue();
        assertThat(value(form, "name")).isEqualTo(name);
        assertThat(value(form, "email")).isEqualTo("pas-une-adresse");
        assertThat(value(form, "phone")).isEqualTo("+33 6 12 34 56 78");
        assertThat(form.selectFirst("select[name=language] option[selected]").val()).isEqualTo("en");
        assertThat(form.selectFirst("select[name=organizationId] option[selected]").val()).isEqualTo(String.valueOf(t.organizationId()));
        assertThat(beside(form, "email")).isEqualTo("n'est pas une adresse e-mail");
        assertThat(beside(form, "name")).isNull();
        assertThat(form(page, "/tickets").select(".field-problem")).isEmpty();
        assertThat(jdbc.sql("select count(*) from contact where name = ?").param(name).query(Integer.class).single()).isZero();
    }

    @Test
    void aRefusedNewTicketKeepsWhatWasTypedAndSaysWhyBesideTheFieldInFrench() throws Exception {
        var t = fixtures.tenant("NewForm");
        var session = new WebSession("http://localhost:" + port, FR).signIn(t.agent().login(), Fixtures.PASSWORD);
        var subject = "Imprimante bloquée " + System.nanoTime();
        var fields = new LinkedHashMap<String, String>();
        fields.put("requesterId", String.valueOf(t.customer().id()));
        fields.put("subject", subject);
        fields.put("description", "Bourrage papier au deuxième étage");
        fields.put("impact", "DEPARTMENT");
        fields.put("urgency", "HIGH");
        fields.put("channel", "PHONE");
        fields.put("tags", "imprimante, " + "x".repeat(41));
        var answer = session.post("/tickets", fields, "/tickets/new?requester=" + t.customer().id());
        assertThat(answer.statusCode()).isEqualTo(422);
        var form = form(Jsoup.parse(answer.body()), "/tickets");
        assertThat(value(form, "subject")).isEqualTo(subject);
        assertThat(field(form, "description").text()).isEqualTo("Bourrage papier au deuxième étage");
        assertThat(value(form, "tags")).isEqualTo("imprimante, " + "x".repeat(41));
        assertThat(form.selectFirst("select[name=impact] option[selected]").val()).isEqualTo("DEPARTMENT");
        assertThat(form.selectFirst("select[name=urgency] option[selected]").val()).isEqualTo("HIGH");
        assertThat(beside(form, "tags")).isEqualTo("une étiquette a 40 caractères au plus et pas de virgule");
        assertThat(beside(form, "subject")).isNull();
        assertThat(jdbc.sql("select count(*) from ticket where subject = ?").param(subject).query(Integer.class).single()).isZero();
    }

    // ---- SLA policies naming what does not exist

    @Test
    void aPolicyNamingAnUnknownOrganizationGroupOrCalendarIsRefusedBesideEachField() throws Exception {
        var admin = admin(FR);
        var name = "Contrat fantôme " + System.nanoTime();
        var fields = new LinkedHashMap<String, String>();
        fields.put("kind", "CUSTOMER");
        fields.put("name", name);
        fields.put("organizationId", "987654321");
        fields.put("position", "4");
        fields.put("resolution", "8h");
        fields.put("calendarId", "987654322");
        fields.put("warnPercent", "75");
        fields.put("breachActions", "REASSIGN");
        fields.put("escalationGroupId", "987654323");
        var answer = admin.session().post("/admin/sla/policies", fields, "/admin/sla/policies/new");
        assertThat(answer.statusCode()).isEqualTo(422);
        var form = form(Jsoup.parse(answer.body()), "/admin/sla/policies");
        assertThat(value(form, "name")).isEqualTo(name);
        assertThat(value(form, "resolution")).isEqualTo("8h");
        assertThat(beside(form, "organizationId")).isEqualTo("organisation inconnue");
        assertThat(beside(form, "calendarId")).isEqualTo("calendrier inconnu");
        assertThat(beside(form, "escalationGroupId")).isEqualTo("groupe inconnu");
        assertThat(jdbc.sql("select count(*) from sla_policy where name = ?").param(name).query(Integer.class).single()).isZero();
    }

    @Test
    void anOlaNamingAnUnknownGroupIsRefusedBesideTheGroup() throws Exception {
        var admin = admin(EN);
        var name = "Ghost OLA " + System.nanoTime();
        var answer = admin.session().post("/admin/sla/policies", Map.of("kind", "OLA", "name", name, "groupId", "987654324",
                "resolution", "4h", "warnPercent", "75"), "/admin/sla/policies/new?kind=OLA");
        assertThat(answer.statusCode()).isEqualTo(422);
        var form = form(Jsoup.parse(answer.body()), "/admin/sla/policies");
        assertThat(beside(form, "groupId")).isEqualTo("unknown group");
        assertThat(jdbc.sql("select count(*) from sla_policy where name = ?").param(name).query(Integer.class).single()).isZero();
    }

    // ---- the error page

    @Test
    void theErrorPageListsEachProblemWithItsFieldAndItsTextInFrench() throws Exception {
        // the SLA preview's instant is still refused with the error page (its new-calendar form, with PageFormsTest)
        var admin = admin(FR);
        var t = fixtures.tenant("ErrorPage");
        var answer = admin.session().get("/admin/sla?org=" + t.organizationId() + "&priority=P1&at=demain", false);
        assertThat(answer.statusCode()).isEqualTo(422);
        var items = Jsoup.parse(answer.body()).select("section li").eachText();
        assertThat(items).contains("Ouvert le: une date et une heure, par ex. 2026-11-24T09:30");
    }
}
