package io.relais.knowledge.web;

import io.relais.knowledge.KbRecords.ArticleFilter;
import io.relais.knowledge.KbSearch;
import io.relais.knowledge.KbFiles;
import io.relais.knowledge.KbReads;
import io.relais.common.InvalidInputException;
import io.relais.common.SafeDownloads;
import io.relais.security.Actor;
import org.springframework.http.ResponseEntity;
import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.RequestParam;

/**
 * Help for customers (the start of the portal): public articles for every client and those of their own
 * organization, searchable; never an internal article, never another client's.
 */
@Controller
class CustomerHelpController {
    private final KbReads kb;
    private final KbFiles files;
    private final KbSearch search;
    private final KbHtml html;

    CustomerHelpController(KbReads kb, KbFiles files, KbSearch search, KbHtml html) {
        this.html = html;
        this.kb = kb;
        this.files = files;
        this.search = search;
    }

    @GetMapping("/my/help")
    String list(@RequestParam(defaultValue = "") String q, @RequestParam(defaultValue = "0") int page, Actor actor, Model model) {
        try {
            model.addAttribute("results", search.search(actor, ArticleFilter.words(q), page));
        } catch (InvalidInputException e) {
            model.addAttribute("problems", e.fields());
        }
        model.addAttribute("q", q);
        model.addAttribute("page", page);
        return "knowledge/help";
    }

    @GetMapping("/my/help/{id}")
    String show(@PathVariable long id, Actor actor, Model model) {
        var article = kb.require(actor, id);
        model.addAttribute("article", article);
        model.addAttribute("articleHtml", html.customer(article.body()));
        model.addAttribute("translations", kb.translations(actor, id));
        return "knowledge/help-article";
    }

    @GetMapping("/my/help/files/{fileId}")
    ResponseEntity<byte[]> file(@PathVariable long fileId, Actor actor) {
        var file = files.file(actor, fileId);
        return SafeDownloads.serve(file.filename(), file.contentType(), file.content(), true, null, 300);
    }
}
