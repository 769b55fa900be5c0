package io.relais.sla;

import io.relais.security.Actor;
import io.relais.sla.internal.SlaClocks;
import io.relais.sla.internal.SlaEdits;
import java.util.HashMap;
import java.util.Map;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;

/**
 * The calendar of each client's contract: its tickets' clocks count that calendar's business time (an organization
 * without one counts on the 24/7 calendar). A change is an edit of the rules ({@link SlaEdits}); the open tickets'
 * clocks are recomputed after its commit.
 */
@Service
public class ContractCalendars {
    private final JdbcClient jdbc;
    private final SlaClocks clocks;
    private final SlaEdits edits;
    private final SlaReferences references;

    ContractCalendars(JdbcClient jdbc, SlaClocks clocks, SlaEdits edits, SlaReferences references) {
        this.jdbc = jdbc;
        this.clocks = clocks;
        this.edits = edits;
        this.references = references;
    }

    /** The calendar of each organization that has one of its own (the others count on the 24/7 calendar). */
    @Transactional(readOnly = true)
    public Map<Long, Long> organizationCalendars() {
        var map = new HashMap<Long, Long>();
        jdbc.sql("select organization_id, calendar_id from sla_organization").query((rs, i) -> map.put(rs.getLong(1), rs.getLong(2)))
                .list();
        return map;
    }

    /** The calendar of an organization's contract (its clocks count that calendar's business time). */
    public void setOrganizationCalendar(Actor actor, long organizationId, long calendarId) {
        actor.requireAdmin();
        edits.edit(() -> {
            references.checkContract(actor, organizationId, calendarId);
            var n = jdbc.sql("update sla_organization set calendar_id = ? where organization_id = ?").params(calendarId, organizationId)
                    .update();
            if (n == 0) {
                jdbc.sql("insert into sla_organization (organization_id, calendar_id) values (?, ?)").params(organizationId, calendarId)
                        .update();
            }
        });
        clocks.recomputeOpen();
    }
}
