package io.relais.sla.internal;

import io.relais.security.Actor;
import io.relais.sla.SlaEngine;
import io.relais.sla.SlaEngine.ClockKind;
import io.relais.sla.SlaEngine.Fact;
import io.relais.ticket.Change;
import io.relais.ticket.Status;
import io.relais.ticket.TicketEnums.Priority;
import io.relais.ticket.TicketEvents.ArticleAdded;
import io.relais.ticket.TicketEvents.TicketChanged;
import io.relais.ticket.TicketEvents.TicketCreated;
import io.relais.ticket.SlaSources;
import io.relais.ticket.TicketViews.SlaSource;
import io.relais.ticket.TicketViews.TimelineFact;
import java.time.Clock;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.springframework.context.event.EventListener;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;
import org.springframework.transaction.support.TransactionSynchronization;
import org.springframework.transaction.support.TransactionSynchronizationManager;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * Keeps each ticket's stored clocks up to date. In the transaction of any ticket change, once per
 * ticket and just before commit, the timeline entries not read yet are turned into facts and applied
 * to the stored state (the incremental path); a recompute folds the whole timeline again. Both write
 * the same row: the state, the nearest due instant (also on the ticket, for queues) and the standings
 * reports read.
 */
@Component
public class SlaClocks {
    private static final Actor SYSTEM = Actor.system("SLA");

    private final JdbcClient jdbc;
    private final org.springframework.jdbc.core.JdbcTemplate jdbcTemplate;
    private final SlaRules rules;
    private final SlaSources tickets;
    private final TransactionTemplate tx;
    private final Clock clock;

    SlaClocks(JdbcClient jdbc, org.springframework.jdbc.core.JdbcTemplate jdbcTemplate, SlaRules rules, SlaSources tickets,
              TransactionTemplate tx, Clock clock) {
        this.jdbc = jdbc;
        this.jdbcTemplate = jdbcTemplate;
        this.rules = rules;
        this.tickets = tickets;
        this.tx = tx;
        this.clock = clock;
    }

    // ---- in the transaction of a ticket change

    @EventListener
    void on(TicketCreated event) {
        touched(event.ticketId(), true);
    }

    @EventListener
    void on(TicketChanged event) {
        touched(event.ticketId(), false);
    }

    @EventListener
    void on(ArticleAdded event) {
        touched(event.ticketId(), false);
    }

    /**
     * Collects the tickets a transaction touched; their clocks move once, before it commits. A ticket created in
     * the transaction ({@code created}) has no stored clocks yet: they are not looked for.
     */
    private void touched(long ticketId, boolean created) {
        if (!TransactionSynchronizationManager.isSynchronizationActive()) {
            update(ticketId, created);
            return;
        }
        @SuppressWarnings("unchecked")
        var pending = (Map<Long, Boolean>) TransactionSynchronizationManager.getResource(SlaClocks.class);
        if (pending == null) {
            var touched = new LinkedHashMap<Long, Boolean>();
            TransactionSynchronizationManager.bindResource(SlaClocks.class, touched);
            TransactionSynchronizationManager.registerSynchronization(new TransactionSynchronization() {
                @Override
                public void beforeCommit(boolean readOnly) {
                    // one look at the rules and one batch of writes for all the tickets of the transaction
                    var snapshot = rules.current();
                    var writes = new Writes();
                    for (var ticket : List.copyOf(touched.entrySet())) {
                        update(ticket.getKey(), ticket.getValue(), snapshot, writes);
                    }
                    writes.send();
                }

                @Override
                public void afterCompletion(int status) {
                    TransactionSynchronizationManager.unbindResourceIfPossible(SlaClocks.class);
                }
            });
            pending = touched;
        }
        pending.merge(ticketId, created, Boolean::logicalOr);
    }

    /** Applies the ticket's timeline entries not read yet to its stored clocks (the first time: all of them). */
    public void update(long ticketId) {
        update(ticketId, false);
    }

    private void update(long ticketId, boolean created) {
        var writes = new Writes();
        update(ticketId, created, null, writes);
        writes.send();
    }

    /** {@code snapshot}: the rules to apply, null to read them when needed; the writes are added to {@code writes}. */
    private void update(long ticketId, boolean created, SlaRules.Snapshot rulesNow, Writes writes) {
        var stored = created ? Optional.<Object[]>empty()
                : jdbc.sql("select state, last_entry_id from sla_ticket where ticket_id = ?").param(ticketId)
                        .query((rs, i) -> new Object[] {rs.getString(1), rs.getLong(2)}).optional();
        long after = stored.map(r -> (Long) r[1]).orElse(0L);
        var source = tickets.slaSource(SYSTEM, ticketId, after).orElse(null);
        if (source == null || source.entries().isEmpty()) {
            return;
        }
        var snapshot = rulesNow != null ? rulesNow : rules.current();
        var state = stored.map(r -> SlaStateCodec.read((String) r[0])).orElse(null);
        for (var fact : facts(source)) {
            state = SlaEngine.apply(state, fact, snapshot);
        }
        save(source, state, snapshot, stored.isPresent(), writes);
    }

    /** Folds the whole timeline again and stores the result. */
    public Optional<SlaEngine.State> recompute(long ticketId) {
        return tx.execute(s -> {
            var source = tickets.slaSource(SYSTEM, ticketId, 0).orElse(null);
            if (source == null || source.entries().isEmpty()) {
                return Optional.<SlaEngine.State>empty();
            }
            var snapshot = rules.current();
            var state = fold(facts(source), snapshot);
            var exists = jdbc.sql("select count(*) from sla_ticket where ticket_id = ?").param(ticketId).query(Long.class).single() > 0;
            var writes = new Writes();
            save(source, state, snapshot, exists, writes);
            writes.send();
            return Optional.ofNullable(state);
        });
    }

    /**
     * The whole history: the timeline's facts, and the instants policies changed at, where the ticket looked
     * its policy up again if it was open then (what {@link #reevaluateOpen} did when the edit was made).
     */
    static SlaEngine.State fold(List<Fact> facts, SlaRules.Snapshot snapshot) {
        SlaEngine.State[] last = {null};
        replay(facts, snapshot, s -> last[0] = s);
        return last[0];
    }

    /** The fold of {@link #fold}, handing over the state after each fact or replayed policy edit, in order. */
    private static void replay(List<Fact> facts, SlaRules.Snapshot snapshot, java.util.function.Consumer<SlaEngine.State> each) {
        var boundaries = snapshot.boundaries();
        SlaEngine.State state = null;
        int b = 0;
        for (var fact : facts) {
            for (; state != null && b < boundaries.size() && boundaries.get(b).isBefore(fact.at()); b++) {
                state = reevaluated(state, boundaries.get(b), snapshot);
                each.accept(state);
            }
            state = SlaEngine.apply(state, fact, snapshot);
            each.accept(state);
        }
        for (; state != null && b < boundaries.size(); b++) {
            state = reevaluated(state, boundaries.get(b), snapshot);
            each.accept(state);
        }
    }

    /** A policy edit at {@code edit}, as {@link #reevaluateOpen} applied it: only to a ticket open then. */
    private static SlaEngine.State reevaluated(SlaEngine.State state, Instant edit, SlaRules.Snapshot snapshot) {
        return !edit.isBefore(state.at()) && SlaEngine.open(state)
                ? SlaEngine.apply(state, new SlaEngine.Reevaluate(edit), snapshot) : state;
    }

    /**
     * After a policy edit: every open ticket's clocks are measured up to {@code at} and look their policy up
     * again, keeping what was measured before. Returns how many tickets were updated.
     */
    public int reevaluateOpen(Instant at) {
        return forOpenTickets(ids -> tx.executeWithoutResult(s -> {
            var snapshot = rules.current();
            var writes = new Writes();
            for (var id : ids) {
                stored(id).ifPresent(state -> write(id, SlaEngine.apply(state, new SlaEngine.Reevaluate(at), snapshot),
                        snapshot, null, null, writes));
            }
            writes.send();
        }));
    }

    /** After a calendar edit (a corrected holiday counts for the past too): the open tickets' clocks are recomputed. */
    public int recomputeOpen() {
        int count = 0;
        long after = 0;
        while (true) {
            var batch = recomputeOpen(after, 500);
            count += batch.recomputed();
            if (batch.lastTicketId() == null) {
                return count;
            }
            after = batch.lastTicketId();
        }
    }

    /** A part of a recompute of all open tickets: how many, and the last ticket (null when there were none left). */
    public record Batch(int recomputed, Long lastTicketId) {}

    /**
     * Recomputes the clocks of at most {@code limit} active tickets after {@code afterId}, in id order (the
     * tickets' own status decides, so tickets that never had clocks, such as those older than the SLA
     * module or imported in bulk, get theirs).
     */
    public Batch recomputeOpen(long afterId, int limit) {
        var ids = tickets.activeTicketIds(afterId, limit);
        // a hundred tickets per transaction: one commit (one fsync) for them all, short enough not to hold locks long
        for (int i = 0; i < ids.size(); i += 100) {
            var part = ids.subList(i, Math.min(ids.size(), i + 100));
            tx.executeWithoutResult(s -> part.forEach(this::recompute));
        }
        return new Batch(ids.size(), ids.isEmpty() ? null : ids.get(ids.size() - 1));
    }

    /** The tickets with stored open clocks in pages of 500 by id (keyset); returns how many. */
    private int forOpenTickets(java.util.function.Consumer<List<Long>> page) {
        int count = 0;
        long after = 0;
        while (true) {
            var ids = jdbc.sql("select ticket_id from sla_ticket where open = true and ticket_id > ? order by ticket_id"
                    + " fetch first 500 rows only").param(after).query(Long.class).list();
            if (ids.isEmpty()) {
                return count;
            }
            page.accept(ids);
            count += ids.size();
            after = ids.get(ids.size() - 1);
        }
    }

    public Optional<SlaEngine.State> stored(long ticketId) {
        return jdbc.sql("select state from sla_ticket where ticket_id = ?").param(ticketId).query(String.class).optional()
                .map(SlaStateCodec::read);
    }

    // ---- explaining

    /** A piece of a clock's run: counted (business time) or not, and why not. */
    public record Segment(Instant from, Instant to, boolean counted, String reason, String detail) {}

    /**
     * The current run of each of these clocks from its start to {@code now} (or its stop), cut into what
     * counted and what did not: the calendar's closed hours, holidays, and the pauses of the policy (pending
     * customer, pending third party). The counted segments add up to the clock's elapsed time. At most
     * {@code max} per clock; the timeline is read once for all of them.
     */
    public Map<ClockKind, List<Segment>> trace(long ticketId, java.util.Collection<ClockKind> kinds, Instant now, int max) {
        var traces = new java.util.EnumMap<ClockKind, List<Segment>>(ClockKind.class);
        var source = tickets.slaSource(SYSTEM, ticketId, 0).orElse(null);
        if (source == null || source.entries().isEmpty()) {
            return traces;
        }
        var snapshot = rules.current();
        var steps = new ArrayList<SlaEngine.State>();
        replay(facts(source), snapshot, steps::add);
        if (steps.isEmpty()) {
            return traces;
        }
        for (var kind : kinds) {
            traces.put(kind, trace(steps, kind, snapshot, now, max));
        }
        return traces;
    }

    private static List<Segment> trace(List<SlaEngine.State> steps, ClockKind kind, SlaRules.Snapshot snapshot, Instant now,
                                       int max) {
        var start = steps.get(steps.size() - 1).clock(kind).startedAt();
        var segments = new ArrayList<Segment>();
        for (int i = 0; i < steps.size() && segments.size() < max; i++) {
            var s = steps.get(i);
            var c = s.clock(kind);
            var from = s.at();
            var to = i + 1 < steps.size() ? steps.get(i + 1).at() : (now.isAfter(from) ? now : from);
            if (start == null || to.isBefore(start) || !to.isAfter(from) || !c.active()) {
                continue;
            }
            if (from.isBefore(start)) {
                from = start;
            }
            if (c.phase() == SlaEngine.Phase.PAUSED) {
                segments.add(new Segment(from, to, false, c.pausedBy() == null ? "PAUSED" : c.pausedBy().name(), null));
                continue;
            }
            for (var span : snapshot.calendar(c.calendarId()).explain(from, to)) {
                if (segments.size() >= max) {
                    break;
                }
                segments.add(new Segment(span.from(), span.to(), span.open(), span.open() ? null : span.reason().name(),
                        span.detail()));
            }
        }
        return merge(segments);
    }

    /** Neighbours of the same kind become one segment (a night after a weekend stays apart: other reason). */
    private static List<Segment> merge(List<Segment> segments) {
        var out = new ArrayList<Segment>();
        for (var s : segments) {
            var last = out.isEmpty() ? null : out.get(out.size() - 1);
            if (last != null && last.to().equals(s.from()) && last.counted() == s.counted()
                    && java.util.Objects.equals(last.reason(), s.reason()) && java.util.Objects.equals(last.detail(), s.detail())) {
                out.set(out.size() - 1, new Segment(last.from(), s.to(), s.counted(), s.reason(), s.detail()));
            } else {
                out.add(s);
            }
        }
        return out;
    }

    // ---- storing

    private void save(SlaSource source, SlaEngine.State state, SlaRules.Snapshot snapshot, boolean exists, Writes writes) {
        if (state == null) {
            return;
        }
        long last = source.entries().get(source.entries().size() - 1).id();
        write(source.ticketId(), state, snapshot, last, exists ? null : source, writes);
    }

    private static final String UPDATE = "update sla_ticket set state = ?, last_entry_id = coalesce(?, last_entry_id), open = ?,"
            + " priority = ?, nearest_due = ?, alert_at = ?, first_response = ?, resolution = ?, next_update_met = ?,"
            + " next_update_breached = ?, ola_met = ?, ola_breached = ?, updated_at = ? where ticket_id = ?";
    private static final String INSERT = "insert into sla_ticket (state, last_entry_id, open, priority, nearest_due, alert_at,"
            + " first_response, resolution, next_update_met, next_update_breached, ola_met, ola_breached, updated_at, ticket_id,"
            + " organization_id, opened_at) values (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)";

    /**
     * The rows a pass writes, sent together at its end: one JDBC batch (one round trip) per statement instead of
     * one statement per ticket. A pass touches each ticket once, so nothing it reads depends on what it defers.
     */
    private final class Writes {
        private final List<Object[]> updates = new ArrayList<>();
        private final List<Object[]> inserts = new ArrayList<>();
        private final List<SlaSources.SlaDue> dues = new ArrayList<>();

        void send() {
            if (!inserts.isEmpty()) {
                jdbcTemplate.batchUpdate(INSERT, inserts);
            }
            if (!updates.isEmpty()) {
                jdbcTemplate.batchUpdate(UPDATE, updates);
            }
            if (!dues.isEmpty()) {
                tickets.recordSlaDue(dues);
            }
        }
    }

    /**
     * Stores the clocks: an update of the ticket's row, or its insert (one statement either way) when {@code first} is
     * given, and the nearest due instant on the ticket; added to {@code writes}.
     */
    private void write(long ticketId, SlaEngine.State state, SlaRules.Snapshot snapshot, Long lastEntryId, SlaSource first,
                       Writes writes) {
        var views = SlaEngine.read(state, snapshot, state.at());
        var nearest = views.stream().filter(v -> v.due() != null).min(java.util.Comparator.comparing(SlaEngine.View::due)).orElse(null);
        var due = nearest == null ? null : nearest.due();
        var open = SlaEngine.open(state);
        var firstResponse = standing(views, ClockKind.FIRST_RESPONSE);
        var resolution = standing(views, ClockKind.RESOLUTION);
        var next = state.clock(ClockKind.NEXT_UPDATE);
        var ola = state.clock(ClockKind.OLA);
        if (first == null) {
            writes.updates.add(new Object[] {SlaStateCodec.write(state), lastEntryId, open, state.priority().name(), at(due),
                    at(alertAt(views)), firstResponse, resolution, next.met(), next.breached(), ola.met(), ola.breached(),
                    at(clock.instant()), ticketId});
        } else {
            writes.inserts.add(new Object[] {SlaStateCodec.write(state), lastEntryId, open, state.priority().name(), at(due),
                    at(alertAt(views)), firstResponse, resolution, next.met(), next.breached(), ola.met(), ola.breached(),
                    at(clock.instant()), ticketId, first.organizationId(), at(state.clock(ClockKind.RESOLUTION).startedAt())});
        }
        writes.dues.add(new SlaSources.SlaDue(ticketId, due, nearest == null ? null : nearest.warnAt()));
    }

    /**
     * Where the alert job should look next: the earliest warning or due instant of a running clock with a
     * target. It may be an alert already fired (the job then moves it on to the next one).
     */
    static Instant alertAt(List<SlaEngine.View> views) {
        Instant earliest = null;
        for (var v : views) {
            if (v.phase() != SlaEngine.Phase.RUNNING || v.target() == null) {
                continue;
            }
            for (var candidate : new Instant[] {v.warnAt(), v.due()}) {
                if (candidate != null && (earliest == null || candidate.isBefore(earliest))) {
                    earliest = candidate;
                }
            }
        }
        return earliest;
    }

    /** What a report counts: MET / BREACHED once stopped, RUNNING while it runs (BREACHED as soon as it is), NONE without target. */
    private static String standing(List<SlaEngine.View> views, ClockKind kind) {
        var v = views.stream().filter(x -> x.kind() == kind).findFirst().orElseThrow();
        return v.standing().outcome().name();
    }

    // ---- from the timeline to facts

    /**
     * The facts of a ticket's timeline entries. Opening reads the ticket's first values: for each field,
     * the old value of its first change among the entries, else its value now.
     */
    static List<Fact> facts(SlaSource source) {
        var facts = new ArrayList<Fact>();
        for (var e : source.entries()) {
            var at = micros(e.at());
            switch (e.change()) {
                case CREATED -> {
                    var category = first(source, Change.CATEGORY);
                    var group = first(source, Change.GROUP);
                    facts.add(new SlaEngine.Opened(at, source.organizationId(), source.channel(),
                            first(source, Change.PRIORITY).map(Priority::valueOf).orElse(source.priority()),
                            category.isPresent() ? id(category.get()) : source.categoryId(),
                            group.isPresent() ? id(group.get()) : source.groupId(),
                            first(source, Change.STATUS).map(Status::valueOf).orElse(source.status())));
                }
                case STATUS -> facts.add(new SlaEngine.StatusSet(at, Status.valueOf(e.newValue())));
                case PRIORITY -> facts.add(new SlaEngine.PrioritySet(at, Priority.valueOf(e.newValue())));
                case CATEGORY -> facts.add(new SlaEngine.CategorySet(at, id(e.newValue())));
                case GROUP -> facts.add(new SlaEngine.GroupSet(at, id(e.newValue())));
                case REPLY_ADDED -> {
                    if ("AGENT".equals(e.actorKind())) {
                        facts.add(new SlaEngine.AgentResponded(at));
                    } else if ("CUSTOMER".equals(e.actorKind())) {
                        facts.add(new SlaEngine.CustomerWrote(at));
                    }
                }
                case CALL_LOGGED -> {
                    if ("AGENT".equals(e.actorKind())) {
                        facts.add(new SlaEngine.AgentResponded(at));
                    }
                }
                default -> {
                    // notes, links, attachments, tags… do not move the clocks
                }
            }
        }
        return facts;
    }

    /** The value a field had when the ticket was opened, if it changed since: the old value of its first change ("" for none). */
    private static Optional<String> first(SlaSource source, Change change) {
        for (TimelineFact e : source.entries()) {
            if (e.change() == change) {
                return Optional.of(e.oldValue() == null ? "" : e.oldValue());
            }
        }
        return Optional.empty();
    }

    /**
     * The instant as the database keeps it (to the microsecond, rounded), whether the entry was just
     * written (nanoseconds, in this transaction) or read back: both paths must see the same facts.
     */
    static Instant micros(Instant at) {
        return at.plusNanos(500).truncatedTo(java.time.temporal.ChronoUnit.MICROS);
    }

    private static Long id(String value) {
        if (value == null || value.isBlank()) {
            return null;
        }
        try {
            return Long.valueOf(value.trim());
        } catch (NumberFormatException e) {
            return null;
        }
    }

    private static OffsetDateTime at(Instant instant) {
        return instant == null ? null : instant.atOffset(ZoneOffset.UTC);
    }
}
