package io.relais.sla;

import static io.relais.sla.internal.SlaEdits.at;
import static io.relais.sla.internal.SlaEdits.invalid;

import io.relais.common.NotFoundException;
import io.relais.security.Actor;
import io.relais.sla.SlaEngine.Pause;
import io.relais.sla.internal.SlaClocks;
import io.relais.sla.internal.SlaEdits;
import io.relais.sla.internal.SlaRules;
import io.relais.ticket.TicketEnums.Channel;
import io.relais.ticket.TicketEnums.Priority;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.temporal.ChronoUnit;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Supplier;
import java.util.stream.Collectors;
import org.springframework.dao.DataIntegrityViolationException;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;

/**
 * SLA policies and their versions: customer policies per client (or for every client) and OLAs per group. An edit
 * never changes a stored version: it retires the current one and inserts the next, in one transaction that bumps the
 * rules' revision first ({@link SlaEdits}); after its commit the open tickets look their policy up again from now on.
 */
@Service
public class SlaPolicies {
    private final JdbcClient jdbc;
    private final SlaClocks clocks;
    private final SlaEdits edits;
    private final SlaReferences references;
    private final Clock clock;

    SlaPolicies(JdbcClient jdbc, SlaClocks clocks, SlaEdits edits, SlaReferences references, Clock clock) {
        this.jdbc = jdbc;
        this.clocks = clocks;
        this.edits = edits;
        this.references = references;
        this.clock = clock;
    }

    /**
     * A policy: CUSTOMER (organization null: for every organization without a matching policy of its own;
     * empty criteria match anything) or OLA (groupId: the group's own clock, resolution target only).
     */
    public record PolicyForm(String kind, String name, Long organizationId, Long groupId, int position,
                             Set<Priority> priorities, Set<Long> categoryIds, Set<Channel> channels,
                             Duration firstResponse, Duration nextUpdate, Duration resolution, Set<Pause> pauses,
                             Long calendarId, int warnPercent, Set<AlertAction> warnActions, Set<AlertAction> breachActions,
                             Long escalationGroupId) {}

    /** The current version of a policy, as its form, with when it began. */
    public record PolicyView(long policyId, int version, Instant validFrom, PolicyForm form) {}

    /**
     * The policies in force, in the order they are matched: customer policies of an organization first,
     * then those for every organization, each by position; then the OLAs by group.
     */
    @Transactional(readOnly = true)
    public List<PolicyView> policies() {
        return jdbc.sql("select policy_id, version, valid_from, kind, name, organization_id, group_id, position, priorities,"
                        + " category_ids, channels, first_response_minutes, next_update_minutes, resolution_minutes, pauses,"
                        + " calendar_id, warn_percent, warn_actions, breach_actions, escalation_group_id from sla_policy"
                        + " where valid_to is null order by kind, case when organization_id is null then 1 else 0 end,"
                        + " organization_id, group_id, position, policy_id")
                .query((rs, i) -> new PolicyView(rs.getLong(1), rs.getInt(2), rs.getObject(3, OffsetDateTime.class).toInstant(),
                        new PolicyForm(rs.getString(4), rs.getString(5), rs.getObject(6, Long.class), rs.getObject(7, Long.class),
                                rs.getInt(8), SlaRules.set(rs.getString(9), Priority::valueOf), SlaRules.set(rs.getString(10), Long::valueOf),
                                SlaRules.set(rs.getString(11), Channel::valueOf), duration(rs.getObject(12, Integer.class)),
                                duration(rs.getObject(13, Integer.class)), duration(rs.getObject(14, Integer.class)),
                                SlaRules.pauses(rs.getString(15)), rs.getObject(16, Long.class), rs.getInt(17),
                                SlaRules.set(rs.getString(18), AlertAction::valueOf), SlaRules.set(rs.getString(19), AlertAction::valueOf),
                                rs.getObject(20, Long.class))))
                .list();
    }

    /** Creates a policy; open tickets look their policy up again from now on. Returns the policy id. */
    public long createPolicy(Actor actor, PolicyForm form) {
        actor.requireAdmin();
        validate(form);
        var now = clock.instant().truncatedTo(ChronoUnit.MICROS); // as stored
        long id = editPolicy(actor, form, () -> {
            // read after the revision's lock: another edit's new policy is committed, or waits for this one
            var next = jdbc.sql("select coalesce(max(policy_id), 0) + 1 from sla_policy").query(Long.class).single();
            insertVersion(next, 1, now, form);
            return next;
        });
        clocks.reevaluateOpen(now);
        return id;
    }

    /** A new version from now on: clocks keep what they measured and apply the new targets from here. */
    public void updatePolicy(Actor actor, long policyId, PolicyForm form) {
        actor.requireAdmin();
        validate(form);
        var now = clock.instant().truncatedTo(ChronoUnit.MICROS); // as stored
        editPolicy(actor, form, () -> {
            // the current version read after the revision's lock: a concurrent edit has committed its version already
            var current = jdbc.sql("select version from sla_policy where policy_id = ? and valid_to is null").param(policyId)
                    .query(Integer.class).optional().orElseThrow(() -> new NotFoundException("policy", policyId));
            jdbc.sql("update sla_policy set valid_to = ? where policy_id = ? and valid_to is null").params(at(now), policyId).update();
            insertVersion(policyId, current + 1, now, form);
            return policyId;
        });
        clocks.reevaluateOpen(now);
    }

    /** Retires a policy from now on (its versions stay, for the clocks measured under them). */
    public void retirePolicy(Actor actor, long policyId) {
        actor.requireAdmin();
        var now = clock.instant().truncatedTo(ChronoUnit.MICROS); // as stored
        edits.edit(() -> {
            var n = jdbc.sql("update sla_policy set valid_to = ? where policy_id = ? and valid_to is null").params(at(now), policyId)
                    .update();
            if (n == 0) {
                throw new NotFoundException("policy", policyId);
            }
        });
        clocks.reevaluateOpen(now);
    }

    private void insertVersion(long policyId, int version, Instant from, PolicyForm f) {
        jdbc.sql("insert into sla_policy (policy_id, version, valid_from, kind, organization_id, group_id, position, name,"
                        + " priorities, category_ids, channels, first_response_minutes, next_update_minutes, resolution_minutes,"
                        + " pauses, calendar_id, warn_percent, warn_actions, breach_actions, escalation_group_id)"
                        + " values (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)")
                .params(policyId, version, at(from), f.kind(), f.organizationId(), f.groupId(), f.position(), f.name().trim(),
                        join(f.priorities()), join(f.categoryIds()), join(f.channels()), minutes(f.firstResponse()),
                        minutes(f.nextUpdate()), minutes(f.resolution()), SlaRules.pauses(f.pauses() == null ? Set.of() : f.pauses()),
                        f.calendarId(), f.warnPercent(), actions(f.warnActions(), "NOTIFY_ASSIGNEE"),
                        actions(f.breachActions(), "NOTIFY_ASSIGNEE,NOTIFY_SUPERVISORS"),
                        f.escalationGroupId())
                .update();
    }

    /**
     * An edit of a policy: the organization, groups and calendar it names are checked in the edit's transaction (a
     * hand-made post, or a row deleted meanwhile), each unknown one a problem beside its field. One deleted between
     * that check and the insert makes the database refuse the row: checked again, it is the same problem, not a 500.
     */
    private long editPolicy(Actor actor, PolicyForm form, Supplier<Long> change) {
        try {
            return edits.edit(() -> {
                references.checkPolicy(actor, form);
                return change.get();
            });
        } catch (DataIntegrityViolationException e) {
            references.checkPolicy(actor, form);
            throw e;
        }
    }

    private static void validate(PolicyForm f) {
        var errors = new LinkedHashMap<String, String>();
        if (!"CUSTOMER".equals(f.kind()) && !"OLA".equals(f.kind())) {
            errors.put("kind", "CUSTOMER or OLA");
        }
        if (f.name() == null || f.name().isBlank()) {
            errors.put("name", "required");
        }
        if ("OLA".equals(f.kind()) && f.groupId() == null) {
            errors.put("groupId", "an OLA belongs to a group");
        }
        for (var e : List.of(Map.entry("firstResponse", nonNull(f.firstResponse())), Map.entry("nextUpdate", nonNull(f.nextUpdate())),
                Map.entry("resolution", nonNull(f.resolution())))) {
            if (e.getValue().isNegative() || (!e.getValue().isZero() && e.getValue().toMinutes() < 1)) {
                errors.put(e.getKey(), "at least one minute");
            }
        }
        if (f.breachActions() != null && f.breachActions().contains(AlertAction.REASSIGN) && f.escalationGroupId() == null) {
            errors.put("escalationGroupId", "the group to reassign to");
        }
        if (f.warnActions() != null && f.warnActions().contains(AlertAction.REASSIGN) && f.escalationGroupId() == null) {
            errors.put("escalationGroupId", "the group to reassign to");
        }
        if (f.warnPercent() < 0 || f.warnPercent() > 99) {
            errors.put("warnPercent", "between 0 (no warning) and 99");
        }
        if (!errors.isEmpty()) {
            throw invalid(errors);
        }
    }

    private static Duration duration(Integer minutes) {
        return minutes == null ? null : Duration.ofMinutes(minutes);
    }

    private static Duration nonNull(Duration d) {
        return d == null ? Duration.ZERO : d;
    }

    /** Null: the default; empty: none. */
    private static String actions(Set<AlertAction> actions, String defaults) {
        return actions == null ? defaults : actions.stream().map(Enum::name).sorted().collect(Collectors.joining(","));
    }

    private static Integer minutes(Duration d) {
        return d == null || d.isZero() ? null : (int) d.toMinutes();
    }

    private static String join(Set<?> values) {
        return values == null || values.isEmpty() ? null
                : values.stream().map(String::valueOf).sorted().collect(Collectors.joining(","));
    }
}
