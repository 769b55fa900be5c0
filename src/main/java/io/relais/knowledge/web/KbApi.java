package io.relais.knowledge.web;

import io.relais.knowledge.KbRecords.ArticleFilter;
import io.relais.knowledge.KbRecords.ArticleForm;
import io.relais.knowledge.KbRecords.ArticlePage;
import io.relais.knowledge.KbRecords.ArticleView;
import io.relais.knowledge.KbRecords.Diff;
import io.relais.knowledge.KbRecords.Kind;
import io.relais.knowledge.KbRecords.Verdict;
import io.relais.knowledge.KbRecords.VersionContent;
import io.relais.knowledge.KbRecords.VersionView;
import io.relais.knowledge.KbEditor;
import io.relais.knowledge.KbFeedback;
import io.relais.knowledge.KbReads;
import io.relais.knowledge.KbSearch;
import io.relais.knowledge.KbVersions;
import io.relais.security.Actor;
import java.util.List;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.PutMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.ResponseStatus;
import org.springframework.web.bind.annotation.RestController;

/**
 * The knowledge base in the REST API. Agents read, write, compare and restore; customers read the public
 * articles of every client and of their own organization (the same rule as the pages).
 */
@RestController
@RequestMapping(path = "/api/v1/kb", produces = MediaType.APPLICATION_JSON_VALUE)
class KbApi {
    private final KbReads kb;
    private final KbEditor editor;
    private final KbVersions versions;
    private final KbFeedback feedback;
    private final KbSearch search;
    private final KbHtml html;

    KbApi(KbReads kb, KbEditor editor, KbVersions versions, KbFeedback feedback, KbSearch search, KbHtml html) {
        this.kb = kb;
        this.editor = editor;
        this.versions = versions;
        this.feedback = feedback;
        this.search = search;
        this.html = html;
    }

    record FeedbackBody(Verdict verdict, String comment) {}

    /** With an {@code html} field: the text rendered and sanitised, as the pages show it. */
    record ArticleBody(ArticleView article, String html) {}

    @GetMapping("/articles")
    ArticlePage list(@RequestParam(defaultValue = "") String q, @RequestParam(required = false) Kind kind,
                     @RequestParam(required = false) String language, @RequestParam(required = false) Long category,
                     @RequestParam(required = false) String tag, @RequestParam(defaultValue = "false") boolean stale,
                     @RequestParam(defaultValue = "0") int page, Actor actor) {
        return search.search(actor, new ArticleFilter(q, kind, language, category, tag, stale, false), page);
    }

    @GetMapping("/articles/{id}")
    ArticleBody get(@PathVariable long id, Actor actor) {
        var article = kb.require(actor, id);
        return new ArticleBody(article, (actor.isAgent() ? html.agent(article.body()) : html.customer(article.body())).value());
    }

    @PostMapping(path = "/articles", consumes = MediaType.APPLICATION_JSON_VALUE)
    @ResponseStatus(HttpStatus.CREATED)
    ArticleView create(@RequestBody ArticleForm form, Actor actor) {
        return editor.create(actor, form);
    }

    @PutMapping(path = "/articles/{id}", consumes = MediaType.APPLICATION_JSON_VALUE)
    ArticleView update(@PathVariable long id, @RequestBody ArticleForm form, Actor actor) {
        return editor.update(actor, id, form);
    }

    @GetMapping("/articles/{id}/versions")
    List<VersionView> versions(@PathVariable long id, Actor actor) {
        actor.requireAgent();
        return versions.versions(actor, id);
    }

    @GetMapping("/articles/{id}/versions/{version}")
    VersionContent version(@PathVariable long id, @PathVariable int version, Actor actor) {
        actor.requireAgent();
        return versions.version(actor, id, version);
    }

    @GetMapping("/articles/{id}/diff")
    Diff diff(@PathVariable long id, @RequestParam int from, @RequestParam int to, Actor actor) {
        actor.requireAgent();
        return versions.diff(actor, id, from, to);
    }

    @PostMapping("/articles/{id}/restore/{version}")
    ArticleView restore(@PathVariable long id, @PathVariable int version, Actor actor) {
        return versions.restore(actor, id, version);
    }

    @PostMapping(path = "/articles/{id}/feedback", consumes = MediaType.APPLICATION_JSON_VALUE)
    ArticleView feedback(@PathVariable long id, @RequestBody FeedbackBody body, Actor actor) {
        return feedback.feedback(actor, id, body.verdict(), body.comment());
    }
}
