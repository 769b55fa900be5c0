package io.relais.sla;

import io.relais.common.InvalidInputException;
import io.relais.common.InvalidInputException.FieldProblem;
import io.relais.directory.AgentsAndGroups;
import io.relais.directory.Directory;
import io.relais.security.Actor;
import io.relais.sla.SlaPolicies.PolicyForm;
import java.util.ArrayList;
import java.util.List;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;

/**
 * What an SLA edit names must exist: a hand-made post, or a row deleted meanwhile, gets a problem beside its field
 * ("unknown organization"), not the database's refusal of the row and a 500.
 */
@Component
class SlaReferences {
    private final Directory directory;
    private final AgentsAndGroups agentsAndGroups;
    private final JdbcClient jdbc;

    SlaReferences(Directory directory, AgentsAndGroups agentsAndGroups, JdbcClient jdbc) {
        this.directory = directory;
        this.agentsAndGroups = agentsAndGroups;
        this.jdbc = jdbc;
    }

    void checkPolicy(Actor actor, PolicyForm f) {
        var problems = new ArrayList<FieldProblem>();
        if (f.organizationId() != null && directory.organization(actor, f.organizationId()).isEmpty()) {
            problems.add(new FieldProblem("organizationId", "unknown organization"));
        }
        if (f.groupId() != null && agentsAndGroups.group(f.groupId()).isEmpty()) {
            problems.add(new FieldProblem("groupId", "unknown group"));
        }
        if (f.escalationGroupId() != null && agentsAndGroups.group(f.escalationGroupId()).isEmpty()) {
            problems.add(new FieldProblem("escalationGroupId", "unknown group"));
        }
        if (f.calendarId() != null && !calendarExists(f.calendarId())) {
            problems.add(new FieldProblem("calendarId", "unknown calendar"));
        }
        throwIfAny(problems);
    }

    /** The calendar of an organization's contract. */
    void checkContract(Actor actor, long organizationId, long calendarId) {
        var problems = new ArrayList<FieldProblem>();
        if (directory.organization(actor, organizationId).isEmpty()) {
            problems.add(new FieldProblem("organizationId", "unknown organization"));
        }
        if (!calendarExists(calendarId)) {
            problems.add(new FieldProblem("calendarId", "unknown calendar"));
        }
        throwIfAny(problems);
    }

    private boolean calendarExists(long calendarId) {
        return jdbc.sql("select count(*) from sla_calendar where id = ?").param(calendarId).query(Long.class).single() > 0;
    }

    private static void throwIfAny(List<FieldProblem> problems) {
        if (!problems.isEmpty()) {
            throw new InvalidInputException("The SLA settings are not valid", problems);
        }
    }
}
