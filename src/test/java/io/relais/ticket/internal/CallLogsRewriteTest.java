package io.relais.ticket.internal;

import static org.assertj.core.api.Assertions.assertThat;

import io.relais.IntegrationTest;
import io.relais.search.TicketSearch;
import io.relais.ticket.TicketCommands.NewCallLog;
import io.relais.ticket.TicketEnums.CallDirection;
import io.relais.ticket.TicketService;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.jdbc.core.simple.JdbcClient;

/**
 * The upgrade that made call logs internal: the calls logged before it were public text in their tickets' search
 * documents, which customers search. The migration asks for those documents to be rewritten at the next start.
 */
class CallLogsRewriteTest extends IntegrationTest {
    @Autowired TicketService tickets;
    @Autowired TicketSearch search;
    @Autowired TicketIndexing indexing;
    @Autowired JdbcClient jdbc;

    @Test
    void callsLoggedBeforeTheUpgradeLeaveTheCustomersSearchAtTheNextStart() throws Exception {
        var a = fixtures.tenant("Legacy");
        var word = "zqlegacycall" + Long.toString(System.nanoTime(), 36);
        // a call as the old code logged it: public
        tickets.logCall(a.ticketId(), new NewCallLog(CallDirection.INBOUND, "+33 6 12 12 12 12", 60, "Told " + word, List.of(), true),
                a.agent().actor());
        assertThat(search.search(a.customer().actor(), word, TicketSearch.Sort.RELEVANCE, null, 10, false).total()).isEqualTo(1);
        // the migration (V22) hides it and asks for the rewrite; the index still holds the old document
        jdbc.sql("update article set internal = true where kind = 'CALL' and ticket_id = ?").param(a.ticketId()).update();
        jdbc.sql("delete from search_rewrite_pending").update();
        jdbc.sql("insert into search_rewrite_pending (reason, created_at) values ('CALLS_INTERNAL', current_timestamp)").update();
        assertThat(search.search(a.customer().actor(), word, TicketSearch.Sort.RELEVANCE, null, 10, false).total()).isEqualTo(1);

        indexing.rewritePending();   // what the next start does
        long found = io.relais.Patience.until("the call hidden from the customer's search",
                () -> search.search(a.customer().actor(), word, TicketSearch.Sort.RELEVANCE, null, 10, false).total(), n -> n == 0);
        assertThat(found).isZero();
        // the team still finds it, and the request is done once
        assertThat(search.search(a.agent().actor(), word, TicketSearch.Sort.RELEVANCE, null, 10, false).total()).isEqualTo(1);
        io.relais.Patience.until("the rewrite request done", () -> jdbc.sql("select count(*) from search_rewrite_pending")
                .query(Long.class).single(), n -> n == 0);
        assertThat(jdbc.sql("select count(*) from search_rewrite_pending").query(Long.class).single()).isZero();
    }
}
