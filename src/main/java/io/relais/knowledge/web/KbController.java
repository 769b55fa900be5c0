package io.relais.knowledge.web;

import io.relais.common.InvalidInputException;
import io.relais.common.SafeDownloads;
import io.relais.directory.Directory;
import io.relais.knowledge.KbRecords.ArticleFilter;
import io.relais.knowledge.KbRecords.ArticleForm;
import io.relais.knowledge.KbRecords.Kind;
import io.relais.knowledge.KbRecords.Verdict;
import io.relais.knowledge.KbRecords.Visibility;
import io.relais.knowledge.KbSearch;
import io.relais.knowledge.KnowledgeBase;
import io.relais.security.Actor;
import io.relais.ticket.TicketCommands.Upload;
import io.relais.ticket.TicketReads;
import java.io.IOException;
import java.util.HashMap;
import java.util.Map;
import java.util.Set;
import org.springframework.http.ResponseEntity;
import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.multipart.MultipartFile;
import org.springframework.web.servlet.mvc.support.RedirectAttributes;

/**
 * The knowledge base for agents: the list (search, filters, stale first), an article with its versions,
 * translations, files, tickets and feedback; the editor; the diff between two versions; the panel of a
 * ticket (suggested articles, those used to solve it, "write an article from this ticket").
 */
@Controller
class KbController {
    private final KnowledgeBase kb;
    private final KbSearch search;
    private final Directory directory;
    private final TicketReads tickets;
    private final KbHtml html;

    KbController(KnowledgeBase kb, KbSearch search, Directory directory, TicketReads tickets, KbHtml html) {
        this.html = html;
        this.kb = kb;
        this.search = search;
        this.directory = directory;
        this.tickets = tickets;
    }

    record EditForm(String language, Kind kind, Long categoryId, String title, String body, String tags, Visibility visibility,
                    Set<Long> organizationIds, Long translationOf, Set<Long> sourceTicketIds, String comment,
                    Integer expectedVersion) {
        ArticleForm toForm() {
            return new ArticleForm(language, kind, categoryId, title, body, tags, visibility, organizationIds, translationOf,
                    sourceTicketIds, comment, expectedVersion);
        }
    }

    @GetMapping("/kb")
    String list(@RequestParam(defaultValue = "") String q, @RequestParam(required = false) Kind kind,
                @RequestParam(required = false) String language, @RequestParam(required = false) Long category,
                @RequestParam(required = false) String tag, @RequestParam(defaultValue = "false") boolean stale,
                @RequestParam(defaultValue = "false") boolean archived, @RequestParam(defaultValue = "0") int page,
                Actor actor, Model model) {
        actor.requireAgent();
        var filter = new ArticleFilter(q, kind, language, category, tag, stale, archived);
        try {
            model.addAttribute("results", search.search(actor, filter, page));
        } catch (InvalidInputException e) {
            model.addAttribute("problems", e.fields());
        }
        model.addAttribute("filter", filter);
        model.addAttribute("page", page);
        model.addAttribute("categories", kb.categories());
        return "knowledge/list";
    }

    @PostMapping("/kb/categories")
    String createCategory(@RequestParam(defaultValue = "") String nameFr, @RequestParam(defaultValue = "") String nameEn,
                          Actor actor, RedirectAttributes redirect) {
        kb.createCategory(actor, nameFr, nameEn);
        redirect.addFlashAttribute("saved", true);
        return "redirect:/kb";
    }

    @GetMapping("/kb/{id}")
    String show(@PathVariable long id, Actor actor, Model model) {
        actor.requireAgent();
        var article = kb.require(actor, id);
        model.addAttribute("article", article);
        model.addAttribute("articleHtml", html.agent(article.body()));
        model.addAttribute("translations", kb.translations(actor, id));
        model.addAttribute("versions", kb.versions(actor, id));
        model.addAttribute("files", kb.files(actor, id));
        model.addAttribute("articleTickets", kb.ticketsOf(actor, id));
        model.addAttribute("feedbacks", kb.feedbacks(actor, id));
        model.addAttribute("organizationNames", organizationNames(actor));
        model.addAttribute("category", kb.categories().stream().filter(c -> c.id() == (article.categoryId() == null ? -1 : article.categoryId()))
                .findFirst().orElse(null));
        return "knowledge/show";
    }

    @GetMapping("/kb/new")
    String create(@RequestParam(required = false) Long fromTicket, @RequestParam(required = false) Long translationOf,
                  Actor actor, Model model) {
        actor.requireAgent();
        ArticleForm form;
        if (fromTicket != null) {
            form = kb.draftFromTicket(actor, fromTicket);
            model.addAttribute("sourceTicket", tickets.require(actor, fromTicket));
        } else if (translationOf != null) {
            var original = kb.require(actor, translationOf);
            var other = "fr".equals(original.language()) ? "en" : "fr";
            form = new ArticleForm(other, original.kind(), original.categoryId(), original.title(), original.body(),
                    String.join(", ", original.tags()), original.visibility(), Set.copyOf(original.organizationIds()), translationOf,
                    Set.of(), null, null);
            model.addAttribute("original", original);
        } else {
            form = new ArticleForm(actor.language(), Kind.ARTICLE, null, "", "", "", Visibility.INTERNAL, Set.of(), null, Set.of(),
                    null, null);
        }
        return editor(actor, model, null, form);
    }

    @PostMapping("/kb")
    String save(EditForm form, Actor actor, Model model, RedirectAttributes redirect) {
        try {
            var article = kb.create(actor, form.toForm());
            redirect.addFlashAttribute("saved", true);
            return "redirect:/kb/" + article.id();
        } catch (InvalidInputException e) {
            model.addAttribute("problems", e.fields());
            return editor(actor, model, null, form.toForm());
        }
    }

    @GetMapping("/kb/{id}/edit")
    String edit(@PathVariable long id, Actor actor, Model model) {
        actor.requireAgent();
        var article = kb.require(actor, id);
        return editor(actor, model, article.id(), article.toForm());
    }

    @PostMapping("/kb/{id}")
    String update(@PathVariable long id, EditForm form, Actor actor, Model model, RedirectAttributes redirect) {
        try {
            kb.update(actor, id, form.toForm());
            redirect.addFlashAttribute("saved", true);
            return "redirect:/kb/" + id;
        } catch (InvalidInputException e) {
            model.addAttribute("problems", e.fields());
            return editor(actor, model, id, form.toForm());
        }
    }

    private String editor(Actor actor, Model model, Long id, ArticleForm form) {
        model.addAttribute("articleId", id);
        model.addAttribute("form", form);
        model.addAttribute("categories", kb.categories());
        model.addAttribute("organizations", directory.organizations(actor));
        model.addAttribute("kinds", Kind.values());
        model.addAttribute("visibilities", Visibility.values());
        if (id != null) {
            model.addAttribute("files", kb.files(actor, id));
        }
        return "knowledge/edit";
    }

    @PostMapping("/kb/{id}/files")
    String attach(@PathVariable long id, @RequestParam("file") MultipartFile file, Actor actor, RedirectAttributes redirect)
            throws IOException {
        var saved = kb.attach(actor, id, new Upload(file.getOriginalFilename(), file.getContentType(), file.getBytes()));
        redirect.addFlashAttribute("attached", saved);
        return "redirect:/kb/" + id + "/edit";
    }

    @GetMapping("/kb/files/{fileId}")
    ResponseEntity<byte[]> file(@PathVariable long fileId, Actor actor) {
        var file = kb.file(actor, fileId);
        return SafeDownloads.serve(file.filename(), file.contentType(), file.content(), true, null, 300);
    }

    @GetMapping("/kb/{id}/diff")
    String diff(@PathVariable long id, @RequestParam int from, @RequestParam int to, Actor actor, Model model) {
        actor.requireAgent();
        model.addAttribute("article", kb.require(actor, id));
        model.addAttribute("diff", kb.diff(actor, id, from, to));
        model.addAttribute("versions", kb.versions(actor, id));
        return "knowledge/diff";
    }

    @GetMapping("/kb/{id}/versions/{version}")
    String version(@PathVariable long id, @PathVariable int version, Actor actor, Model model) {
        actor.requireAgent();
        model.addAttribute("article", kb.require(actor, id));
        var content = kb.version(actor, id, version);
        model.addAttribute("old", content); // not "content": the layout names its fragment so
        model.addAttribute("articleHtml", html.agent(content.body()));
        return "knowledge/version";
    }

    @PostMapping("/kb/{id}/restore/{version}")
    String restore(@PathVariable long id, @PathVariable int version, Actor actor, RedirectAttributes redirect) {
        kb.restore(actor, id, version);
        redirect.addFlashAttribute("saved", true);
        return "redirect:/kb/" + id;
    }

    @PostMapping("/kb/{id}/archive")
    String archive(@PathVariable long id, @RequestParam(defaultValue = "true") boolean archived, Actor actor,
                   RedirectAttributes redirect) {
        kb.archive(actor, id, archived);
        redirect.addFlashAttribute("saved", true);
        return "redirect:/kb/" + id;
    }

    @PostMapping("/kb/{id}/feedback")
    String feedback(@PathVariable long id, @RequestParam Verdict verdict, @RequestParam(required = false) String comment,
                    Actor actor, RedirectAttributes redirect) {
        kb.feedback(actor, id, verdict, comment);
        redirect.addFlashAttribute("thanked", true);
        return "redirect:/kb/" + id;
    }

    // ---- the ticket page's panel

    @GetMapping("/kb/ticket/{ticketId}")
    String ticketPanel(@PathVariable long ticketId, Actor actor, Model model) {
        actor.requireAgent();
        var ticket = tickets.require(actor, ticketId);
        var onTicket = kb.onTicket(actor, ticketId);
        var used = onTicket.used().stream().map(r -> r.id()).toList();
        model.addAttribute("ticket", ticket);
        model.addAttribute("knowledge", onTicket);
        model.addAttribute("suggested", search.suggest(actor, ticket.subject(), ticket.description(), ticket.organization().id(), 5).stream()
                .filter(r -> !used.contains(r.id())).toList());
        return "knowledge/ticket-panel :: panel";
    }

    @PostMapping("/kb/ticket/{ticketId}/used")
    String used(@PathVariable long ticketId, @RequestParam long articleId, @RequestParam(defaultValue = "true") boolean used,
                Actor actor, Model model) {
        if (used) {
            kb.markUsed(actor, articleId, ticketId);
        } else {
            kb.unmarkUsed(actor, articleId, ticketId);
        }
        return ticketPanel(ticketId, actor, model);
    }

    private Map<Long, String> organizationNames(Actor actor) {
        var names = new HashMap<Long, String>();
        directory.organizations(actor).forEach(o -> names.put(o.id(), o.name()));
        return names;
    }
}
