package io.relais.web;

import static io.relais.web.FormReading.field;
import static io.relais.web.FormReading.beside;
import static io.relais.web.FormReading.value;
import static org.assertj.core.api.Assertions.assertThat;

import io.relais.Fixtures;
import io.relais.IntegrationTest;
import io.relais.WebSession;
import io.relais.knowledge.CheckRecords.NodeForm;
import io.relais.knowledge.CheckRecords.NodeKind;
import io.relais.knowledge.CheckRecords.TreeForm;
import io.relais.knowledge.CheckTreeEditor;
import io.relais.knowledge.KbEditor;
import io.relais.knowledge.KbReads;
import io.relais.knowledge.KbRecords.ArticleForm;
import io.relais.knowledge.KbRecords.Kind;
import io.relais.knowledge.KbRecords.Visibility;
import io.relais.security.Actor;
import io.relais.security.Role;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;
import org.jsoup.Jsoup;
import org.jsoup.nodes.Element;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.jdbc.core.simple.JdbcClient;

/**
 * The knowledge base's editor and the guided-check editor refused over real HTTP, as a browser posts them: the page
 * comes back (422, 409 when someone saved meanwhile) with what the person typed, each problem beside its field in the
 * page's language, and nothing saved.
 */
class KnowledgeFormsTest extends IntegrationTest {
    private static final String FR = "fr-FR,fr;q=0.9";
    private static final String EN = "en-GB,en;q=0.9";
    private static final Actor SYSTEM = Actor.system("knowledge forms");

    @LocalServerPort int port;
    @Autowired JdbcClient jdbc;
    @Autowired KbEditor editor;
    @Autowired KbReads reads;
    @Autowired CheckTreeEditor checks;

    private WebSession admin(String language) throws Exception {
        var n = System.nanoTime();
        var p = fixtures.agent("KB forms " + n, "kb-forms-" + n + "@relais.example", Role.ADMIN, Set.of());
        return new WebSession("http://localhost:" + port, language).signIn(p.login(), Fixtures.PASSWORD);
    }

    /** The form of the page whose action ends with {@code action}. */
    private static Element form(String html, String action) {
        var form = Jsoup.parse(html).selectFirst("form[method=post][action$=" + action + "]");
        assertThat(form).as("the form posting to " + action).isNotNull();
        return form;
    }




    private static Map<String, String> article(String title, String body) {
        var fields = new LinkedHashMap<String, String>();
        fields.put("language", "fr");
        fields.put("kind", "PROCEDURE");
        fields.put("title", title);
        fields.put("body", body);
        fields.put("tags", "imprimante, étage 3");
        fields.put("visibility", "INTERNAL");
        return fields;
    }

    private int articlesWith(String word) {
        return jdbc.sql("select count(*) from kb_article where body like :w").param("w", "%" + word + "%").query(Integer.class).single();
    }

    // ---- the knowledge base's editor

    @Test
    void aRefusedArticleKeepsWhatWasTypedAndSaysWhyBesideTheFieldInFrench() throws Exception {
        var word = "zkbfr" + System.nanoTime();
        var fields = article("Imprimante du 3e étage " + word, "1. Vérifier le câble " + word + "\n2. Redémarrer\n");
        fields.put("categoryId", "987654321");
        fields.put("comment", "x".repeat(501));
        var answer = admin(FR).post("/kb", fields, "/kb/new");
        assertThat(answer.statusCode()).isEqualTo(422);
        var form = form(answer.body(), "/kb");
        assertThat(value(form, "title")).isEqualTo("Imprimante du 3e étage " + word);
        assertThat(value(form, "body")).isEqualTo("1. Vérifier le câble " + word + "\n2. Redémarrer\n");
        assertThat(value(form, "tags")).isEqualTo("imprimante, étage 3");
        assertThat(form.selectFirst("select[name=kind] option[selected]").val()).isEqualTo("PROCEDURE");
        assertThat(beside(form, "categoryId")).isEqualTo("une catégorie de la base de connaissances");
        assertThat(beside(form, "comment")).isEqualTo("500 caractères au plus");
        assertThat(beside(form, "title")).isNull();
        assertThat(Jsoup.parse(answer.body()).select(".notice.error li")).as("no problem left in a list away from its field").isEmpty();
        assertThat(articlesWith(word)).isZero();
    }

    @Test
    void aRefusedArticleSaysWhyBesideTheFieldInEnglish() throws Exception {
        var word = "zkben" + System.nanoTime();
        var answer = admin(EN).post("/kb", article("   ", "Restart the spooler " + word), "/kb/new");
        assertThat(answer.statusCode()).isEqualTo(422);
        var form = form(answer.body(), "/kb");
        assertThat(value(form, "body")).isEqualTo("Restart the spooler " + word);
        assertThat(beside(form, "title")).isEqualTo("a title");
        assertThat(beside(form, "body")).isNull();
        assertThat(articlesWith(word)).isZero();
    }

    @Test
    void aRefusedEditKeepsTheTypedTextNotTheStoredOne() throws Exception {
        var stored = editor.create(SYSTEM, new ArticleForm("fr", Kind.ARTICLE, null, "Texte enregistré", "Corps enregistré",
                "", Visibility.INTERNAL, Set.of(), null, Set.of(), null, null));
        var fields = article("Titre saisi", "Corps saisi");
        fields.put("kind", "RECIPE");
        fields.put("expectedVersion", String.valueOf(stored.version()));
        var answer = admin(FR).post("/kb/" + stored.id(), fields, "/kb/" + stored.id() + "/edit");
        assertThat(answer.statusCode()).isEqualTo(422);
        var form = form(answer.body(), "/kb/" + stored.id());
        assertThat(value(form, "title")).isEqualTo("Titre saisi");
        assertThat(value(form, "body")).isEqualTo("Corps saisi");
        assertThat(beside(form, "kind")).isEqualTo("valeur non valide");
        var reread = reads.require(SYSTEM, stored.id());
        assertThat(reread.title()).isEqualTo("Texte enregistré");
        assertThat(reread.body()).isEqualTo("Corps enregistré");
        assertThat(reread.version()).isEqualTo(stored.version());
    }

    @Test
    void aSaveOverALaterVersionIsAConflictThatKeepsTheTypedText() throws Exception {
        var first = editor.create(SYSTEM, new ArticleForm("fr", Kind.PROCEDURE, null, "Badge refusé", "1. Réactiver le badge",
                "", Visibility.INTERNAL, Set.of(), null, Set.of(), null, null));
        var session = admin(FR);
        var page = "/kb/" + first.id() + "/edit"; // the editor opened on version 1, then someone saves version 2
        var second = editor.update(Actor.system("Marc"), first.id(), new ArticleForm("fr", Kind.PROCEDURE, null, "Badge refusé",
                "1. Réactiver le badge\n2. Vérifier le lecteur", "", Visibility.INTERNAL, Set.of(), null, Set.of(), null,
                first.version()));
        var fields = article("Badge refusé au portique", "1. Réactiver le badge\n2. Changer la pile du lecteur");
        fields.put("kind", "PROCEDURE");
        fields.put("expectedVersion", String.valueOf(first.version()));
        var answer = session.post("/kb/" + first.id(), fields, page);
        assertThat(answer.statusCode()).isEqualTo(409);
        var form = form(answer.body(), "/kb/" + first.id());
        assertThat(value(form, "title")).isEqualTo("Badge refusé au portique");
        assertThat(value(form, "body")).isEqualTo("1. Réactiver le badge\n2. Changer la pile du lecteur");
        assertThat(Jsoup.parse(answer.body()).select(".notice.error").text())
                .contains("La version " + second.version() + " a été enregistrée par Marc pendant que vous modifiiez la version "
                        + first.version());
        var reread = reads.require(SYSTEM, first.id());
        assertThat(reread.version()).isEqualTo(second.version());
        assertThat(reread.body()).isEqualTo("1. Réactiver le badge\n2. Vérifier le lecteur");
    }

    // ---- the guided-check editor

    @Test
    void aRefusedNewCheckKeepsItsTitleAndSaysWhyInFrench() throws Exception {
        var title = "Vérification " + System.nanoTime() + " " + "très longue ".repeat(20);
        var answer = admin(FR).post("/admin/checks", Map.of("title", title, "language", "fr"), "/admin/checks");
        assertThat(answer.statusCode()).isEqualTo(422);
        var form = form(answer.body(), "/admin/checks");
        assertThat(value(form, "title")).isEqualTo(title);
        assertThat(beside(form, "title")).isEqualTo("un titre de 1 à 200 caractères");
        assertThat(jdbc.sql("select count(*) from check_tree where title like :t").param("t", title.substring(0, 30) + "%")
                .query(Integer.class).single()).isZero();
    }

    @Test
    void aRefusedCheckKeepsWhatWasTypedAndSaysWhyBesideTheFieldInEnglish() throws Exception {
        var tree = checks.createTree(SYSTEM, new TreeForm("Stored check " + System.nanoTime(), "en", "stored", null, true));
        var fields = Map.of("title", "Typed check title", "language", "en", "description", "typed description",
                "categoryId", "987654321", "active", "true");
        var answer = admin(EN).post("/admin/checks/" + tree, fields, "/admin/checks/" + tree);
        assertThat(answer.statusCode()).isEqualTo(422);
        var form = form(answer.body(), "/admin/checks/" + tree);
        assertThat(value(form, "title")).isEqualTo("Typed check title");
        assertThat(value(form, "description")).isEqualTo("typed description");
        assertThat(beside(form, "categoryId")).isEqualTo("a ticket category");
        assertThat(beside(form, "title")).isNull();
        assertThat(checks.tree(SYSTEM, tree).tree().title()).startsWith("Stored check ");
        assertThat(checks.tree(SYSTEM, tree).tree().description()).isEqualTo("stored");
    }

    @Test
    void aRefusedStepKeepsItsTextAndSaysWhyBesideItsFieldOnly() throws Exception {
        var tree = checks.createTree(SYSTEM, new TreeForm("Steps check " + System.nanoTime(), "fr", null, null, true));
        var node = checks.addNode(SYSTEM, tree, new NodeForm(NodeKind.QUESTION, "Question enregistrée", null, null, null, null), null);
        var session = admin(FR);

        var added = session.post("/admin/checks/" + tree + "/nodes", Map.of("kind", "BRANCH", "text", "Le câble est-il branché ?"),
                "/admin/checks/" + tree);
        assertThat(added.statusCode()).isEqualTo(422);
        var newNode = form(added.body(), "/admin/checks/" + tree + "/nodes");
        assertThat(value(newNode, "text")).isEqualTo("Le câble est-il branché ?");
        assertThat(beside(newNode, "kind")).isEqualTo("valeur non valide");
        var stored = form(added.body(), "/admin/checks/" + tree + "/nodes/" + node);
        assertThat(beside(stored, "kind")).as("only beside the form that was posted").isNull();
        assertThat(value(stored, "text")).isEqualTo("Question enregistrée");

        var edited = session.post("/admin/checks/" + tree + "/nodes/" + node, Map.of("kind", "ARTICLE", "text", "Lire l'article typé"),
                "/admin/checks/" + tree);
        assertThat(edited.statusCode()).isEqualTo(422);
        var edit = form(edited.body(), "/admin/checks/" + tree + "/nodes/" + node);
        assertThat(value(edit, "text")).isEqualTo("Lire l'article typé");
        assertThat(beside(edit, "articleId")).isEqualTo("un article de la base de connaissances");

        var view = checks.tree(SYSTEM, tree);
        assertThat(view.nodes()).hasSize(1);
        assertThat(view.nodes().get(0).text()).isEqualTo("Question enregistrée");
        assertThat(view.nodes().get(0).kind()).isEqualTo(NodeKind.QUESTION);
    }

    @Test
    void removingTheStartOfACheckIsAConflictSaidInThePagesLanguage() throws Exception {
        var tree = checks.createTree(SYSTEM, new TreeForm("Start check " + System.nanoTime(), "fr", null, null, true));
        var start = checks.addNode(SYSTEM, tree, new NodeForm(NodeKind.QUESTION, "Départ", null, null, null, null), null);
        checks.addNode(SYSTEM, tree, new NodeForm(NodeKind.QUESTION, "Suite", null, null, null, null), null);
        var answer = admin(FR).post("/admin/checks/" + tree + "/nodes/" + start + "/delete", Map.of(), "/admin/checks/" + tree);
        assertThat(answer.statusCode()).isEqualTo(409);
        assertThat(Jsoup.parse(answer.body()).select(".notice.error li").text())
                .isEqualTo("La vérification commence ici : faites d'abord d'une autre étape le départ.");
        assertThat(checks.tree(SYSTEM, tree).nodes()).hasSize(2);
    }
}
