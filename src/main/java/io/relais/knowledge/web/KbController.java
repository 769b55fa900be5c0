package io.relais.knowledge.web;

import io.relais.common.FormPosts;
import io.relais.common.InvalidInputException;
import io.relais.common.SafeDownloads;
import io.relais.directory.Directory;
import io.relais.knowledge.KbEditor;
import io.relais.knowledge.KbFeedback;
import io.relais.knowledge.KbFiles;
import io.relais.knowledge.KbReads;
import io.relais.knowledge.KbRecords.ArticleFilter;
import io.relais.knowledge.KbRecords.Kind;
import io.relais.knowledge.KbRecords.Verdict;
import io.relais.knowledge.KbRecords.Visibility;
import io.relais.knowledge.KbSearch;
import io.relais.knowledge.KbTickets;
import io.relais.knowledge.KbVersions;
import io.relais.security.Actor;
import io.relais.ticket.TicketCommands.Upload;
import io.relais.ticket.TicketReads;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.HashMap;
import java.util.Map;
import java.util.function.Supplier;
import org.springframework.http.HttpStatus;
import org.springframework.http.ResponseEntity;
import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.validation.BindingResult;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.ModelAttribute;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.multipart.MultipartFile;
import org.springframework.web.servlet.mvc.support.RedirectAttributes;

/**
 * The knowledge base for agents: the list (search, filters, stale first), an article with its versions,
 * translations, files, tickets and feedback; the editor; the diff between two versions. The ticket page's panel
 * is {@link KbTicketPanel}.
 */
@Controller
class KbController {
    private final KbReads kb;
    private final KbEditor editor;
    private final KbVersions versions;
    private final KbFeedback feedback;
    private final KbFiles files;
    private final KbTickets kbTickets;
    private final KbSearch search;
    private final Directory directory;
    private final TicketReads tickets;
    private final KbHtml html;

    KbController(KbReads kb, KbEditor editor, KbVersions versions, KbFeedback feedback, KbFiles files, KbTickets kbTickets,
                 KbSearch search, Directory directory, TicketReads tickets, KbHtml html) {
        this.kb = kb;
        this.editor = editor;
        this.versions = versions;
        this.feedback = feedback;
        this.files = files;
        this.kbTickets = kbTickets;
        this.search = search;
        this.directory = directory;
        this.tickets = tickets;
        this.html = html;
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

    /** A category as the list's form posts it, shown again as typed when it is refused. */
    record CategoryFields(String nameFr, String nameEn) {}

    @PostMapping("/kb/categories")
    String createCategory(@ModelAttribute("newCategory") CategoryFields category, BindingResult binding, Actor actor, Model model,
                          RedirectAttributes redirect, HttpServletResponse response) {
        return FormPosts.save(binding, () -> editor.createCategory(actor, category.nameFr(), category.nameEn()), "/kb", redirect,
                model, response, () -> {
                    model.addAttribute("newCategory", category); // the bound record, as typed
                    return list("", null, null, null, null, false, false, 0, actor, model);
                });
    }

    @GetMapping("/kb/{id}")
    String show(@PathVariable long id, Actor actor, Model model) {
        actor.requireAgent();
        var article = kb.require(actor, id);
        model.addAttribute("article", article);
        model.addAttribute("articleHtml", html.agent(article.body()));
        model.addAttribute("translations", kb.translations(actor, id));
        model.addAttribute("versions", versions.versions(actor, id));
        model.addAttribute("files", files.files(actor, id));
        model.addAttribute("articleTickets", kbTickets.ticketsOf(actor, id));
        model.addAttribute("feedbacks", feedback.feedbacks(actor, id));
        model.addAttribute("organizationNames", organizationNames(actor));
        model.addAttribute("category", kb.categories().stream().filter(c -> c.id() == (article.categoryId() == null ? -1 : article.categoryId()))
                .findFirst().orElse(null));
        return "knowledge/show";
    }

    // ---- the editor

    @GetMapping("/kb/new")
    String create(@RequestParam(required = false) Long fromTicket, @RequestParam(required = false) Long translationOf,
                  Actor actor, Model model) {
        actor.requireAgent();
        ArticleFields form;
        if (fromTicket != null) {
            form = ArticleFields.of(kbTickets.draftFromTicket(actor, fromTicket));
        } else if (translationOf != null) {
            form = ArticleFields.translating(kb.require(actor, translationOf));
        } else {
            form = ArticleFields.empty(actor.language());
        }
        return editor(actor, model, null, form);
    }

    @PostMapping("/kb")
    String save(@ModelAttribute("form") ArticleFields form, BindingResult binding, Actor actor, Model model,
                RedirectAttributes redirect, HttpServletResponse response) {
        actor.requireAgent();
        long[] created = {0};
        var view = FormPosts.save(binding, () -> created[0] = editor.create(actor, form.form()).id(), "/kb", redirect, model,
                response, () -> editor(actor, model, null, shown(form)));
        return created[0] == 0 ? view : "redirect:/kb/" + created[0];
    }

    @GetMapping("/kb/{id}/edit")
    String edit(@PathVariable long id, Actor actor, Model model) {
        actor.requireAgent();
        return editor(actor, model, id, ArticleFields.of(kb.require(actor, id)));
    }

    /** Refused: the text as typed, with each problem beside its field; saved meanwhile by someone else: 409, the same. */
    @PostMapping("/kb/{id}")
    String update(@PathVariable long id, @ModelAttribute("form") ArticleFields form, BindingResult binding, Actor actor,
                  Model model, RedirectAttributes redirect, HttpServletResponse response) {
        actor.requireAgent();
        return FormPosts.save(binding, () -> editor.update(actor, id, form.form()), "/kb/" + id, redirect, model, response, () -> {
            if (response.getStatus() == HttpStatus.CONFLICT.value()) {
                // said in the page's language, with who saved which version, instead of the API's English sentence
                model.asMap().remove("problems");
                model.addAttribute("stale", kb.require(actor, id));
            }
            return editor(actor, model, id, shown(form));
        });
    }

    private static ArticleFields shown(ArticleFields form) {
        return form != null ? form : ArticleFields.empty(null);
    }

    private String editor(Actor actor, Model model, Long id, ArticleFields form) {
        model.addAttribute("articleId", id);
        model.addAttribute("form", form);
        model.addAttribute("categories", kb.categories());
        model.addAttribute("organizations", directory.organizations(actor));
        model.addAttribute("kinds", Kind.values());
        model.addAttribute("visibilities", Visibility.values());
        if (id != null) {
            model.addAttribute("files", files.files(actor, id));
        }
        if (id == null && form.translationOf() != null) {
            kb.article(actor, form.translationOf()).ifPresent(original -> model.addAttribute("original", original));
        }
        if (id == null && form.sourceTicketIds().size() == 1) {
            var ticketId = form.sourceTicketIds().iterator().next();
            if (tickets.visible(actor, ticketId)) {
                model.addAttribute("sourceTicket", tickets.require(actor, ticketId));
            }
        }
        return "knowledge/edit";
    }

    // ---- files, versions, archive, feedback

    /** A file as the editor's form posts it (none chosen: null). */
    record FileFields(MultipartFile file) {
        Upload upload() {
            if (file == null) {
                return null;
            }
            try {
                return new Upload(file.getOriginalFilename(), file.getContentType(), file.getBytes());
            } catch (IOException e) {
                throw new UncheckedIOException("cannot read upload " + file.getOriginalFilename(), e);
            }
        }
    }

    /** A file added from the editor; refused (none, empty, too large), the editor again (422) with why beside the file. */
    @PostMapping("/kb/{id}/files")
    String attach(@PathVariable long id, @ModelAttribute("fileForm") FileFields form, BindingResult binding, Actor actor,
                  Model model, RedirectAttributes redirect, HttpServletResponse response) {
        actor.requireAgent();
        return posted(binding, () -> redirect.addFlashAttribute("attached", files.attach(actor, id, form.upload())),
                "/kb/" + id + "/edit", model, response, () -> editor(actor, model, id, ArticleFields.of(kb.require(actor, id))));
    }

    @GetMapping("/kb/files/{fileId}")
    ResponseEntity<byte[]> file(@PathVariable long fileId, Actor actor) {
        var file = files.file(actor, fileId);
        return SafeDownloads.serve(file.filename(), file.contentType(), file.content(), true, null, 300);
    }

    @GetMapping("/kb/{id}/diff")
    String diff(@PathVariable long id, @RequestParam int from, @RequestParam int to, Actor actor, Model model) {
        actor.requireAgent();
        model.addAttribute("article", kb.require(actor, id));
        model.addAttribute("diff", versions.diff(actor, id, from, to));
        model.addAttribute("versions", versions.versions(actor, id));
        return "knowledge/diff";
    }

    @GetMapping("/kb/{id}/versions/{version}")
    String version(@PathVariable long id, @PathVariable int version, Actor actor, Model model) {
        actor.requireAgent();
        model.addAttribute("article", kb.require(actor, id));
        var content = versions.version(actor, id, version);
        model.addAttribute("old", content); // not "content": the layout names its fragment so
        model.addAttribute("articleHtml", html.agent(content.body()));
        return "knowledge/version";
    }

    @PostMapping("/kb/{id}/restore/{version}")
    String restore(@PathVariable long id, @PathVariable int version, Actor actor, RedirectAttributes redirect) {
        versions.restore(actor, id, version);
        redirect.addFlashAttribute("saved", true);
        return "redirect:/kb/" + id;
    }

    @PostMapping("/kb/{id}/archive")
    String archive(@PathVariable long id, @RequestParam(defaultValue = "true") boolean archived, Actor actor,
                   RedirectAttributes redirect) {
        editor.archive(actor, id, archived);
        redirect.addFlashAttribute("saved", true);
        return "redirect:/kb/" + id;
    }

    /** A verdict as the article's form posts it: the button pressed, and the comment (optional). */
    record FeedbackFields(Verdict verdict, String comment) {}

    /** Refused (a comment too long, no verdict), the article again (422) with the comment as typed and why beside it. */
    @PostMapping("/kb/{id}/feedback")
    String feedback(@PathVariable long id, @ModelAttribute("feedbackForm") FeedbackFields form, BindingResult binding,
                    Actor actor, Model model, RedirectAttributes redirect, HttpServletResponse response) {
        actor.requireAgent();
        return posted(binding, () -> {
            feedback.feedback(actor, id, form.verdict(), form.comment());
            redirect.addFlashAttribute("thanked", true);
        }, "/kb/" + id, model, response, () -> show(id, actor, model));
    }

    /**
     * As {@link FormPosts#save}, with the page's own notice after the redirect instead of "saved" (the change adds it):
     * refused, the page again, 422, each problem beside its field.
     */
    private static String posted(BindingResult binding, Runnable change, String back, Model model, HttpServletResponse response,
                                 Supplier<String> page) {
        try {
            if (binding.hasErrors()) {
                throw new InvalidInputException("Invalid input", FormPosts.problems(binding));
            }
            change.run();
            return "redirect:" + back;
        } catch (InvalidInputException e) {
            response.setStatus(HttpStatus.UNPROCESSABLE_CONTENT.value());
            model.addAttribute("problems", e.fields());
            return page.get();
        }
    }

    private Map<Long, String> organizationNames(Actor actor) {
        var names = new HashMap<Long, String>();
        directory.organizations(actor).forEach(o -> names.put(o.id(), o.name()));
        return names;
    }
}
