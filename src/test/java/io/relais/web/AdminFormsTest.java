package io.relais.web;

import static org.assertj.core.api.Assertions.assertThat;

import io.relais.Fixtures;
import io.relais.IntegrationTest;
import io.relais.WebSession;
import io.relais.security.Role;
import java.net.http.HttpResponse;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;
import org.jsoup.Jsoup;
import org.jsoup.nodes.Document;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.jdbc.core.simple.JdbcClient;

/**
 * Administration forms refused over real HTTP, as a browser posts them: the page comes back (422) with what the
 * person typed, and each problem beside its field, in the page's language.
 */
class AdminFormsTest extends IntegrationTest {
    @LocalServerPort int port;
    @Autowired JdbcClient jdbc;

    private WebSession admin(String language) throws Exception {
        var n = System.nanoTime();
        var p = fixtures.agent("Forms admin " + n, "forms-admin-" + n + "@relais.example", Role.ADMIN, Set.of());
        return new WebSession("http://localhost:" + port, language).signIn(p.login(), Fixtures.PASSWORD);
    }

    /** The text shown beside the field named {@code name} (inside its label), or null. */
    private static String beside(Document page, String name) {
        var control = page.selectFirst("form[method=post]:not(.lang) [name=" + name + "]:not([type=hidden])");
        assertThat(control).as("the field " + name).isNotNull();
        var problem = control.parent().selectFirst(".field-problem");
        return problem == null ? null : problem.text();
    }

    private static String value(Document page, String name) {
        return page.selectFirst("form[method=post]:not(.lang) [name=" + name + "]:not([type=hidden])").val();
    }

    private HttpResponse<String> contact(WebSession session, long organizationId, String name, String email) throws Exception {
        var fields = new LinkedHashMap<String, String>();
        fields.put("organizationId", String.valueOf(organizationId));
        fields.put("name", name);
        fields.put("email", email);
        fields.put("phone", "+33 1 23 45 67 89");
        fields.put("otherEmails", "standard@forms.example");
        fields.put("language", "en");
        fields.put("vip", "true");
        return session.post("/admin/contacts", fields, "/admin/contacts");
    }

    @Test
    void aRefusedContactKeepsWhatWasTypedAndSaysWhyBesideTheFieldInFrench() throws Exception {
        var t = fixtures.tenant("FormsFr");
        var answer = contact(admin("fr-FR,fr;q=0.9"), t.organizationId(), "Jeanne Dupont", "pas-une-adresse");
        assertThat(answer.statusCode()).isEqualTo(422);
        var page = Jsoup.parse(answer.body());
        assertThat(value(page, "name")).isEqualTo("Jeanne Dupont");
        assertThat(value(page, "email")).isEqualTo("pas-une-adresse");
        assertThat(value(page, "phone")).isEqualTo("+33 1 23 45 67 89");
        assertThat(value(page, "otherEmails")).isEqualTo("standard@forms.example");
        assertThat(page.selectFirst("input[name=vip]").hasAttr("checked")).isTrue();
        assertThat(page.selectFirst("select[name=language] option[selected]").val()).isEqualTo("en");
        assertThat(beside(page, "email")).isEqualTo("n'est pas une adresse e-mail");
        assertThat(beside(page, "name")).isNull();
        assertThat(page.select(".notice.error li")).as("no problem left in a list away from its field").isEmpty();
        assertThat(jdbc.sql("select count(*) from contact where name = 'Jeanne Dupont'").query(Integer.class).single()).isZero();
    }

    @Test
    void aRefusedContactSaysWhyBesideTheFieldInEnglish() throws Exception {
        var t = fixtures.tenant("FormsEn");
        var answer = contact(admin("en-GB,en;q=0.9"), t.organizationId(), "", "jane@formsen.example");
        assertThat(answer.statusCode()).isEqualTo(422);
        var page = Jsoup.parse(answer.body());
        assertThat(value(page, "email")).isEqualTo("jane@formsen.example");
        assertThat(beside(page, "name")).isEqualTo("required, at most 200 characters");
        assertThat(beside(page, "email")).isNull();
    }

    private static Map<String, String> mailbox(String name, String host, String port, String poll) {
        var fields = new LinkedHashMap<String, String>();
        fields.put("name", name);
        fields.put("address", "forms-" + System.nanoTime() + "@relais.test");
        fields.put("displayName", "Forms desk");
        fields.put("inboundProtocol", "IMAPS");
        fields.put("inboundHost", host);
        fields.put("inboundPort", port);
        fields.put("inboundUser", "");
        fields.put("inboundPassword", "typed-secret");
        fields.put("inboundFolder", "Support");
        fields.put("pollSeconds", poll);
        fields.put("outboundSecurity", "NONE");
        fields.put("active", "true");
        return fields;
    }

    @Test
    void aRefusedMailboxKeepsWhatWasTypedButNeverThePassword() throws Exception {
        var session = admin("fr-FR,fr;q=0.9");
        var answer = session.post("/admin/mailboxes", mailbox("Support formulaires", "bad host!", "99999", "30"), "/admin/mailboxes/new");
        assertThat(answer.statusCode()).isEqualTo(422);
        var page = Jsoup.parse(answer.body());
        assertThat(value(page, "name")).isEqualTo("Support formulaires");
        assertThat(value(page, "inboundHost")).isEqualTo("bad host!");
        assertThat(value(page, "inboundPort")).isEqualTo("99999");
        assertThat(value(page, "inboundFolder")).isEqualTo("Support");
        assertThat(value(page, "pollSeconds")).isEqualTo("30");
        assertThat(value(page, "inboundPassword")).isEmpty();
        assertThat(answer.body()).doesNotContain("typed-secret");
        assertThat(beside(page, "inboundHost")).isEqualTo("un nom d'hôte ou une adresse");
        assertThat(beside(page, "inboundPort")).isEqualTo("entre 1 et 65535");
        assertThat(beside(page, "inboundUser")).isEqualTo("nécessaire pour relever le courrier");
        assertThat(jdbc.sql("select count(*) from mailbox where name = 'Support formulaires'").query(Integer.class).single()).isZero();
    }

    @Test
    void aNumberThatIsNoNumberIsRefusedBesideItsFieldWithTheRestKept() throws Exception {
        var session = admin("en");
        var answer = session.post("/admin/mailboxes", mailbox("Forms numbers", "imap.forms.example", "993", "often"), "/admin/mailboxes/new");
        assertThat(answer.statusCode()).isEqualTo(422);
        var page = Jsoup.parse(answer.body());
        assertThat(beside(page, "pollSeconds")).isEqualTo("not a valid value");
        assertThat(value(page, "name")).isEqualTo("Forms numbers");
        assertThat(value(page, "inboundHost")).isEqualTo("imap.forms.example");
    }

    @Test
    void aRefusedPolicyKeepsTheTargetsAsTypedWithTheProblemBesideIt() throws Exception {
        var t = fixtures.tenant("FormsSla");
        var fields = new LinkedHashMap<String, String>();
        fields.put("kind", "CUSTOMER");
        fields.put("name", "Contrat Lyon " + t.organizationId());
        fields.put("organizationId", String.valueOf(t.organizationId()));
        fields.put("position", "3");
        fields.put("priorities", "P1");
        fields.put("firstResponse", "4 heures");
        fields.put("resolution", "2d");
        fields.put("warnPercent", "beaucoup");
        var answer = admin("fr-FR,fr;q=0.9").post("/admin/sla/policies", fields, "/admin/sla/policies/new");
        assertThat(answer.statusCode()).isEqualTo(422);
        var page = Jsoup.parse(answer.body());
        assertThat(value(page, "name")).isEqualTo("Contrat Lyon " + t.organizationId());
        assertThat(value(page, "firstResponse")).isEqualTo("4 heures");
        assertThat(value(page, "resolution")).isEqualTo("2d");
        assertThat(value(page, "position")).isEqualTo("3");
        assertThat(value(page, "warnPercent")).isEqualTo("beaucoup");
        assertThat(page.selectFirst("input[name=priorities][value=P1]").hasAttr("checked")).isTrue();
        assertThat(beside(page, "firstResponse")).isEqualTo("une durée telle que 30m, 4h, 1h30 ou 2d (en temps ouvré)");
        assertThat(beside(page, "warnPercent")).isEqualTo("un nombre entier");
        assertThat(beside(page, "resolution")).isNull();
    }
}
