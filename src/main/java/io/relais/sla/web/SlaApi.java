package io.relais.sla.web;

import io.relais.security.Actor;
import io.relais.sla.SlaEngine;
import io.relais.sla.TicketClocks;
import java.util.List;
import org.springframework.http.MediaType;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

/** Service levels in the REST API: a ticket's clocks, and the recompute of every open ticket's clocks in batches. */
@RestController
@RequestMapping(path = "/api/v1", produces = MediaType.APPLICATION_JSON_VALUE)
class SlaApi {
    private final TicketClocks ticketClocks;

    SlaApi(TicketClocks ticketClocks) {
        this.ticketClocks = ticketClocks;
    }

    /** The ticket's clocks as they stand now (404 when the caller may not see the ticket). */
    @GetMapping("/tickets/{id}/sla")
    List<SlaEngine.View> clocks(@PathVariable long id, Actor actor) {
        actor.requireAgent();
        var clocks = ticketClocks.clocks(actor, id);
        if (clocks.isEmpty()) {
            ticketClocks.explain(actor, id); // answers 404 for a ticket the caller cannot see
        }
        return clocks;
    }

    /**
     * Recomputes the clocks of up to {@code limit} active tickets after {@code afterId} from their timelines
     * (administrators). Call again with {@code afterId} = the answer's {@code lastTicketId} until it is null.
     */
    @PostMapping("/sla/recompute")
    TicketClocks.RecomputeBatch recompute(@RequestParam(defaultValue = "0") long afterId,
                                          @RequestParam(defaultValue = "1000") int limit, Actor actor) {
        return ticketClocks.recomputeOpen(actor, afterId, limit);
    }
}
