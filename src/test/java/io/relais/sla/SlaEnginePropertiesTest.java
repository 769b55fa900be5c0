package io.relais.sla;

import static org.assertj.core.api.Assertions.assertThat;

import io.relais.Generated;
import io.relais.sla.SlaEngine.AgentResponded;
import io.relais.sla.SlaEngine.CategorySet;
import io.relais.sla.SlaEngine.ClockKind;
import io.relais.sla.SlaEngine.CustomerWrote;
import io.relais.sla.SlaEngine.Fact;
import io.relais.sla.SlaEngine.GroupSet;
import io.relais.sla.SlaEngine.Opened;
import io.relais.sla.SlaEngine.Pause;
import io.relais.sla.SlaEngine.PauseReason;
import io.relais.sla.SlaEngine.Phase;
import io.relais.sla.SlaEngine.Policy;
import io.relais.sla.SlaEngine.PrioritySet;
import io.relais.sla.SlaEngine.Reevaluate;
import io.relais.sla.SlaEngine.StatusSet;
import io.relais.sla.internal.SlaStateCodec;
import io.relais.ticket.Status;
import io.relais.ticket.TicketEnums.Channel;
import io.relais.ticket.TicketEnums.Priority;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDateTime;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Random;
import java.util.TreeMap;
import org.junit.jupiter.api.Test;

/**
 * The stored clocks are the incremental path: facts applied as they happen, the state written to the
 * database (JSON) and read back between transactions. A recompute folds all facts at once. Over random
 * timelines (status changes, replies, priority, category and group changes, policy changes, tickets
 * opened around the DST changes of Paris and New York, on calendars with nights, weekends and holidays)
 * both must give the same state and the same clocks.
 */
class SlaEnginePropertiesTest {
    static final ZoneId PARIS = ZoneId.of("Europe/Paris");
    static final ZoneId NEW_YORK = ZoneId.of("America/New_York");

    /** One step of a random timeline: what happens, how long after the previous step, a value, and whether a transaction ends here. */
    record Step(int kind, int gapMinutes, int value, boolean commit) {}

    /** A random timeline: when the ticket opens, a number that picks its channel, priority and calendar, the steps. */
    record Timeline(Instant opened, int seed, List<Step> steps) {}

    /** A timeline and where to look the rules up again between its facts. */
    record CutTimeline(Timeline timeline, List<Integer> cuts) {}

    static final List<Instant> OPENINGS = List.of(
            LocalDateTime.parse("2026-03-27T17:40").atZone(PARIS).toInstant(),   // before Paris's spring change
            LocalDateTime.parse("2026-10-23T18:55").atZone(PARIS).toInstant(),   // before Paris's autumn change
            LocalDateTime.parse("2026-03-06T16:20").atZone(NEW_YORK).toInstant(), // before New York's spring change
            LocalDateTime.parse("2026-10-30T23:30").atZone(NEW_YORK).toInstant(), // a night before New York's autumn change
            LocalDateTime.parse("2026-12-24T11:00").atZone(PARIS).toInstant(),   // before the Christmas holiday
            LocalDateTime.parse("2026-11-28T03:00").atZone(PARIS).toInstant());  // a Saturday night

    static Step step(Random r) {
        int gap = r.nextBoolean() ? between(r, 0, 90) : between(r, 0, 6 * 24 * 60);
        return new Step(between(r, 0, 8), gap, between(r, 0, 7), r.nextBoolean());
    }

    static Timeline timeline(Random r) {
        var steps = new ArrayList<Step>();
        for (int n = size(r, 40); n > 0; n--) {
            steps.add(step(r));
        }
        return new Timeline(OPENINGS.get(r.nextInt(OPENINGS.size())), anyInt(r), List.copyOf(steps));
    }

    static CutTimeline cutTimeline(Random r) {
        var timeline = timeline(r);
        var cuts = new ArrayList<Integer>();
        for (int n = size(r, 15); n > 0; n--) {
            cuts.add(between(r, 0, 10_000));
        }
        return new CutTimeline(timeline, List.copyOf(cuts));
    }

    /** A value in [min, max], the bounds themselves more often than chance would pick them. */
    static int between(Random r, int min, int max) {
        return switch (r.nextInt(16)) {
            case 0 -> min;
            case 1 -> max;
            default -> min + r.nextInt(max - min + 1);
        };
    }

    /** A list size up to max: empty, single and full lists more often than chance would make them. */
    static int size(Random r, int max) {
        return switch (r.nextInt(16)) {
            case 0 -> 0;
            case 1 -> 1;
            case 2 -> max;
            default -> r.nextInt(max + 1);
        };
    }

    /** Any int: the edges of the type, small numbers, and the whole range. */
    static int anyInt(Random r) {
        return switch (r.nextInt(8)) {
            case 0 -> List.of(0, 1, -1, 2, -2, Integer.MIN_VALUE, Integer.MAX_VALUE, Integer.MIN_VALUE + 1,
                    Integer.MAX_VALUE - 1).get(r.nextInt(9));
            case 1, 2 -> r.nextInt(2001) - 1000;
            default -> r.nextInt();
        };
    }

    @Test
    void storedIncrementalClocksEqualAFullRecompute() {
        Generated.forAll("stored incremental clocks equal a full recompute", 400, SlaEnginePropertiesTest::timeline,
                SlaEnginePropertiesTest::storedEqualsRecomputed);
    }

    static void storedEqualsRecomputed(Timeline timeline) {
        var opened = timeline.opened();
        int seed = timeline.seed();
        var steps = timeline.steps();
        var rules = new TestRules(Math.floorMod(seed, 3));
        var facts = new ArrayList<Fact>();
        facts.add(new Opened(opened, 1, Channel.values()[Math.floorMod(seed, Channel.values().length)],
                Priority.values()[Math.floorMod(seed >> 3, 4)], null, null, Status.NEW));
        var commits = new HashSet<Integer>();
        var at = opened;
        for (var step : steps) {
            at = at.plus(Duration.ofMinutes(step.gapMinutes()));
            facts.add(fact(step, at, rules));
            if (step.commit()) {
                commits.add(facts.size() - 1);
            }
        }
        commits.add(facts.size() - 1);

        // the incremental path: apply what each transaction brings, store, read back
        SlaEngine.State stored = null;
        for (int i = 0; i < facts.size(); i++) {
            stored = SlaEngine.apply(stored, facts.get(i), rules);
            if (commits.contains(i)) {
                stored = SlaStateCodec.read(SlaStateCodec.write(stored));
            }
        }
        var recomputed = SlaEngine.fold(facts, rules);

        assertThat(stored).isEqualTo(recomputed);
        var now = at.plus(Duration.ofHours(30));
        assertThat(SlaEngine.read(stored, rules, now)).isEqualTo(SlaEngine.read(recomputed, rules, now));

        // and the arithmetic holds together: measured time never exceeds real time, due instants lie ahead
        for (var view : SlaEngine.read(recomputed, rules, now)) {
            if (view.startedAt() != null) {
                var end = view.stoppedAt() != null ? view.stoppedAt() : now;
                assertThat(view.elapsed().plus(view.paused())).isLessThanOrEqualTo(Duration.between(view.startedAt(), end));
            }
            if (view.due() != null && view.breachedAt() == null) {
                assertThat(view.due()).isAfterOrEqualTo(recomputed.at());
            }
            if (view.phase() == Phase.PAUSED) {
                assertThat(view.pausedBy()).isNotNull();
            }
        }
    }

    /**
     * The engine against a reference that shares none of its arithmetic: {@link MinuteModel} moves time one
     * minute at a time through calendars written again here (hours, lunch breaks, weekends, holidays, DST).
     * After every fact (through the stored path, JSON round trips included), somewhere in the gap before the
     * next one, and 30 hours after the last, each clock's phase, target, elapsed and paused business minutes,
     * due instant, breach instant and counts must be the model's.
     */
    @Test
    void theEnginesClocksEqualAMinuteByMinuteModel() {
        Generated.forAll("the engine's clocks equal a minute-by-minute model", 150, SlaEnginePropertiesTest::timeline,
                SlaEnginePropertiesTest::engineEqualsMinuteModel);
    }

    /** The calendars of {@link #CALENDARS}, written for the model. */
    static final Map<Long, MinuteModel.Calendar> MODEL_CALENDARS = Map.of(
            1L, MinuteModel.Calendar.weekdays(PARIS, java.util.Set.of(java.time.LocalDate.of(2026, 11, 30)),
                    java.util.Set.of(java.time.MonthDay.of(12, 25)), new int[] {8 * 60, 12 * 60}, new int[] {13 * 60 + 30, 18 * 60}),
            2L, MinuteModel.Calendar.weekdays(NEW_YORK, java.util.Set.of(), java.util.Set.of(), new int[] {9 * 60, 17 * 60}),
            3L, MinuteModel.Calendar.always(PARIS));

    static void engineEqualsMinuteModel(Timeline timeline) {
        var rules = new TestRules(Math.floorMod(timeline.seed(), 3));
        var model = new MinuteModel(rules, MODEL_CALENDARS::get);
        var opened = new Opened(timeline.opened(), 1, Channel.values()[Math.floorMod(timeline.seed(), Channel.values().length)],
                Priority.values()[Math.floorMod(timeline.seed() >> 3, 4)], null, timeline.seed() % 2 == 0 ? 2L : null, Status.NEW);
        var state = SlaEngine.apply(null, opened, rules);
        model.apply(opened);
        assertThat(MinuteModel.seen(SlaEngine.read(state, rules, state.at()))).as("opened").isEqualTo(model.seen(state.at()));
        int i = 0;
        for (var step : timeline.steps()) {
            i++;
            // One step in four lands on the nearest due instant, a minute before it or a minute after it: where
            // a breach is decided. The others come after their own gap.
            var last = state.at();
            var at = last.plus(Duration.ofMinutes(step.gapMinutes()));
            var due = model.clocks.values().stream().map(model::due).filter(java.util.Objects::nonNull)
                    .filter(d -> !d.isBefore(last)).min(Instant::compareTo);
            if (step.gapMinutes() % 4 == 3 && due.isPresent()) {
                var aimed = due.get().plus(Duration.ofMinutes(step.value() % 3 - 1));
                at = aimed.isBefore(state.at()) ? state.at() : aimed;
            }
            // between two facts: time moved on, nothing happened yet
            var gap = Duration.between(state.at(), at).toMinutes();
            var between = state.at().plus(Duration.ofMinutes(gap * Math.floorMod(timeline.seed() + i, 7) / 7));
            assertThat(MinuteModel.seen(SlaEngine.read(state, rules, between)))
                    .as("at %s, before step %d", between, i).isEqualTo(model.seen(between));
            var fact = fact(step, at, rules);
            state = SlaEngine.apply(state, fact, rules);
            if (step.commit()) {
                state = SlaStateCodec.read(SlaStateCodec.write(state));
            }
            model.apply(fact);
            assertThat(MinuteModel.seen(SlaEngine.read(state, rules, state.at()))).as("after step %d: %s", i, fact)
                    .isEqualTo(model.seen(state.at()));
        }
        var later = state.at().plus(Duration.ofHours(30));
        assertThat(MinuteModel.seen(SlaEngine.read(state, rules, later))).as("30 hours after the last fact")
                .isEqualTo(model.seen(later));
    }

    /**
     * Measuring in one go or in pieces gives the same clocks: looking the rules up again at any instant
     * (what a policy edit that changes nothing does to every open ticket) changes nothing.
     */
    @Test
    void measuringInPiecesEqualsMeasuringInOneGo() {
        Generated.forAll("measuring in pieces equals measuring in one go", 400, SlaEnginePropertiesTest::cutTimeline,
                SlaEnginePropertiesTest::piecesEqualWhole);
    }

    static void piecesEqualWhole(CutTimeline cutTimeline) {
        var opened = cutTimeline.timeline().opened();
        int seed = cutTimeline.timeline().seed();
        var steps = cutTimeline.timeline().steps();
        var cuts = cutTimeline.cuts();
        var rules = new TestRules(Math.floorMod(seed, 3));
        var facts = new ArrayList<Fact>();
        facts.add(new Opened(opened, 1, Channel.EMAIL, Priority.values()[Math.floorMod(seed >> 3, 4)], null, 2L, Status.NEW));
        var at = opened;
        for (var step : steps) {
            at = at.plus(Duration.ofMinutes(step.gapMinutes())).plusSeconds(Math.floorMod(seed, 60)).plusNanos(step.value());
            facts.add(fact(step, at, rules));
        }
        var cut = new ArrayList<Fact>(facts);
        for (var c : cuts) {
            // a look-up between two facts, anywhere in the gap (to the nanosecond)
            int i = 1 + Math.floorMod(c, Math.max(1, cut.size() - 1));
            if (i >= cut.size()) {
                continue;
            }
            var before = cut.get(i - 1).at();
            var after = cut.get(i).at();
            var gap = Duration.between(before, after);
            cut.add(i, new Reevaluate(before.plus(gap.multipliedBy(Math.floorMod(c, 97)).dividedBy(97))));
        }
        var whole = SlaEngine.fold(facts, rules);
        var pieces = SlaEngine.fold(cut, rules);
        assertThat(pieces).isEqualTo(whole);
    }

    private static Fact fact(Step step, Instant at, TestRules rules) {
        return switch (step.kind()) {
            case 0 -> new StatusSet(at, Status.values()[step.value() % Status.values().length]);
            case 1 -> new StatusSet(at, step.value() % 2 == 0 ? Status.PENDING_CUSTOMER : Status.OPEN);
            case 2 -> new PrioritySet(at, Priority.values()[step.value() % 4]);
            case 3 -> new CategorySet(at, step.value() % 3 == 0 ? null : (long) (step.value() % 3));
            case 4 -> new GroupSet(at, step.value() % 3 == 0 ? null : (long) (step.value() % 3));
            case 5 -> new AgentResponded(at);
            case 6 -> new CustomerWrote(at);
            default -> {
                // a policy edit: a new version from now on, and every open ticket looks its policy up again
                rules.edit(at, step.value());
                yield new Reevaluate(at);
            }
        };
    }

    /** Calendars 1 (Paris office with holidays), 2 (New York office), 3 (24/7 Paris); policies versioned in time. */
    static final class TestRules implements SlaEngine.Rules {
        final int organizationCalendar;
        final TreeMap<Instant, Integer> versions = new TreeMap<>();

        TestRules(int variant) {
            this.organizationCalendar = 1 + variant;
            versions.put(Instant.EPOCH, 3);
        }

        void edit(Instant at, int variant) {
            versions.put(at, variant);
        }

        @Override
        public Optional<Policy> customer(Instant at, long organizationId, Priority priority, Long categoryId, Channel channel) {
            var entry = versions.floorEntry(at);
            int v = entry.getValue();
            if (v == 0 || (v == 1 && priority == Priority.P4) || (categoryId != null && categoryId == 2 && v == 5)) {
                return Optional.empty(); // no policy matches
            }
            var scale = 1 + v % 4;
            var targets = new java.util.EnumMap<ClockKind, Duration>(ClockKind.class);
            targets.put(ClockKind.FIRST_RESPONSE, Duration.ofMinutes(30L * scale * (priority.ordinal() + 1)));
            if (v % 2 == 1) {
                targets.put(ClockKind.NEXT_UPDATE, Duration.ofHours(scale));
            }
            targets.put(ClockKind.RESOLUTION, Duration.ofHours(4L * scale * (priority.ordinal() + 1)));
            var pauses = new HashSet<Pause>();
            pauses.add(new Pause(ClockKind.RESOLUTION, PauseReason.PENDING_CUSTOMER));
            if (v % 3 != 0) {
                pauses.add(new Pause(ClockKind.RESOLUTION, PauseReason.PENDING_THIRD_PARTY));
                pauses.add(new Pause(ClockKind.FIRST_RESPONSE, PauseReason.PENDING_CUSTOMER));
            }
            Long calendar = v >= 6 ? Long.valueOf(1 + v % 3) : null;
            return Optional.of(new Policy(10, entry.getKey().hashCode(), "v" + v, targets, pauses, calendar, v == 4 ? 0 : 75));
        }

        @Override
        public Optional<Policy> ola(Instant at, long groupId, Priority priority) {
            if (groupId != 2) {
                return Optional.empty();
            }
            return Optional.of(new Policy(20, 1, "infrastructure", Map.of(ClockKind.RESOLUTION, Duration.ofHours(2)),
                    java.util.Set.of(new Pause(ClockKind.RESOLUTION, PauseReason.PENDING_THIRD_PARTY)), 2L, 75));
        }

        @Override
        public long calendarOf(long organizationId) {
            return organizationCalendar;
        }

        @Override
        public BusinessCalendar calendar(long calendarId) {
            return CALENDARS.get((int) calendarId);
        }
    }

    static final Map<Integer, BusinessCalendar> CALENDARS = Map.of(
            1, BusinessCalendarTest.office(PARIS, List.of(BusinessCalendar.Holiday.yearly(java.time.MonthDay.of(12, 25), "Christmas"),
                    BusinessCalendar.Holiday.day(java.time.LocalDate.of(2026, 11, 30), "Closed")), List.of()),
            2, BusinessCalendarTest.weekdays(NEW_YORK, "09:00", "17:00"),
            3, BusinessCalendar.always(PARIS));
}
