package io.relais.sla.internal;

import com.github.kagkarlsson.scheduler.task.helper.RecurringTask;
import com.github.kagkarlsson.scheduler.task.helper.Tasks;
import com.github.kagkarlsson.scheduler.task.schedule.FixedDelay;
import io.relais.directory.AgentsAndGroups;
import io.relais.directory.DirectoryRecords.AgentInfo;
import io.relais.notification.Notices;
import io.relais.security.Role;
import io.relais.sla.AlertAction;
import io.relais.sla.SlaEngine;
import io.relais.sla.SlaEngine.ClockKind;
import io.relais.ticket.Escalation;
import io.relais.ticket.Escalation.SlaAlert;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.HashSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * Warnings and breaches. A recurring db-scheduler job ({@code sla-alerts}, one node at a time) looks at
 * the tickets whose {@code alert_at} has come, each in its own transaction with the ticket's clock row
 * locked: every warning or breach due now and not recorded yet in {@code sla_alert} is recorded there,
 * on the ticket's timeline, and its policy's actions run (notices, priority, escalation), all in that
 * transaction. The record's key (ticket, clock, the clock's run, level) makes each alert happen once,
 * whatever the number of nodes or of runs. Then {@code alert_at} moves on to the next alert to come.
 *
 * <p>Only what happens while the desk runs is news: a warning or breach that happened before this node
 * started, or before the job's previous pass (a clock recomputed into the past, tickets loaded in bulk), is
 * recorded ({@code PAST}) without notifying anyone and without its actions. The alert itself changes no
 * field of the ticket ({@link Escalation#recordSlaAlert}).
 */
@Component
public class SlaAlerts {
    private static final Logger log = LoggerFactory.getLogger(SlaAlerts.class);
    private static final int PAGE = 200;
    private static final Set<AlertAction> DEFAULT_WARN = EnumSet.of(AlertAction.NOTIFY_ASSIGNEE);
    /** The actions of an alert that happened before the desk could tell anyone: none. */
    static final String PAST = "PAST";
    private static final Set<AlertAction> DEFAULT_BREACH = EnumSet.of(AlertAction.NOTIFY_ASSIGNEE, AlertAction.NOTIFY_SUPERVISORS);

    private final JdbcClient jdbc;
    private final SlaRules rules;
    private final Escalation tickets;
    private final AgentsAndGroups agentsAndGroups;
    private final Notices notices;
    private final TransactionTemplate tx;
    private final Clock clock;
    /** When this node started: what happened before is not news. */
    private final Instant started;
    /** The instant of this node's previous pass: what happened before it should have been seen then. */
    private volatile Instant lastPass;

    SlaAlerts(JdbcClient jdbc, SlaRules rules, Escalation tickets, AgentsAndGroups agentsAndGroups, Notices notices,
              TransactionTemplate tx, Clock clock) {
        this.jdbc = jdbc;
        this.rules = rules;
        this.tickets = tickets;
        this.agentsAndGroups = agentsAndGroups;
        this.notices = notices;
        this.tx = tx;
        this.clock = clock;
        this.started = clock.instant();
    }

    @Configuration(proxyBeanMethods = false)
    static class Job {
        @Bean
        RecurringTask<Void> slaAlertsTask(SlaAlerts alerts, @Value("${relais.sla.alert-interval:PT15S}") Duration interval) {
            return Tasks.recurring("sla-alerts", FixedDelay.of(interval)).execute((instance, context) -> alerts.run());
        }
    }

    /** One pass: the tickets whose next alert has come, by that instant. Returns how many alerts fired. */
    public int run() {
        return run(clock.instant());
    }

    int run(Instant now) {
        int fired = 0;
        boolean complete = false;
        var failed = false;
        var seen = new HashSet<Long>();
        for (int page = 0; page < 50; page++) {
            var ids = jdbc.sql("select ticket_id from sla_ticket where alert_at <= ? order by alert_at, ticket_id"
                    + " fetch first " + PAGE + " rows only").param(at(now)).query(Long.class).list();
            var fresh = ids.stream().filter(seen::add).toList();
            for (var id : fresh) {
                try {
                    fired += check(id, now);
                } catch (RuntimeException e) {
                    failed = true;
                    log.warn("SLA alerts of ticket {} failed, next pass retries: {}", id, e.toString());
                }
            }
            if (ids.size() < PAGE || fresh.isEmpty()) {
                complete = true;
                break;
            }
        }
        if (complete && !failed) {
            // everything due by now was seen: what happens before this instant is no news to the next pass. After a
            // failure or a cut pass the mark stays, so that the alerts left for the next pass still notify.
            var previous = lastPass;
            lastPass = previous == null || now.isAfter(previous) ? now : previous;
        }
        return fired;
    }

    /** Alerts that happened before this instant are recorded without notice nor action (old news). */
    Instant newsSince() {
        var previous = lastPass;
        return previous != null && previous.isAfter(started) ? previous : started;
    }

    /** An alert due now; {@code news}: it happened while the desk runs (else it is only recorded). */
    private record Due(SlaEngine.View view, SlaEngine.Clock clock, boolean breach, boolean news) {}

    /**
     * The alerts of one ticket due at {@code now}, in one transaction with its clock row locked; returns how many
     * fired (old news, recorded only, is not counted).
     */
    public int check(long ticketId, Instant now) {
        return tx.execute(s -> checkLocked(ticketId, now));
    }

    private int checkLocked(long ticketId, Instant now) {
        var newsSince = newsSince();
        var state = jdbc.sql("select state from sla_ticket where ticket_id = ? and alert_at <= ? for update")
                .params(ticketId, at(now)).query(String.class).optional().map(SlaStateCodec::read).orElse(null);
        if (state == null) {
            return 0;
        }
        var snapshot = rules.current();
        var fired = new HashSet<String>();
        jdbc.sql("select clock, cycle_start, level from sla_alert where ticket_id = ?").param(ticketId)
                .query((rs, i) -> fired.add(key(rs.getString(1), rs.getObject(2, OffsetDateTime.class).toInstant(), rs.getString(3))))
                .list();
        var due = new ArrayList<Due>();
        Instant next = null;
        for (var v : SlaEngine.read(state, snapshot, now)) {
            if (v.phase() != SlaEngine.Phase.RUNNING || v.target() == null || v.startedAt() == null) {
                continue;
            }
            var c = state.clock(v.kind());
            var start = v.startedAt();
            var breach = v.breachedAt() != null ? v.breachedAt() : v.due();
            var breachKey = key(v.kind().name(), start, "BREACH");
            var warnKey = key(v.kind().name(), start, "WARN");
            if (breach != null && !breach.isAfter(now)) {
                if (!fired.contains(breachKey)) {
                    due.add(new Due(v, c, true, !breach.isBefore(newsSince)));
                    if (!fired.contains(warnKey) && v.warnAt() != null) {
                        // the warning is overtaken by the breach: recorded as passed, not acted on twice
                        record(ticketId, v, "WARN", now, "SUPERSEDED");
                    }
                }
                continue;
            }
            if (v.warnAt() != null && !fired.contains(warnKey)) {
                if (!v.warnAt().isAfter(now)) {
                    due.add(new Due(v, c, false, !v.warnAt().isBefore(newsSince)));
                } else {
                    next = earliest(next, v.warnAt());
                }
            }
            if (breach != null && !fired.contains(breachKey)) {
                next = earliest(next, breach);
            }
        }
        for (var d : due) {
            fire(ticketId, d, snapshot, now);
        }
        jdbc.sql("update sla_ticket set alert_at = ? where ticket_id = ?").params(at(next), ticketId).update();
        return (int) due.stream().filter(Due::news).count();
    }

    private void fire(long ticketId, Due d, SlaRules.Snapshot snapshot, Instant now) {
        var level = d.breach() ? "BREACH" : "WARN";
        if (!d.news()) {
            // old news: on the timeline and in the record, nobody notified, nothing acted on
            tickets.recordSlaAlert(ticketId, new SlaAlert(d.view().kind().name(), d.breach(), false, false, null));
            record(ticketId, d.view(), level, now, PAST);
            return;
        }
        var version = snapshot.version(d.clock().policyId(), d.clock().policyVersion()).orElse(null);
        Set<AlertAction> actions = version == null ? (d.breach() ? DEFAULT_BREACH : DEFAULT_WARN)
                : (d.breach() ? version.breachActions() : version.warnActions());
        var reassignTo = actions.contains(AlertAction.REASSIGN) && version != null ? version.escalationGroupId() : null;
        var result = tickets.recordSlaAlert(ticketId, new SlaAlert(d.view().kind().name(), d.breach(),
                actions.contains(AlertAction.RAISE_PRIORITY), actions.contains(AlertAction.ESCALATE), reassignTo)).orElse(null);
        var done = new ArrayList<String>();
        if (result != null) {
            done.addAll(result.done());
            var recipients = new LinkedHashSet<Long>();
            // an OLA clock belongs to its group: that group is the one to hear of it
            var group = d.view().kind() == ClockKind.OLA && d.view().groupId() != null ? d.view().groupId() : result.groupId();
            if (actions.contains(AlertAction.NOTIFY_ASSIGNEE)) {
                if (result.previousAssigneeId() != null) {
                    recipients.add(result.previousAssigneeId());
                } else {
                    recipients.addAll(members(group));
                }
            }
            if (actions.contains(AlertAction.NOTIFY_GROUP)) {
                recipients.addAll(members(group));
            }
            if (result.done().contains("ESCALATE") || result.done().contains("REASSIGN")) {
                recipients.addAll(members(result.groupId())); // the team that now has it
            }
            if (actions.contains(AlertAction.NOTIFY_SUPERVISORS)) {
                recipients.addAll(supervisors(result.organizationId()));
            }
            recipients.removeIf(id -> agentsAndGroups.agent(id).map(a -> !a.active()).orElse(true));
            notices.post(recipients, ticketId, d.breach() ? "SLA_BREACHED" : "SLA_WARNING",
                    "#" + result.number() + " " + result.subject(), d.view().kind().name());
            if (!recipients.isEmpty()) {
                done.add("NOTIFIED:" + recipients.size());
            }
        }
        record(ticketId, d.view(), level, now, done.isEmpty() ? "-" : String.join(",", done));
    }

    private void record(long ticketId, SlaEngine.View v, String level, Instant now, String actions) {
        jdbc.sql("insert into sla_alert (ticket_id, clock, cycle_start, level, due_at, fired_at, actions) values (?, ?, ?, ?, ?, ?, ?)")
                .params(ticketId, v.kind().name(), at(v.startedAt()), level, at(v.due()), at(now), actions).update();
    }

    private List<Long> members(Long groupId) {
        if (groupId == null) {
            return List.of();
        }
        return agentsAndGroups.group(groupId).map(g -> List.copyOf(g.memberIds())).orElse(List.of());
    }

    /** The supervisors serving the organization; its administrators when it has none. */
    private List<Long> supervisors(long organizationId) {
        var serving = agentsAndGroups.agentsServing(organizationId);
        var supervisors = serving.stream().filter(a -> a.role() == Role.SUPERVISOR).map(AgentInfo::id).toList();
        return !supervisors.isEmpty() ? supervisors
                : serving.stream().filter(a -> a.role() == Role.ADMIN).map(AgentInfo::id).toList();
    }

    private static String key(String clock, Instant start, String level) {
        return clock + "|" + SlaClocks.micros(start) + "|" + level;
    }

    private static Instant earliest(Instant a, Instant b) {
        return a == null || b.isBefore(a) ? b : a;
    }

    private static OffsetDateTime at(Instant instant) {
        return instant == null ? null : instant.atOffset(ZoneOffset.UTC);
    }
}
