package io.relais.search.web;

import io.relais.directory.Directory;
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
    private final TicketSettings settings;

    SearchController(TicketSearch tickets, DirectorySearch people, SimilarTickets similar, SearchIndex index, Directory directory,
                     TicketSettings settings) {
        this.tickets = tickets;
        this.people = people;
        this.similar = similar;
        this.index = index;
        this.directory = directory;
        this.settings = settings;
    }

    /** The ticket page's panel (loaded after the page): resolved tickets like this one, with how they were answered. */
    @GetMapping("/search/similar/{ticketId}")
    String similar(@PathVariable long ticketId, Actor actor, Model model) {
        model.addAttribute("similar", similar.like(actor, ticketId, 5));
        return "search/similar :: panel";
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
        directory.groupsVisibleTo(actor).forEach(g -> groups.put(g.id(), g.name()));
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
