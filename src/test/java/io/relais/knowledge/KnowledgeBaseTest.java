package io.relais.knowledge;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.springframework.security.test.web.servlet.request.SecurityMockMvcRequestPostProcessors.csrf;
import static org.springframework.security.test.web.servlet.request.SecurityMockMvcRequestPostProcessors.user;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.get;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.post;

import io.relais.Fixtures;
import io.relais.IntegrationTest;
import io.relais.common.ConflictException;
import io.relais.common.InvalidInputException;
import io.relais.common.NotFoundException;
import io.relais.knowledge.KbRecords.ArticleFilter;
import io.relais.knowledge.KbRecords.ArticleForm;
import io.relais.knowledge.KbRecords.DiffOp;
import io.relais.knowledge.KbRecords.Kind;
import io.relais.knowledge.KbRecords.Verdict;
import io.relais.knowledge.KbRecords.Visibility;
import io.relais.security.internal.AccountPrincipal;
import io.relais.ticket.TicketCommands.NewMessage;
import io.relais.ticket.TicketCommands.Upload;
import io.relais.ticket.TicketService;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.test.web.servlet.MockMvc;

class KnowledgeBaseTest extends IntegrationTest {
    @Autowired KbReads reads;
    @Autowired KbEditor editor;
    @Autowired KbVersions versions;
    @Autowired KbFeedback feedback;
    @Autowired KbTickets kbTickets;
    @Autowired KbFiles files;
    @Autowired KbSearch search;
    @Autowired TicketService tickets;
    @Autowired MockMvc mvc;
    @LocalServerPort int port;

    private static ArticleForm form(String title, String body, Visibility visibility, Set<Long> orgs) {
        return new ArticleForm("fr", Kind.PROCEDURE, null, title, body, "imprimante, réseau", visibility, orgs, null, Set.of(), null, null);
    }

    @Test
    void everySaveIsAVersionThatCanBeComparedAndRestored() {
        var a = fixtures.tenant("Versions");
        var agent = a.agent().actor();
        var article = editor.create(agent, form("Imprimante hors ligne", "1. Vérifier le câble\n2. Redémarrer l'imprimante\n",
                Visibility.INTERNAL, Set.of()));
        assertThat(article.version()).isEqualTo(1);
        var v2 = editor.update(agent, article.id(), new ArticleForm("fr", Kind.PROCEDURE, null, "Imprimante hors ligne",
                "1. Vérifier le câble réseau\n2. Redémarrer l'imprimante\n3. Réinstaller le pilote\n", "imprimante, réseau",
                Visibility.PUBLIC, Set.of(), null, Set.of(), "étape 3 ajoutée", 1));
        assertThat(v2.version()).isEqualTo(2);
        // saving what is already there makes no version
        assertThat(editor.update(agent, article.id(), v2.toForm()).version()).isEqualTo(2);
        // a save based on an old version is refused, not silently merged
        assertThatThrownBy(() -> editor.update(agent, article.id(), new ArticleForm("fr", Kind.PROCEDURE, null, "Autre", "texte", "",
                Visibility.INTERNAL, Set.of(), null, Set.of(), null, 1))).isInstanceOf(ConflictException.class);

        var diff = versions.diff(agent, article.id(), 1, 2);
        assertThat(diff.body()).contains(new KbRecords.DiffLine(DiffOp.REMOVED, "1. Vérifier le câble"),
                new KbRecords.DiffLine(DiffOp.ADDED, "1. Vérifier le câble réseau"),
                new KbRecords.DiffLine(DiffOp.SAME, "2. Redémarrer l'imprimante"),
                new KbRecords.DiffLine(DiffOp.ADDED, "3. Réinstaller le pilote"));
        assertThat(diff.changed()).containsExactly("visibility");
        assertThat(diff.to().comment()).isEqualTo("étape 3 ajoutée");

        var restored = versions.restore(agent, article.id(), 1);
        assertThat(restored.version()).isEqualTo(3);
        assertThat(restored.body()).isEqualTo("1. Vérifier le câble\n2. Redémarrer l'imprimante\n");
        assertThat(restored.visibility()).isEqualTo(Visibility.INTERNAL);
        assertThat(versions.versions(agent, article.id())).extracting(KbRecords.VersionView::version).containsExactly(3, 2, 1);
        assertThat(versions.versions(agent, article.id()).get(0).comment()).isEqualTo("Restored version 1");
        assertThat(versions.diff(agent, article.id(), 2, 3).body()).contains(new KbRecords.DiffLine(DiffOp.REMOVED, "3. Réinstaller le pilote"));
        // customers never read versions (an earlier one may have been internal)
        assertThatThrownBy(() -> versions.versions(a.customer().actor(), article.id())).isInstanceOf(io.relais.common.ForbiddenException.class);
    }

    @Test
    void anArticleRestrictedToOneClientIsInvisibleToAnotherInSearchPagesAndApi() throws Exception {
        var a = fixtures.tenant("KbA");
        var b = fixtures.tenant("KbB");
        var secret = "zkbsecret" + Long.toString(System.nanoTime(), 36);
        var restricted = editor.create(a.agent().actor(), form("Procédure " + secret + " du client A",
                "Redémarrer le serveur " + secret + " puis vérifier le service.", Visibility.PUBLIC, Set.of(a.organizationId())));
        var internal = editor.create(a.agent().actor(), form("Note interne " + secret, "Mot de passe du routeur " + secret,
                Visibility.INTERNAL, Set.of()));
        var file = files.attach(a.agent().actor(), restricted.id(), new Upload("schema.png", "image/png", new byte[] {(byte) 0x89, 'P', 'N', 'G'}));

        // search: B's customer and manager find nothing, not even a count; B's agent only the internal note for every client
        for (var person : List.of(b.customer(), b.manager())) {
            var page = search.search(person.actor(), ArticleFilter.words(secret), 0);
            assertThat(page.total()).as(person.login()).isZero();
            assertThat(page.rows()).isEmpty();
        }
        assertThat(search.search(b.agent().actor(), ArticleFilter.words(secret), 0).rows())
                .extracting(KbRecords.ArticleRow::id).containsExactly(internal.id());
        // A's customer finds the public one only; A's agent both
        assertThat(search.search(a.customer().actor(), ArticleFilter.words(secret), 0).rows())
                .extracting(KbRecords.ArticleRow::id).containsExactly(restricted.id());
        assertThat(search.search(a.agent().actor(), ArticleFilter.words(secret), 0).total()).isEqualTo(2);

        // pages
        var bAgent = principal(b.agent(), "AGENT");
        var bCustomer = principal(b.customer(), "CUSTOMER");
        var aCustomer = principal(a.customer(), "CUSTOMER");
        assertThat(status(get("/kb/" + restricted.id()), bAgent)).isEqualTo(404);
        assertThat(status(get("/my/help/" + restricted.id()), bCustomer)).isEqualTo(404);
        assertThat(status(get("/my/help/files/" + file.id()), bCustomer)).isEqualTo(404);
        assertThat(status(get("/kb/files/" + file.id()), bAgent)).isEqualTo(404);
        assertThat(status(get("/my/help/" + internal.id()), aCustomer)).isEqualTo(404);
        assertThat(mvc.perform(get("/my/help").param("q", secret).with(user(bCustomer))).andReturn().getResponse()
                .getContentAsString()).doesNotContain(secret + " du client");
        var aHelp = mvc.perform(get("/my/help/" + restricted.id()).with(user(aCustomer))).andReturn().getResponse();
        assertThat(aHelp.getStatus()).isEqualTo(200);
        assertThat(aHelp.getContentAsString()).contains("Redémarrer le serveur " + secret);
        assertThat(status(get("/my/help/files/" + file.id()), aCustomer)).isEqualTo(200);
        // nor may B's agent edit it, nor restrict an article to A
        assertThat(status(post("/kb/" + restricted.id()).param("title", "x").param("body", "y").with(csrf()), bAgent)).isEqualTo(404);
        assertThatThrownBy(() -> editor.create(b.agent().actor(), form("Vol", "texte", Visibility.PUBLIC, Set.of(a.organizationId()))))
                .isInstanceOf(InvalidInputException.class).hasMessageContaining("cannot be saved");

        // API
        var http = HttpClient.newHttpClient();
        for (var person : List.of(b.agent(), b.customer())) {
            var one = http.send(api("/api/v1/kb/articles/" + restricted.id(), person), HttpResponse.BodyHandlers.ofString());
            assertThat(one.statusCode()).isEqualTo(404);
            var list = http.send(api("/api/v1/kb/articles?q=" + secret, person), HttpResponse.BodyHandlers.ofString());
            assertThat(list.body()).doesNotContain("du client A").doesNotContain("\"id\":" + restricted.id() + ",");
        }
        assertThat(http.send(api("/api/v1/kb/articles?q=" + secret, b.customer()), HttpResponse.BodyHandlers.ofString()).body())
                .contains("\"total\":0");
        var mine = http.send(api("/api/v1/kb/articles/" + restricted.id(), a.customer()), HttpResponse.BodyHandlers.ofString());
        assertThat(mine.statusCode()).isEqualTo(200);
        assertThat(mine.body()).contains("\"html\"").contains(secret);
        // restricted to A and B: A's customer reads it, and learns nothing of B
        var shared = editor.create(a.agent().actor(), form("Partagé " + secret, "Texte " + secret, Visibility.PUBLIC,
                Set.of(a.organizationId())));
        editor.update(io.relais.security.Actor.system("admin"), shared.id(), new ArticleForm("fr", Kind.PROCEDURE, null, shared.title(),
                shared.body(), "", Visibility.PUBLIC, Set.of(a.organizationId(), b.organizationId()), null, Set.of(), null, null));
        assertThat(reads.require(a.customer().actor(), shared.id()).organizationIds()).containsExactly(a.organizationId());
        assertThat(reads.require(a.agent().actor(), shared.id()).organizationIds()).containsExactly(a.organizationId());
        assertThat(http.send(api("/api/v1/kb/articles/" + internal.id(), a.customer()), HttpResponse.BodyHandlers.ofString())
                .statusCode()).isEqualTo(404);
    }

    @Test
    void markdownIsRenderedSafelyAndFilesPointWhereTheReaderReads() throws Exception {
        var a = fixtures.tenant("Markdown");
        var agent = a.agent().actor();
        var article = editor.create(agent, form("Écran noir", "texte provisoire", Visibility.PUBLIC, Set.of()));
        var image = files.attach(agent, article.id(), new Upload("écran.png", "image/png", new byte[] {1, 2, 3}));
        var svg = files.attach(agent, article.id(), new Upload("x.svg", "image/svg+xml",
                "<svg xmlns='http://www.w3.org/2000/svg'><script>alert(1)</script></svg>".getBytes(StandardCharsets.UTF_8)));
        editor.update(agent, article.id(), new ArticleForm("fr", Kind.ARTICLE, null, "Écran noir", """
                ## Étapes
                <script>alert('x')</script>
                <img src=x onerror=alert(1)>

                [piège](javascript:alert(1)) et [doc](https://docs.example/page)
                ![capture](file:%d) ![pisteur](https://tracker.example/p.png)

                | a | b |
                |---|---|
                | 1 | 2 |
                """.formatted(image.id()), "", Visibility.PUBLIC, Set.of(), null, Set.of(), null, null));
        var page = mvc.perform(get("/kb/" + article.id()).with(user(principal(a.agent(), "AGENT")))).andReturn().getResponse()
                .getContentAsString();
        assertThat(page).contains("<h2>Étapes</h2>").contains("&lt;script&gt;").doesNotContain("<script>alert")
                .doesNotContain("onerror=alert").doesNotContain("javascript:").contains("<p>piège et <a").contains("href=\"https://docs.example/page\"")
                .contains("src=\"/kb/files/" + image.id() + "\"").doesNotContain("tracker.example/p.png\"").contains("<table>");
        var help = mvc.perform(get("/my/help/" + article.id()).with(user(principal(a.customer(), "CUSTOMER")))).andReturn()
                .getResponse().getContentAsString();
        assertThat(help).contains("src=\"/my/help/files/" + image.id() + "\"").doesNotContain("/kb/files/");
        // an SVG is a download, never a page
        var served = mvc.perform(get("/kb/files/" + svg.id()).with(user(principal(a.agent(), "AGENT")))).andReturn().getResponse();
        assertThat(served.getContentType()).isEqualTo("application/octet-stream");
        assertThat(served.getHeader("Content-Disposition")).startsWith("attachment");
        assertThat(served.getHeader("X-Content-Type-Options")).isEqualTo("nosniff");
    }

    @Test
    void anArticleWrittenFromATicketKeepsItsSourceAndFeedbackSurfacesStaleArticles() throws Exception {
        var a = fixtures.tenant("FromTicket");
        var agent = a.agent().actor();
        tickets.addMessage(a.ticketId(), new NewMessage("Remplacez le toner puis relancez le spouleur.", false, List.of()), agent);
        var draft = kbTickets.draftFromTicket(agent, a.ticketId());
        assertThat(draft.title()).startsWith("Printer ");
        assertThat(draft.body()).contains("## Problem").contains("The printer " + a.secretWord() + " is down")
                .contains("## Solution").contains("Remplacez le toner puis relancez le spouleur.");
        assertThat(draft.sourceTicketIds()).containsExactly(a.ticketId());
        var article = editor.create(agent, draft);
        assertThat(kbTickets.onTicket(agent, a.ticketId()).writtenFrom()).extracting(KbRecords.ArticleRef::id).containsExactly(article.id());
        assertThat(kbTickets.ticketsOf(agent, article.id()).sources()).extracting(h -> h.id()).containsExactly(a.ticketId());

        // the article helped solve the other ticket: both show it, and the article counts it (once)
        kbTickets.markUsed(agent, article.id(), a.otherTicketId());
        kbTickets.markUsed(agent, article.id(), a.otherTicketId());
        assertThat(kbTickets.onTicket(agent, a.otherTicketId()).used()).extracting(KbRecords.ArticleRef::id).containsExactly(article.id());
        assertThat(reads.require(agent, article.id()).used()).isEqualTo(1);
        // another client's agent cannot record a use on A's ticket
        var b = fixtures.tenant("FromTicketB");
        assertThatThrownBy(() -> kbTickets.markUsed(b.agent().actor(), article.id(), a.ticketId())).isInstanceOf(NotFoundException.class);

        // the ticket page's panel offers it, and "write an article from this ticket"
        var panel = mvc.perform(get("/kb/ticket/" + a.otherTicketId()).with(user(principal(a.agent(), "AGENT")))).andReturn()
                .getResponse().getContentAsString();
        assertThat(panel).contains("/kb/" + article.id()).contains("/kb/new?fromTicket=" + a.otherTicketId());

        // two agents find it outdated, one helpful: it is stale and comes first in "flagged outdated"
        var fresh = editor.create(agent, form("Toner " + a.secretWord(), "Changer le toner.", Visibility.INTERNAL, Set.of()));
        var second = fixtures.agent("Second " + System.nanoTime(), "second" + System.nanoTime() + "@relais.example",
                io.relais.security.Role.AGENT, Set.of(a.groupId()));
        feedback.feedback(agent, article.id(), Verdict.HELPED, null);
        feedback.feedback(agent, article.id(), Verdict.OUTDATED, "le spouleur n'existe plus");
        feedback.feedback(second.actor(), article.id(), Verdict.OUTDATED, null);
        var viewed = reads.require(agent, article.id());
        assertThat(viewed.helped()).isZero();
        assertThat(viewed.outdated()).isEqualTo(2);
        assertThat(viewed.stale()).isTrue();
        var stale = search.search(agent, new ArticleFilter("", null, null, null, null, true, false), 0);
        assertThat(stale.rows()).extracting(KbRecords.ArticleRow::id).contains(article.id()).doesNotContain(fresh.id());
        assertThat(feedback.feedbacks(agent, article.id())).extracting(KbRecords.FeedbackView::comment).contains("le spouleur n'existe plus");
    }

    @Test
    void aCustomerWritingARequestIsOfferedTheirPublicArticlesAndCanSendIt() throws Exception {
        var a = fixtures.tenant("Typing");
        var b = fixtures.tenant("TypingB");
        var word = "zbadge" + Long.toString(System.nanoTime(), 36);
        var mine = editor.create(a.agent().actor(), form("Badge " + word + " refusé au portique", "Réactiver le badge " + word
                + " à l'accueil.", Visibility.PUBLIC, Set.of(a.organizationId())));
        var theirs = editor.create(b.agent().actor(), form("Badge " + word + " chez B", "Procédure " + word + " de B.", Visibility.PUBLIC,
                Set.of(b.organizationId())));
        var internal = editor.create(a.agent().actor(), form("Badge " + word + " interne", "Note " + word, Visibility.INTERNAL, Set.of()));
        var customer = principal(a.customer(), "CUSTOMER");
        var hints = mvc.perform(get("/my/hints").param("subject", "mon badge " + word).param("description", "refusé au portique")
                .with(user(customer))).andReturn().getResponse().getContentAsString();
        assertThat(hints).contains("/my/help/" + mine.id()).doesNotContain("/my/help/" + theirs.id())
                .doesNotContain("/my/help/" + internal.id());
        assertThat(status(post("/my/tickets").param("subject", "Badge " + word).param("description", "refusé"), customer))
                .as("no CSRF token").isEqualTo(403);
        var sent = mvc.perform(post("/my/tickets").param("subject", "Badge " + word).param("description", "refusé").with(csrf())
                .with(user(customer))).andReturn().getResponse();
        assertThat(sent.getStatus()).isEqualTo(302);
        assertThat(sent.getRedirectedUrl()).startsWith("/my/tickets/");
        assertThat(status(post("/my/tickets").param("subject", " ").with(csrf()), customer)).isEqualTo(422);
    }

    @Test
    void translationsAreLinkedAndOneLanguageHasOneArticle() {
        var a = fixtures.tenant("Translate");
        var agent = a.agent().actor();
        var fr = editor.create(agent, form("Réinitialiser son mot de passe", "Cliquer sur « mot de passe oublié ».", Visibility.PUBLIC, Set.of()));
        var en = editor.create(agent, new ArticleForm("en", Kind.PROCEDURE, null, "Reset your password", "Click \"forgot password\".", "",
                Visibility.PUBLIC, Set.of(), fr.id(), Set.of(), null, null));
        assertThat(en.familyId()).isEqualTo(fr.familyId());
        assertThat(reads.translations(agent, fr.id())).extracting(KbRecords.Translation::id).containsExactly(en.id());
        assertThatThrownBy(() -> editor.create(agent, new ArticleForm("en", Kind.PROCEDURE, null, "Again", "text", "",
                Visibility.PUBLIC, Set.of(), fr.id(), Set.of(), null, null))).isInstanceOf(InvalidInputException.class);
        // stemming in both languages finds them
        assertThat(search.search(agent, ArticleFilter.words("passwords"), 0).rows()).extracting(KbRecords.ArticleRow::id).contains(en.id());
        assertThat(search.search(agent, ArticleFilter.words("oubliés"), 0).rows()).extracting(KbRecords.ArticleRow::id).contains(fr.id());
    }

    private int status(org.springframework.test.web.servlet.request.MockHttpServletRequestBuilder request, AccountPrincipal who)
            throws Exception {
        return mvc.perform(request.with(user(who))).andReturn().getResponse().getStatus();
    }

    private static AccountPrincipal principal(Fixtures.Person p, String role) {
        return "AGENT".equals(role)
                ? new AccountPrincipal(p.accountId(), p.login(), null, p.id(), null, "en", "AGENT", true)
                : new AccountPrincipal(p.accountId(), p.login(), null, null, p.id(), "en", "CUSTOMER", true);
    }

    private HttpRequest api(String path, Fixtures.Person person) {
        return HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + path))
                .header("Authorization", "Bearer " + person.token()).build();
    }
}
