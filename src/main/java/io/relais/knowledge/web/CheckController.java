package io.relais.knowledge.web;

import io.relais.common.ConflictException;
import io.relais.common.InvalidInputException;
import io.relais.directory.AgentsAndGroups;
import io.relais.common.Letters;
import io.relais.directory.Directory;
import io.relais.knowledge.CheckRecords.NodeForm;
import io.relais.knowledge.CheckRecords.NodeKind;
import io.relais.knowledge.CheckRecords.Outcome;
import io.relais.knowledge.CheckRecords.RunView;
import io.relais.knowledge.CheckRecords.TreeForm;
import io.relais.knowledge.CheckRuns;
import io.relais.knowledge.CheckTreeEditor;
import io.relais.knowledge.KbRecords.ArticleFilter;
import io.relais.knowledge.KbSearch;
import io.relais.knowledge.StarterChecks;
import io.relais.security.Actor;
import io.relais.ticket.TicketReads;
import io.relais.ticket.TicketSettings;
import jakarta.servlet.http.HttpServletResponse;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HashSet;
import java.util.Locale;
import java.util.Set;
import io.relais.knowledge.CheckRecords.TreeSummary;
import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.GetMapping;
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

    record TreeParams(String title, String language, String description, Long categoryId, Boolean active) {
        TreeForm form() {
            return new TreeForm(title, language, description, categoryId, active == null || active);
        }
    }

    record NodeParams(NodeKind kind, String text, Long articleId, Outcome outcome, Long outcomeGroupId, Long outcomeCategoryId,
                      Long fromAnswerId) {
        NodeForm form() {
            return new NodeForm(kind, text, articleId, outcome, outcomeGroupId, outcomeCategoryId);
        }
    }

    // ---- administration

    @GetMapping("/admin/checks")
    String list(Actor actor, Model model) {
        actor.requireAdmin();
        model.addAttribute("trees", checks.trees(actor, true));
        model.addAttribute("categories", settings.categories());
        return "knowledge/checks";
    }

    @PostMapping("/admin/checks")
    String create(TreeParams params, Actor actor, RedirectAttributes redirect) {
        try {
            var id = checks.createTree(actor, params.form());
            return "redirect:/admin/checks/" + id;
        } catch (InvalidInputException e) {
            redirect.addFlashAttribute("problems", e.fields());
            return "redirect:/admin/checks";
        }
    }

    @PostMapping("/admin/checks/starters")
    String installStarters(Actor actor, RedirectAttributes redirect) {
        redirect.addFlashAttribute("installed", starters.install(actor));
        return "redirect:/admin/checks";
    }

    @GetMapping("/admin/checks/{id}")
    String edit(@PathVariable long id, Actor actor, Model model) {
        actor.requireAdmin();
        model.addAttribute("view", checks.tree(actor, id));
        model.addAttribute("categories", settings.categories());
        model.addAttribute("groups", agentsAndGroups.groups());
        model.addAttribute("kinds", NodeKind.values());
        model.addAttribute("outcomes", Outcome.values());
        model.addAttribute("kbArticles", articles.search(actor, new ArticleFilter("", null, null, null, null, false, false), 0).rows());
        return "knowledge/check-edit";
    }

    @PostMapping("/admin/checks/{id}")
    String update(@PathVariable long id, TreeParams params, Actor actor, RedirectAttributes redirect) {
        return back(id, null, redirect, () -> checks.updateTree(actor, id, params.form()));
    }

    @PostMapping("/admin/checks/{id}/nodes")
    String addNode(@PathVariable long id, NodeParams params, Actor actor, RedirectAttributes redirect) {
        long[] created = {0};
        var view = back(id, null, redirect, () -> created[0] = checks.addNode(actor, id, params.form(), params.fromAnswerId()));
        return created[0] == 0 ? view : "redirect:/admin/checks/" + id + "#node-" + created[0];
    }

    @PostMapping("/admin/checks/{id}/nodes/{nodeId}")
    String updateNode(@PathVariable long id, @PathVariable long nodeId, NodeParams params, Actor actor, RedirectAttributes redirect) {
        return back(id, nodeId, redirect, () -> checks.updateNode(actor, nodeId, params.form()));
    }

    @PostMapping("/admin/checks/{id}/nodes/{nodeId}/delete")
    String deleteNode(@PathVariable long id, @PathVariable long nodeId, Actor actor, RedirectAttributes redirect) {
        return back(id, null, redirect, () -> checks.deleteNode(actor, nodeId));
    }

    @PostMapping("/admin/checks/{id}/nodes/{nodeId}/start")
    String setStart(@PathVariable long id, @PathVariable long nodeId, Actor actor, RedirectAttributes redirect) {
        return back(id, nodeId, redirect, () -> checks.setStart(actor, nodeId));
    }

    @PostMapping("/admin/checks/{id}/nodes/{nodeId}/answers")
    String addAnswer(@PathVariable long id, @PathVariable long nodeId, @RequestParam(defaultValue = "") String label,
                     @RequestParam(required = false) Long nextNodeId, Actor actor, RedirectAttributes redirect) {
        return back(id, nodeId, redirect, () -> checks.addAnswer(actor, nodeId, label, nextNodeId));
    }

    @PostMapping("/admin/checks/{id}/answers/{answerId}")
    String updateAnswer(@PathVariable long id, @PathVariable long answerId, @RequestParam(defaultValue = "") String label,
                        @RequestParam(required = false) Long nextNodeId, @RequestParam(required = false) Long nodeId,
                        Actor actor, RedirectAttributes redirect) {
        return back(id, nodeId, redirect, () -> checks.updateAnswer(actor, answerId, label, nextNodeId));
    }

    @PostMapping("/admin/checks/{id}/answers/{answerId}/delete")
    String deleteAnswer(@PathVariable long id, @PathVariable long answerId, @RequestParam(required = false) Long nodeId,
                        Actor actor, RedirectAttributes redirect) {
        return back(id, nodeId, redirect, () -> checks.deleteAnswer(actor, answerId));
    }

    private static String back(long treeId, Long nodeId, RedirectAttributes redirect, Runnable action) {
        try {
            action.run();
            redirect.addFlashAttribute("saved", true);
        } catch (InvalidInputException e) {
            redirect.addFlashAttribute("problems", e.fields());
        } catch (ConflictException e) {
            redirect.addFlashAttribute("problems", java.util.List.of(new InvalidInputException.FieldProblem("", e.getMessage())));
        }
        return "redirect:/admin/checks/" + treeId + (nodeId == null ? "" : "#node-" + nodeId);
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
