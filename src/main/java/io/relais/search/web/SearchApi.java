package io.relais.search.web;

import io.relais.search.SearchIndex;
import io.relais.search.TicketSearch;
import io.relais.security.Actor;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.ResponseStatus;
import org.springframework.web.bind.annotation.RestController;

/** Search in the REST API: tickets (agents and customers, each within what they may see), and the index rebuild. */
@RestController
@RequestMapping(path = "/api/v1/search", produces = MediaType.APPLICATION_JSON_VALUE)
class SearchApi {
    private final TicketSearch tickets;
    private final SearchIndex index;

    SearchApi(TicketSearch tickets, SearchIndex index) {
        this.tickets = tickets;
        this.index = index;
    }

    /**
     * Tickets matching {@code q} (words, "phrases", -excluded, prefix*, and field filters such as {@code status:open
     * org:acme}), with highlights, and facet counts when {@code facets=true} (a second query). {@code next} in the answer
     * is the {@code after} of the next page; {@code total} is exact up to 1,000 ({@code totalExact}).
     */
    @GetMapping("/tickets")
    TicketSearch.Results tickets(@RequestParam(defaultValue = "") String q,
                                 @RequestParam(defaultValue = "RELEVANCE") TicketSearch.Sort sort,
                                 @RequestParam(required = false) String after,
                                 @RequestParam(defaultValue = "25") int limit,
                                 @RequestParam(defaultValue = "false") boolean facets, Actor actor) {
        return tickets.search(actor, q, sort, after, limit, facets);
    }

    /** Rebuilds the index from the database (administrators); the answer and GET tell its progress. */
    @PostMapping("/reindex")
    @ResponseStatus(HttpStatus.ACCEPTED)
    SearchIndex.Progress reindex(Actor actor) {
        return index.rebuild(actor);
    }

    @GetMapping("/reindex")
    SearchIndex.Progress progress(Actor actor) {
        actor.requireAdmin();
        return index.progress();
    }
}
