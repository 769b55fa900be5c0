package io.relais.search.web;

import io.relais.directory.AgentsAndGroups;
import io.relais.directory.Directory;
import io.relais.knowledge.KbRecords.ArticleFilter;
import io.relais.knowledge.KbSearch;
import io.relais.problem.KnownErrors;
import io.relais.search.DirectorySearch;
import io.relais.search.SearchIndex;
import io.relais.search.SimilarTickets;
import io.relais.search.TicketSearch;
import io.relais.security.Actor;
import io.relais.ticket.TicketSettings;
import java.util.HashMap;
import java.util.Locale;
import java.util.Map;
import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.servlet.mvc.support.RedirectAttributes;

/** The search page (agents): results with highlights, facets that add a filter to the query, date or relevance order. */
@Controller
class SearchController {
    private final TicketSearch tickets;
    private final DirectorySearch people;
    private final SimilarTickets similar;
    private final SearchIndex index;
    private final Directory directory;
    private final AgentsAndGroups agentsAndGroups;
    private final TicketSettings settings;
    private final KbSearch articles;
    private final KnownErrors knownErrors;

    SearchController(TicketSearch tickets, DirectorySearch people, SimilarTickets similar, SearchIndex index, Directory directory, AgentsAndGroups agentsAndGroups,
                     TicketSettings settings, KbSearch articles, KnownErrors knownErrors) {
        this.articles = articles;
        this.knownErrors = knownErrors;
        this.tickets = tickets;
        this.people = people;
        this.similar = similar;
        this.index = index;
        this.directory = directory;
        this.agentsAndGroups = agentsAndGroups;
        this.settings = settings;
    }

    /** The ticket page's panel (loaded after the page): resolved tickets like this one, with how they were answered. */
    @GetMapping("/search/similar/{ticketId}")
    String similar(@PathVariable long ticketId, Actor actor, Model model) {
        model.addAttribute("similar", similar.like(actor, ticketId, 5));
        return "search/similar :: panel";
    }

    /**
     * While an agent writes a new ticket: the known errors it may be (prominent), articles that may help and
     * similar resolved tickets, for the requester's organization when one is chosen.
     */
    @GetMapping("/search/hints")
    String hints(@RequestParam(defaultValue = "") String subject, @RequestParam(defaultValue = "") String description,
                 @RequestParam(required = false) Long requesterId, Actor actor, Model model) {
        actor.requireAgent();
        var s = subject.length() > 300 ? subject.substring(0, 300) : subject;
        var d = description.length() > 4000 ? description.substring(0, 4000) : description;
        Long organization = requesterId == null ? null : directory.organizationOfContact(actor, requesterId).orElse(null);
        if ((s + d).isBlank()) {
            model.addAttribute("empty", true);
        } else {
            model.addAttribute("knownErrors", knownErrors.matching(actor, s, d, organization, 3));
            model.addAttribute("articles", articles.suggest(actor, s, d, organization, 4));
            model.addAttribute("similar", similar.like(actor, s, d, organization, null, 4));
        }
        return "search/hints :: hints";
    }

    /**
     * While a customer writes a new request: public articles for every client and for their organization, and
     * their own resolved requests (their organization's, for a manager) that look alike, with the answer given.
     */
    @GetMapping("/my/hints")
    String customerHints(@RequestParam(defaultValue = "") String subject, @RequestParam(defaultValue = "") String description,
                         Actor actor, Model model) {
        var s = subject.length() > 300 ? subject.substring(0, 300) : subject;
        var d = description.length() > 4000 ? description.substring(0, 4000) : description;
        if (!(s + d).isBlank()) {
            model.addAttribute("articles", articles.suggest(actor, s, d, null, 4));
            model.addAttribute("similar", similar.like(actor, s, d, null, null, 3));
        }
        return "search/my-hints :: hints";
    }

    @GetMapping("/search")
    String search(@RequestParam(defaultValue = "") String q, @RequestParam(defaultValue = "RELEVANCE") TicketSearch.Sort sort,
                  @RequestParam(required = false) String after, Actor actor, Locale locale, Model model) {
        model.addAttribute("q", q);
        model.addAttribute("sort", sort);
        model.addAttribute("progress", index.progress());
        if (!q.isBlank()) {
            try {
                model.addAttribute("results", tickets.search(actor, q, sort, after, 25));
                if (after == null) {
                    model.addAttribute("contacts", people.contacts(actor, q, 5));
                    model.addAttribute("foundOrganizations", people.organizations(actor, q, 5));
                    var words = io.relais.search.SearchQuery.parse(q, java.time.Instant.now()).text();
                    if (!words.isBlank()) {
                        var found = articles.search(actor, ArticleFilter.words(words), 0).rows();
                        model.addAttribute("articles", found.subList(0, Math.min(5, found.size())));
                    }
                }
            } catch (io.relais.common.InvalidInputException e) {
                model.addAttribute("problems", e.fields());
            }
        }
        var names = new HashMap<String, Map<Long, String>>();
        var orgs = new HashMap<Long, String>();
        directory.organizations(actor).forEach(o -> orgs.put(o.id(), o.name()));
        names.put("organization", orgs);
        var groups = new HashMap<Long, String>();
        agentsAndGroups.groupsVisibleTo(actor).forEach(g -> groups.put(g.id(), g.name()));
        names.put("group", groups);
        var categories = new HashMap<Long, String>();
        var french = "fr".equals(locale.getLanguage());
        settings.categories().forEach(c -> categories.put(c.id(), french ? c.nameFr() : c.nameEn()));
        names.put("category", categories);
        model.addAttribute("names", names);
        return "search/search";
    }

    @PostMapping("/search/reindex")
    String reindex(Actor actor, RedirectAttributes flash) {
        index.rebuild(actor);
        flash.addFlashAttribute("saved", true);
        return "redirect:/search";
    }
}
