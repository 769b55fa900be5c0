package io.relais.knowledge.web;

import io.relais.common.FormPosts;
import io.relais.common.Letters;
import io.relais.directory.AgentsAndGroups;
import io.relais.directory.Directory;
import io.relais.knowledge.CheckRecords.NodeKind;
import io.relais.knowledge.CheckRecords.Outcome;
import io.relais.knowledge.CheckRecords.RunView;
import io.relais.knowledge.CheckRecords.TreeSummary;
import io.relais.knowledge.CheckRuns;
import io.relais.knowledge.CheckTreeEditor;
import io.relais.knowledge.KbRecords.ArticleFilter;
import io.relais.knowledge.KbSearch;
import io.relais.knowledge.StarterChecks;
import io.relais.knowledge.web.CheckForms.AnswerFields;
import io.relais.knowledge.web.CheckForms.NodeFields;
import io.relais.knowledge.web.CheckForms.TreeFields;
import io.relais.security.Actor;
import io.relais.ticket.TicketReads;
import io.relais.ticket.TicketSettings;
import jakarta.servlet.http.HttpServletResponse;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HashSet;
import java.util.Locale;
import java.util.Set;
import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.validation.BindingResult;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.ModelAttribute;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.servlet.mvc.support.RedirectAttributes;

/**
 * Guided first checks: the administrators' editor (trees, their steps and answers, with the counts of each
 * answer chosen), and the ticket page's panel where an agent runs a check during a call.
 */
@Controller
class CheckController {
    private final CheckTreeEditor checks;
    private final CheckRuns checkRuns;
    private final StarterChecks starters;
    private final KbSearch articles;
    private final Directory directory;
    private final AgentsAndGroups agentsAndGroups;
    private final TicketSettings settings;
    private final TicketReads tickets;

    CheckController(CheckTreeEditor checks, CheckRuns checkRuns, StarterChecks starters, KbSearch articles, Directory directory, AgentsAndGroups agentsAndGroups, TicketSettings settings,
                    TicketReads tickets) {
        this.checks = checks;
        this.checkRuns = checkRuns;
        this.starters = starters;
        this.articles = articles;
        this.directory = directory;
        this.agentsAndGroups = agentsAndGroups;
        this.settings = settings;
        this.tickets = tickets;
    }

    // ---- administration

    @GetMapping("/admin/checks")
    String list(Actor actor, Model model) {
        actor.requireAdmin();
        if (!model.containsAttribute("form")) {
            model.addAttribute("form", TreeFields.empty(null));
        }
        model.addAttribute("trees", checks.trees(actor, true));
        model.addAttribute("categories", settings.categories());
        return "knowledge/checks";
    }

    @PostMapping("/admin/checks")
    String create(@ModelAttribute("form") TreeFields form, BindingResult binding, Actor actor, Model model,
                  RedirectAttributes redirect, HttpServletResponse response) {
        actor.requireAdmin();
        long[] created = {0};
        var view = FormPosts.save(binding, () -> created[0] = checks.createTree(actor, form.form()), "/admin/checks", redirect,
                model, response, () -> {
                    model.addAttribute("form", form != null ? form : TreeFields.empty(null));
                    return list(actor, model);
                });
        return created[0] == 0 ? view : "redirect:/admin/checks/" + created[0];
    }

    @PostMapping("/admin/checks/starters")
    String installStarters(Actor actor, RedirectAttributes redirect) {
        redirect.addFlashAttribute("installed", starters.install(actor));
        return "redirect:/admin/checks";
    }

    @GetMapping("/admin/checks/{id}")
    String edit(@PathVariable long id, Actor actor, Model model) {
        actor.requireAdmin();
        var view = checks.tree(actor, id);
        model.addAttribute("view", view);
        if (!CheckForms.tree().equals(model.getAttribute("posted")) || model.getAttribute("treeForm") == null) {
            model.addAttribute("treeForm", TreeFields.of(view.tree()));
        }
        model.addAttribute("categories", settings.categories());
        model.addAttribute("groups", agentsAndGroups.groups());
        model.addAttribute("kinds", NodeKind.values());
        model.addAttribute("outcomes", Outcome.values());
        model.addAttribute("kbArticles", articles.search(actor, new ArticleFilter("", null, null, null, null, false, false), 0).rows());
        return "knowledge/check-edit";
    }

    @PostMapping("/admin/checks/{id}")
    String update(@PathVariable long id, @ModelAttribute("treeForm") TreeFields form, BindingResult binding, Actor actor,
                  Model model, RedirectAttributes redirect, HttpServletResponse response) {
        return save(id, null, CheckForms.tree(), form, binding, () -> checks.updateTree(actor, id, form.form()), actor, model,
                redirect, response);
    }

    @PostMapping("/admin/checks/{id}/nodes")
    String addNode(@PathVariable long id, @ModelAttribute("typed") NodeFields form, BindingResult binding, Actor actor,
                   Model model, RedirectAttributes redirect, HttpServletResponse response) {
        long[] created = {0};
        var fromAnswer = form == null ? null : form.fromAnswerId();
        var view = save(id, null, CheckForms.newNode(fromAnswer), form, binding,
                () -> created[0] = checks.addNode(actor, id, form.form(), fromAnswer), actor, model, redirect, response);
        return created[0] == 0 ? view : "redirect:/admin/checks/" + id + "#node-" + created[0];
    }

    @PostMapping("/admin/checks/{id}/nodes/{nodeId}")
    String updateNode(@PathVariable long id, @PathVariable long nodeId, @ModelAttribute("typed") NodeFields form,
                      BindingResult binding, Actor actor, Model model, RedirectAttributes redirect, HttpServletResponse response) {
        return save(id, nodeId, CheckForms.node(nodeId), form, binding, () -> checks.updateNode(actor, nodeId, form.form()), actor,
                model, redirect, response);
    }

    @PostMapping("/admin/checks/{id}/nodes/{nodeId}/delete")
    String deleteNode(@PathVariable long id, @PathVariable long nodeId, Actor actor, Model model, RedirectAttributes redirect,
                      HttpServletResponse response) {
        return save(id, null, CheckForms.node(nodeId), null, null, () -> checks.deleteNode(actor, nodeId), actor, model, redirect,
                response);
    }

    @PostMapping("/admin/checks/{id}/nodes/{nodeId}/start")
    String setStart(@PathVariable long id, @PathVariable long nodeId, Actor actor, Model model, RedirectAttributes redirect,
                    HttpServletResponse response) {
        return save(id, nodeId, CheckForms.node(nodeId), null, null, () -> checks.setStart(actor, nodeId), actor, model, redirect,
                response);
    }

    @PostMapping("/admin/checks/{id}/nodes/{nodeId}/answers")
    String addAnswer(@PathVariable long id, @PathVariable long nodeId, @ModelAttribute("typed") AnswerFields form,
                     BindingResult binding, Actor actor, Model model, RedirectAttributes redirect, HttpServletResponse response) {
        return save(id, nodeId, CheckForms.newAnswer(nodeId), form, binding,
                () -> checks.addAnswer(actor, nodeId, form.label(), form.nextNodeId()), actor, model, redirect, response);
    }

    @PostMapping("/admin/checks/{id}/answers/{answerId}")
    String updateAnswer(@PathVariable long id, @PathVariable long answerId, @ModelAttribute("typed") AnswerFields form,
                        BindingResult binding, Actor actor, Model model, RedirectAttributes redirect, HttpServletResponse response) {
        return save(id, form == null ? null : form.nodeId(), CheckForms.answer(answerId), form, binding,
                () -> checks.updateAnswer(actor, answerId, form.label(), form.nextNodeId()), actor, model, redirect, response);
    }

    @PostMapping("/admin/checks/{id}/answers/{answerId}/delete")
    String deleteAnswer(@PathVariable long id, @PathVariable long answerId, @RequestParam(required = false) Long nodeId,
                        Actor actor, Model model, RedirectAttributes redirect, HttpServletResponse response) {
        return save(id, nodeId, CheckForms.answer(answerId), null, null, () -> checks.deleteAnswer(actor, answerId), actor, model,
                redirect, response);
    }

    /**
     * Saved: back to the tree at the step. Refused: the editor again (422, 409 on a conflict) with the posted form as
     * typed ({@code typed}, {@code posted}) and its problems beside its fields.
     */
    private String save(long treeId, Long nodeId, String posted, Object typed, BindingResult binding, Runnable change,
                        Actor actor, Model model, RedirectAttributes redirect, HttpServletResponse response) {
        actor.requireAdmin();
        return FormPosts.save(binding, () -> {
            change.run();
            return null;
        }, "/admin/checks/" + treeId + (nodeId == null ? "" : "#node-" + nodeId), redirect, model, response, () -> {
            model.addAttribute("posted", posted);
            // the bound record itself: after a value the binder could not read, the model's copy of it is empty
            if (typed != null) {
                model.addAttribute(typed instanceof TreeFields ? "treeForm" : "typed", typed);
            }
            return edit(treeId, actor, model);
        });
    }

    // ---- the ticket page's panel

    @GetMapping("/checks/ticket/{ticketId}")
    String panel(@PathVariable long ticketId, Actor actor, Locale locale, Model model) {
        var runs = checkRuns.runs(actor, ticketId);
        var ticket = tickets.require(actor, ticketId);
        var open = runs.stream().filter(r -> !r.finished()).findFirst().orElse(null);
        model.addAttribute("ticketId", ticketId);
        model.addAttribute("run", open != null ? open
                : runs.stream().filter(r -> r.outcome() != null && !r.applied()).findFirst().orElse(null));
        model.addAttribute("runs", runs);
        var lineage = lineage(ticket.category() == null ? null : ticket.category().id());
        var words = words(ticket.subject() + " " + (ticket.description() == null ? "" : ticket.description()));
        // the trees of the ticket's category first (then of its parent categories), then those whose title shares the
        // ticket's words, in the page's language
        model.addAttribute("trees", checks.trees(actor, false).stream()
                .sorted(Comparator.comparing((TreeSummary t) -> t.categoryId() == null || !lineage.contains(t.categoryId())
                                ? Integer.MAX_VALUE : lineage.indexOf(t.categoryId()))
                        .thenComparing(t -> -shared(words, words(t.title())))
                        .thenComparing(t -> !t.language().equals(locale.getLanguage())).thenComparing(TreeSummary::title))
                .toList());
        var groups = new HashMap<Long, String>();
        agentsAndGroups.groups().forEach(g -> groups.put(g.id(), g.name()));
        model.addAttribute("groupNames", groups);
        var categories = new HashMap<Long, String>();
        settings.categories().forEach(c -> categories.put(c.id(), c.name(actor.locale())));
        model.addAttribute("categoryNames", categories);
        return "knowledge/check-panel :: panel";
    }

    @PostMapping("/checks/ticket/{ticketId}/start")
    String start(@PathVariable long ticketId, @RequestParam long treeId, Actor actor, Locale locale, Model model,
                 HttpServletResponse response) {
        return after(checkRuns.start(actor, treeId, ticketId), actor, locale, model, response);
    }

    @PostMapping("/checks/runs/{runId}/answer")
    String answer(@PathVariable long runId, @RequestParam long answerId, Actor actor, Locale locale, Model model,
                  HttpServletResponse response) {
        return after(checkRuns.answer(actor, runId, answerId), actor, locale, model, response);
    }

    @PostMapping("/checks/runs/{runId}/stop")
    String stop(@PathVariable long runId, Actor actor, Locale locale, Model model, HttpServletResponse response) {
        return after(checkRuns.stop(actor, runId), actor, locale, model, response);
    }

    @PostMapping("/checks/runs/{runId}/apply")
    String apply(@PathVariable long runId, Actor actor, Locale locale, Model model, HttpServletResponse response) {
        var run = checkRuns.apply(actor, runId);
        response.setHeader("HX-Refresh", "true");
        return panel(run.ticketId(), actor, locale, model);
    }

    /** A finished run wrote its path on the timeline: the page reloads to show it (the panel keeps the outcome). */
    private String after(RunView run, Actor actor, Locale locale, Model model, HttpServletResponse response) {
        if (run.finished()) {
            response.setHeader("HX-Refresh", "true");
        }
        return panel(run.ticketId(), actor, locale, model);
    }

    /** A category, then its parent, and so on up the tree (empty without a category). */
    private java.util.List<Long> lineage(Long categoryId) {
        var parents = new HashMap<Long, Long>();
        settings.categories().forEach(c -> parents.put(c.id(), c.parentId()));
        var out = new java.util.ArrayList<Long>();
        for (var id = categoryId; id != null && !out.contains(id) && out.size() < 20; id = parents.get(id)) {
            out.add(id);
        }
        return out;
    }

    /** Words of four letters or more, lower case, without a plural s: "Printers" and "printer" meet. */
    private static Set<String> words(String text) {
        var out = new HashSet<String>();
        var plain = java.text.Normalizer.normalize(text, java.text.Normalizer.Form.NFD).replaceAll("\\p{M}", "");
        for (var w : Letters.lower(plain).split("[^\\p{L}\\p{N}]+")) {
            if (w.length() >= 4) {
                out.add(w.endsWith("s") ? w.substring(0, w.length() - 1) : w);
            }
        }
        return out;
    }

    private static int shared(Set<String> a, Set<String> b) {
        return (int) b.stream().filter(a::contains).count();
    }
}
