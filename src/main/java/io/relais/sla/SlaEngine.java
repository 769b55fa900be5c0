package io.relais.sla;

import io.relais.ticket.Status;
import io.relais.ticket.TicketEnums.Channel;
import io.relais.ticket.TicketEnums.Priority;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * The SLA clocks of one ticket as a fold over what happened to it. Pure: no clock, no database; the
 * same facts, policies and calendars always give the same state, whether the facts are applied one
 * by one as they happen (the stored state) or all at once (a recompute).
 *
 * <p>Clocks: <b>first response</b> (from opening to the first public reply or call of an agent; a ticket resolved
 * without either leaves it unanswered, never met — an internal note or a guided check's path is no answer — and a
 * reopen resumes it),
 * <b>next update</b> (each time the customer writes after that, until an agent answers), <b>resolution</b>
 * (from opening to resolved; a reopen resumes it with the time already spent) and the <b>OLA</b> of the
 * group the ticket is with (from the hand-off to the group until it leaves the group or is resolved).
 * Each counts business time of its calendar while running, and business time paused while the ticket
 * waits on the customer or a third party, when its policy says so. A clock is breached when it runs past
 * its due instant; the breach stays recorded when the target later changes.
 */
public final class SlaEngine {
    private SlaEngine() {}

    public enum ClockKind { FIRST_RESPONSE, NEXT_UPDATE, RESOLUTION, OLA }

    public enum Phase { IDLE, RUNNING, PAUSED, STOPPED }

    public enum PauseReason { PENDING_CUSTOMER, PENDING_THIRD_PARTY }

    // ---- what the clocks read

    public sealed interface Fact permits Opened, StatusSet, PrioritySet, CategorySet, GroupSet, AgentResponded,
            CustomerWrote, Reevaluate {
        Instant at();
    }

    public record Opened(Instant at, long organizationId, Channel channel, Priority priority, Long categoryId,
                         Long groupId, Status status) implements Fact {}

    public record StatusSet(Instant at, Status status) implements Fact {}

    public record PrioritySet(Instant at, Priority priority) implements Fact {}

    public record CategorySet(Instant at, Long categoryId) implements Fact {}

    public record GroupSet(Instant at, Long groupId) implements Fact {}

    /** A public reply or a call of an agent. */
    public record AgentResponded(Instant at) implements Fact {}

    /** A public message of the customer. */
    public record CustomerWrote(Instant at) implements Fact {}

    /** Policies or calendars changed at this instant: the ticket's policy is looked up again from here on. */
    public record Reevaluate(Instant at) implements Fact {}

    // ---- the rules they follow

    public record Pause(ClockKind kind, PauseReason reason) {}

    /** One version of a policy: targets per clock (absent: no target), pauses, calendar (null: the organization's). */
    public record Policy(long id, int version, String name, Map<ClockKind, Duration> targets, Set<Pause> pauses,
                         Long calendarId, int warnPercent) {
        public Policy {
            targets = Map.copyOf(targets);
            pauses = Set.copyOf(pauses);
        }

        boolean pauses(ClockKind kind, PauseReason reason) {
            return pauses.contains(new Pause(kind, reason));
        }
    }

    /** Where the engine looks policies and calendars up; the answers may depend on the instant (policy versions). */
    public interface Rules {
        Optional<Policy> customer(Instant at, long organizationId, Priority priority, Long categoryId, Channel channel);

        Optional<Policy> ola(Instant at, long groupId, Priority priority);

        long calendarOf(long organizationId);

        BusinessCalendar calendar(long calendarId);
    }

    // ---- the state

    public record Clock(ClockKind kind, Phase phase, PauseReason pausedBy, Duration target, long calendarId,
                        int warnPercent, Duration elapsed, Duration paused, Instant startedAt, Instant stoppedAt,
                        Instant breachedAt, int met, int breached, Long policyId, Integer policyVersion, Long groupId) {

        static Clock idle(ClockKind kind, long calendarId) {
            return new Clock(kind, Phase.IDLE, null, null, calendarId, 0, Duration.ZERO, Duration.ZERO, null, null, null,
                    0, 0, null, null, null);
        }

        public boolean active() {
            return phase == Phase.RUNNING || phase == Phase.PAUSED;
        }

        Clock phase(Phase p, PauseReason reason) {
            return new Clock(kind, p, reason, target, calendarId, warnPercent, elapsed, paused, startedAt, stoppedAt,
                    breachedAt, met, breached, policyId, policyVersion, groupId);
        }

        Clock rules(Duration t, long calendar, int warn, Long policy, Integer version) {
            return new Clock(kind, phase, pausedBy, t, calendar, warn, elapsed, paused, startedAt, stoppedAt, breachedAt,
                    met, breached, policy, version, groupId);
        }

        Clock measured(Duration e, Duration p, Instant breach) {
            return new Clock(kind, phase, pausedBy, target, calendarId, warnPercent, e, p, startedAt, stoppedAt, breach,
                    met, breached, policyId, policyVersion, groupId);
        }

        /** A new run (a new cycle for next update and OLA): nothing measured yet. */
        Clock started(Instant at, Long group) {
            return new Clock(kind, Phase.RUNNING, null, target, calendarId, warnPercent, Duration.ZERO, Duration.ZERO, at,
                    null, null, met, breached, policyId, policyVersion, group);
        }

        Clock resumed() {
            return new Clock(kind, Phase.RUNNING, null, target, calendarId, warnPercent, elapsed, paused, startedAt, null,
                    breachedAt, met, breached, policyId, policyVersion, groupId);
        }

        /** Stopped without its event (a first response never given): a breach already past counts, nothing is met. */
        Clock setAside(Instant at) {
            var counted = target != null;
            return new Clock(kind, Phase.STOPPED, null, target, calendarId, warnPercent, elapsed, paused, startedAt, at,
                    breachedAt, met, breached + (counted && breachedAt != null ? 1 : 0), policyId, policyVersion, groupId);
        }

        Clock stopped(Instant at) {
            var counted = target != null;
            return new Clock(kind, Phase.STOPPED, null, target, calendarId, warnPercent, elapsed, paused, startedAt, at,
                    breachedAt, met + (counted && breachedAt == null ? 1 : 0), breached + (counted && breachedAt != null ? 1 : 0),
                    policyId, policyVersion, groupId);
        }
    }

    /** The ticket as the clocks know it, the clocks, and the instant they were measured to. */
    public record State(Instant at, long organizationId, Channel channel, Priority priority, Long categoryId, Long groupId,
                        Status status, boolean responded, Map<ClockKind, Clock> clocks) {
        public State {
            var copy = new EnumMap<ClockKind, Clock>(ClockKind.class);
            copy.putAll(clocks);
            clocks = java.util.Collections.unmodifiableMap(copy);
        }

        public Clock clock(ClockKind kind) {
            return clocks.get(kind);
        }

        State with(Instant a, Priority p, Long category, Long group, Status s, boolean r, Map<ClockKind, Clock> c) {
            return new State(a, organizationId, channel, p, category, group, s, r, c);
        }
    }

    // ---- the fold

    /** All facts from nothing: a recompute. Facts before the ticket was opened are ignored. */
    public static State fold(List<? extends Fact> facts, Rules rules) {
        State state = null;
        for (var fact : facts) {
            state = apply(state, fact, rules);
        }
        return state;
    }

    /** One more fact: measure up to it, then apply it. {@code state} is null before the ticket is opened. */
    public static State apply(State state, Fact fact, Rules rules) {
        if (state == null) {
            if (!(fact instanceof Opened o)) {
                return null;
            }
            var calendar = rules.calendarOf(o.organizationId());
            var clocks = new EnumMap<ClockKind, Clock>(ClockKind.class);
            for (var kind : ClockKind.values()) {
                clocks.put(kind, Clock.idle(kind, calendar));
            }
            clocks.put(ClockKind.FIRST_RESPONSE, clocks.get(ClockKind.FIRST_RESPONSE).started(o.at(), null));
            clocks.put(ClockKind.RESOLUTION, clocks.get(ClockKind.RESOLUTION).started(o.at(), null));
            var opened = new State(o.at(), o.organizationId(), o.channel(), o.priority(), o.categoryId(), o.groupId(),
                    o.status(), false, clocks);
            return settle(opened, rules);
        }
        // A timeline never goes back in time; if clocks of two machines disagree, the later entry counts as "now".
        var at = fact.at().isBefore(state.at()) ? state.at() : fact.at();
        var s = advance(state, at, rules);
        var clocks = new EnumMap<>(s.clocks());
        // Java 17: no pattern switch; the sealed interface keeps the cases closed.
        if (fact instanceof Opened) {
            return s; // opened once
        } else if (fact instanceof StatusSet x) {
            s = s.with(at, s.priority(), s.categoryId(), s.groupId(), x.status(), s.responded(), clocks);
        } else if (fact instanceof PrioritySet x) {
            s = s.with(at, x.priority(), s.categoryId(), s.groupId(), s.status(), s.responded(), clocks);
        } else if (fact instanceof CategorySet x) {
            s = s.with(at, s.priority(), x.categoryId(), s.groupId(), s.status(), s.responded(), clocks);
        } else if (fact instanceof GroupSet x) {
            s = s.with(at, s.priority(), s.categoryId(), x.groupId(), s.status(), s.responded(), clocks);
        } else if (fact instanceof AgentResponded) {
            var first = clocks.get(ClockKind.FIRST_RESPONSE);
            if (first.active()) {
                clocks.put(ClockKind.FIRST_RESPONSE, first.stopped(at));
            }
            var next = clocks.get(ClockKind.NEXT_UPDATE);
            if (next.active()) {
                clocks.put(ClockKind.NEXT_UPDATE, next.stopped(at));
            }
            s = s.with(at, s.priority(), s.categoryId(), s.groupId(), s.status(), true, clocks);
        } else if (fact instanceof CustomerWrote) {
            var next = clocks.get(ClockKind.NEXT_UPDATE);
            if (s.responded() && s.status().isActive() && !next.active()) {
                clocks.put(ClockKind.NEXT_UPDATE, next.started(at, null));
            }
            s = s.with(at, s.priority(), s.categoryId(), s.groupId(), s.status(), s.responded(), clocks);
        }
        // Reevaluate: measured up to here; the rules are looked up again below.
        return settle(s, rules);
    }

    /** Whether rule changes still concern this ticket: it is active, or one of its clocks runs. */
    public static boolean open(State s) {
        return s != null && (s.status().isActive() || s.clocks().values().stream().anyMatch(Clock::active));
    }

    /** Business time from the state's instant to {@code to}: running clocks gain elapsed time, paused ones paused time. */
    static State advance(State s, Instant to, Rules rules) {
        if (!to.isAfter(s.at())) {
            return s;
        }
        var clocks = new EnumMap<ClockKind, Clock>(ClockKind.class);
        for (var c : s.clocks().values()) {
            if (!c.active()) {
                clocks.put(c.kind(), c);
                continue;
            }
            var calendar = rules.calendar(c.calendarId());
            var span = calendar.between(s.at(), to);
            if (c.phase() == Phase.PAUSED) {
                clocks.put(c.kind(), c.measured(c.elapsed(), c.paused().plus(span), c.breachedAt()));
                continue;
            }
            var breach = c.breachedAt();
            if (breach == null && c.target() != null) {
                var due = calendar.plus(s.at(), c.target().minus(c.elapsed()));
                if (due.isPresent() && due.get().isBefore(to)) {
                    breach = due.get();
                }
            }
            clocks.put(c.kind(), c.measured(c.elapsed().plus(span), c.paused(), breach));
        }
        return s.with(to, s.priority(), s.categoryId(), s.groupId(), s.status(), s.responded(), clocks);
    }

    /** Looks the policies up for the ticket as it is now, and sets each clock's rules and phase from them. */
    private static State settle(State s, Rules rules) {
        var at = s.at();
        var policy = rules.customer(at, s.organizationId(), s.priority(), s.categoryId(), s.channel());
        long calendar = policy.map(Policy::calendarId).orElse(null) != null ? policy.get().calendarId()
                : rules.calendarOf(s.organizationId());
        var closed = s.status() == Status.RESOLVED || s.status() == Status.CLOSED;
        var clocks = new EnumMap<ClockKind, Clock>(ClockKind.class);
        for (var kind : List.of(ClockKind.FIRST_RESPONSE, ClockKind.NEXT_UPDATE, ClockKind.RESOLUTION)) {
            var c = s.clock(kind);
            if (!closed && c.phase() == Phase.STOPPED && (kind == ClockKind.RESOLUTION
                    || (kind == ClockKind.FIRST_RESPONSE && !s.responded()))) {
                c = c.resumed(); // reopened: resolution goes on, and so does a first response never given
            }
            if (c.phase() != Phase.STOPPED) {
                // a stopped clock keeps the rules it was measured with
                c = c.rules(policy.map(p -> p.targets().get(kind)).orElse(null), calendar,
                        policy.map(Policy::warnPercent).orElse(0), policy.map(Policy::id).orElse(null),
                        policy.map(Policy::version).orElse(null));
            }
            if (closed && c.active()) {
                c = kind == ClockKind.FIRST_RESPONSE && !s.responded() ? c.setAside(at) : c.stopped(at);
            }
            clocks.put(kind, phase(c, s.status(), policy.orElse(null), at));
        }
        var ola = s.clock(ClockKind.OLA);
        var olaPolicy = s.groupId() == null ? Optional.<Policy>empty() : rules.ola(at, s.groupId(), s.priority());
        if (ola.active() && (closed || !java.util.Objects.equals(ola.groupId(), s.groupId()) || olaPolicy.isEmpty())) {
            ola = ola.stopped(at);
        }
        if (!ola.active() && !closed && olaPolicy.isPresent()) {
            ola = ola.rules(null, 0, 0, null, null).started(at, s.groupId());
        }
        if (ola.active()) {
            var p = olaPolicy.get();
            ola = ola.rules(p.targets().get(ClockKind.RESOLUTION), p.calendarId() != null ? p.calendarId() : calendar,
                    p.warnPercent(), p.id(), p.version());
            ola = phase(ola, s.status(), p, at, ClockKind.RESOLUTION);
        }
        clocks.put(ClockKind.OLA, ola);
        return s.with(at, s.priority(), s.categoryId(), s.groupId(), s.status(), s.responded(), clocks);
    }

    private static Clock phase(Clock c, Status status, Policy policy, Instant at) {
        return phase(c, status, policy, at, c.kind());
    }

    /** Running or paused, by the status and the policy's pause rules (looked up under {@code as}); a target now below the elapsed time is a breach now. */
    private static Clock phase(Clock c, Status status, Policy policy, Instant at, ClockKind as) {
        if (!c.active()) {
            return c;
        }
        PauseReason reason = null;
        if (policy != null && status == Status.PENDING_CUSTOMER && policy.pauses(as, PauseReason.PENDING_CUSTOMER)) {
            reason = PauseReason.PENDING_CUSTOMER;
        } else if (policy != null && status == Status.PENDING_THIRD_PARTY && policy.pauses(as, PauseReason.PENDING_THIRD_PARTY)) {
            reason = PauseReason.PENDING_THIRD_PARTY;
        }
        var next = c.phase(reason == null ? Phase.RUNNING : Phase.PAUSED, reason);
        if (next.breachedAt() == null && next.target() != null && next.elapsed().compareTo(next.target()) > 0) {
            next = next.measured(next.elapsed(), next.paused(), at);
        }
        return next;
    }

    // ---- reading

    /** UNANSWERED: a first response never given, the ticket resolved without a public reply or call. */
    public enum Standing {
        NONE, RUNNING, WARNING, PAUSED, MET, BREACHED, UNANSWERED;

        /**
         * What reports count: MET / BREACHED once decided, RUNNING for a clock still going (due soon or paused), NONE,
         * and UNANSWERED (neither met nor breached: left out of the rates).
         */
        public Standing outcome() {
            return this == WARNING || this == PAUSED ? RUNNING : this;
        }
    }

    /**
     * A clock as shown at {@code now}: elapsed and paused business time up to now, the due and warning
     * instants of a running clock, and where it stands.
     */
    public record View(ClockKind kind, Standing standing, Phase phase, PauseReason pausedBy, Duration target,
                       Duration elapsed, Duration paused, Instant due, Instant warnAt, Instant breachedAt,
                       Instant startedAt, Instant stoppedAt, int met, int breached, Long policyId, Long groupId,
                       long calendarId) {
        /** Business time left before the due instant (negative once breached); null without target or while not running. */
        public Duration remaining() {
            return target == null || phase == Phase.STOPPED || phase == Phase.IDLE ? null : target.minus(elapsed);
        }
    }

    public static List<View> read(State s, Rules rules, Instant now) {
        var views = new ArrayList<View>();
        if (s == null) {
            return views;
        }
        var measured = now.isAfter(s.at()) ? advance(s, now, rules) : s;
        for (var kind : ClockKind.values()) {
            var c = s.clock(kind);
            var m = measured.clock(kind);
            Instant due = null;
            Instant warn = null;
            if (c.phase() == Phase.RUNNING && c.target() != null) {
                var calendar = rules.calendar(c.calendarId());
                due = c.breachedAt() != null ? c.breachedAt() : calendar.plus(s.at(), c.target().minus(c.elapsed())).orElse(null);
                if (c.warnPercent() > 0 && c.breachedAt() == null) {
                    var threshold = c.target().multipliedBy(c.warnPercent()).dividedBy(100);
                    warn = threshold.compareTo(c.elapsed()) > 0 ? calendar.plus(s.at(), threshold.minus(c.elapsed())).orElse(null)
                            : s.at();
                }
            }
            Standing standing;
            if (c.target() == null || c.phase() == Phase.IDLE) {
                standing = Standing.NONE;
            } else if (m.breachedAt() != null) {
                standing = Standing.BREACHED;
            } else if (c.phase() == Phase.STOPPED) {
                standing = kind == ClockKind.FIRST_RESPONSE && !s.responded() ? Standing.UNANSWERED : Standing.MET;
            } else if (c.phase() == Phase.PAUSED) {
                standing = Standing.PAUSED;
            } else if (warn != null && !now.isBefore(warn)) {
                standing = Standing.WARNING;
            } else {
                standing = Standing.RUNNING;
            }
            views.add(new View(kind, standing, c.phase(), c.pausedBy(), c.target(), m.elapsed(), m.paused(), due, warn,
                    m.breachedAt(), c.startedAt(), c.stoppedAt(), m.met(), m.breached(), c.policyId(), c.groupId(),
                    c.calendarId()));
        }
        return views;
    }

    /** The earliest due instant among running clocks with a target (breached ones included): what queues sort by. */
    public static Optional<Instant> nearestDue(State s, Rules rules) {
        return read(s, rules, s == null ? Instant.EPOCH : s.at()).stream().map(View::due)
                .filter(java.util.Objects::nonNull).min(Instant::compareTo);
    }
}
