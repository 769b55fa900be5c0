package io.relais.sla;

import static org.assertj.core.api.Assertions.assertThat;

import io.relais.Generated;
import io.relais.IntegrationTest;
import io.relais.TestClock;
import io.relais.directory.AgentsAndGroups;
import io.relais.directory.DirectoryRecords.GroupForm;
import io.relais.directory.SupportLevel;
import io.relais.security.Actor;
import io.relais.sla.BusinessCalendar.Range;
import io.relais.sla.SlaEngine.AgentResponded;
import io.relais.sla.SlaEngine.ClockKind;
import io.relais.sla.SlaEngine.CustomerWrote;
import io.relais.sla.SlaEngine.Fact;
import io.relais.sla.SlaEngine.GroupSet;
import io.relais.sla.SlaEngine.Opened;
import io.relais.sla.SlaEngine.Pause;
import io.relais.sla.SlaEngine.PauseReason;
import io.relais.sla.SlaEngine.Policy;
import io.relais.sla.SlaEngine.Reevaluate;
import io.relais.sla.SlaEngine.StatusSet;
import io.relais.ticket.Status;
import io.relais.ticket.TicketCommands.NewCallLog;
import io.relais.ticket.TicketCommands.NewMessage;
import io.relais.ticket.TicketCommands.NewTicket;
import io.relais.ticket.TicketCommands.TicketUpdate;
import io.relais.ticket.TicketEnums.CallDirection;
import io.relais.ticket.TicketEnums.Channel;
import io.relais.ticket.TicketEnums.Priority;
import io.relais.ticket.TicketEnums.Urgency;
import io.relais.ticket.TicketService;
import java.time.DayOfWeek;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.MonthDay;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Random;
import java.util.Set;
import java.util.TreeMap;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.jdbc.core.simple.JdbcClient;

/**
 * Real tickets moved through the real services at chosen instants (the application's clock pinned and moved
 * on), their clocks stored by the service and read back from the database, against {@link MinuteModel} fed
 * with what the test did: calendars with lunch breaks, weekends, a holiday and DST changes, pauses, reopens,
 * an OLA of one group, and policy edits that bring another calendar.
 */
class SlaStoredClocksModelTest extends IntegrationTest {
    static final Actor ADMIN = Actor.system("SLA model test");

    @Autowired
    SlaCalendars slaCalendars;
    @Autowired
    ContractCalendars contractCalendars;
    @Autowired
    SlaPolicies slaPolicies;
    @Autowired
    TicketClocks ticketClocks;
    @Autowired
    TicketService tickets;
    @Autowired
    AgentsAndGroups directory;
    @Autowired
    JdbcClient jdbc;
    @Autowired
    TestClock clock;

    /** One step a person takes, and how long after the previous one. */
    record Step(int kind, int gapMinutes, int value) {}

    record Timeline(Instant opened, List<Step> steps) {}

    static Timeline timeline(Random r) {
        var steps = new ArrayList<Step>();
        for (int n = 4 + r.nextInt(10); n > 0; n--) {
            int gap = r.nextBoolean() ? r.nextInt(91) : r.nextInt(4 * 24 * 60);
            steps.add(new Step(r.nextInt(7), gap, r.nextInt(8)));
        }
        return new Timeline(OPENINGS.get(r.nextInt(OPENINGS.size())), List.copyOf(steps));
    }

    /**
     * The openings of {@link SlaEnginePropertiesTest#OPENINGS} a year earlier: the whole timeline lies in the past (the
     * policy edits it makes are replayed on every open ticket whose clocks are recomputed later, so none may be
     * stamped in the future of the other tests).
     */
    static final List<Instant> OPENINGS = List.of(
            at(SlaEnginePropertiesTest.PARIS, "2025-03-28T17:40"),      // before Paris's spring change
            at(SlaEnginePropertiesTest.PARIS, "2025-10-24T18:55"),      // before Paris's autumn change
            at(SlaEnginePropertiesTest.NEW_YORK, "2025-03-07T16:20"),   // before New York's spring change
            at(SlaEnginePropertiesTest.NEW_YORK, "2025-10-31T23:30"),   // a night before New York's autumn change
            at(SlaEnginePropertiesTest.PARIS, "2025-12-24T11:00"),      // before the Christmas holiday
            at(SlaEnginePropertiesTest.PARIS, "2025-11-29T03:00"));     // a Saturday night

    private static Instant at(java.time.ZoneId zone, String local) {
        return java.time.LocalDateTime.parse(local).atZone(zone).toInstant();
    }

    @Test
    void storedClocksOfRealTicketsEqualTheMinuteModel() {
        var paris = slaCalendars.createCalendar(ADMIN, new SlaCalendars.CalendarForm("Model office Paris " + System.nanoTime(),
                "Europe/Paris", week(List.of(Range.of("08:00", "12:00"), Range.of("13:30", "18:00")))));
        slaCalendars.addDay(ADMIN, paris, new SlaCalendars.DayForm("HOLIDAY", MonthDay.of(12, 25).atYear(2026), null, true, null, "Christmas"));
        slaCalendars.addDay(ADMIN, paris, new SlaCalendars.DayForm("HOLIDAY", LocalDate.of(2026, 11, 30), null, false, null, "Closed"));
        var newYork = slaCalendars.createCalendar(ADMIN, new SlaCalendars.CalendarForm("Model office New York " + System.nanoTime(),
                "America/New_York", week(List.of(Range.of("09:00", "17:00")))));
        var calendars = Map.of(paris, SlaEnginePropertiesTest.MODEL_CALENDARS.get(1L), newYork,
                SlaEnginePropertiesTest.MODEL_CALENDARS.get(2L), slaCalendars.defaultCalendar(), MinuteModel.Calendar.always(SlaEnginePropertiesTest.PARIS));
        try {
            Generated.forAll("stored clocks of real tickets equal the minute model", 6, SlaStoredClocksModelTest::timeline,
                    timeline -> follow(timeline, paris, newYork, calendars));
        } finally {
            clock.release();
        }
        System.out.println("stored clocks against the minute model: " + withTargets + " comparisons with measured targets, "
                + breaches + " with a breach");
        assertThat(withTargets).as("comparisons of clocks that had a target and measured time").isPositive();
    }

    private void follow(Timeline timeline, long paris, long newYork, Map<Long, MinuteModel.Calendar> calendars) {
        // a client of its own: the Paris office calendar, a policy, an OLA for one of its two groups
        clock.pin(timeline.opened().minus(Duration.ofDays(2)));
        var tenant = fixtures.tenant("SlaModel");
        var other = directory.createGroup(ADMIN, new GroupForm("SlaModel second line " + System.nanoTime(), SupportLevel.L2, false,
                Set.of(tenant.organizationId()), null)).id();
        contractCalendars.setOrganizationCalendar(ADMIN, tenant.organizationId(), paris);
        var rules = new DeskRules(paris, tenant.groupId(), newYork);
        var policyId = slaPolicies.createPolicy(ADMIN, rules.edit(clock.instant(), 0, newYork, tenant.organizationId()));
        slaPolicies.createPolicy(ADMIN, new SlaPolicies.PolicyForm("OLA", "SlaModel first line", null, tenant.groupId(), 1, Set.of(),
                Set.of(), Set.of(), null, null, Duration.ofHours(3), Set.of(new Pause(ClockKind.RESOLUTION, PauseReason.PENDING_THIRD_PARTY)),
                newYork, 75, null, null, null));
        var agent = tenant.agent().actor();
        var customer = tenant.customer().actor();

        clock.pin(timeline.opened());
        var id = tickets.open(new NewTicket("Clocks", "Counting minutes", tenant.customer().id(), null, null, Urgency.MEDIUM,
                Channel.PORTAL, null, null, List.of()), customer).id();
        var row = row(id);
        var model = new MinuteModel(rules, calendars::get);
        model.apply(new Opened(clock.instant(), tenant.organizationId(), Channel.PORTAL, row.priority(), null, row.groupId(),
                row.status()));
        compare(model, id, agent, "opened");

        var random = new Random(timeline.hashCode());
        for (int i = 0; i < timeline.steps().size(); i++) {
            var step = timeline.steps().get(i);
            clock.advance(Duration.ofMinutes(step.gapMinutes()));
            compare(model, id, agent, "before step " + i + " (time moved on)");
            var now = clock.instant();
            var before = row(id);
            var facts = new ArrayList<Fact>();
            switch (step.kind()) {
                case 0 -> {
                    var next = new ArrayList<>(before.status().next());
                    next.remove(Status.CLOSED);
                    var status = next.get(random.nextInt(next.size()));
                    tickets.update(id, TicketUpdate.status(status), agent);
                }
                case 1 -> {
                    tickets.addMessage(id, new NewMessage("An answer " + i, false, List.of()), agent);
                    facts.add(new AgentResponded(now));
                }
                case 2 -> {
                    tickets.addMessage(id, new NewMessage("News from the customer " + i, false, List.of()), customer);
                    facts.add(new CustomerWrote(now));
                }
                case 3 -> {
                    tickets.logCall(id, new NewCallLog(CallDirection.OUTBOUND, "+33 1 00 00 00 00", 60, "Called " + i, List.of()), agent);
                    facts.add(new AgentResponded(now));
                }
                case 4 -> tickets.addMessage(id, new NewMessage("A note, no answer " + i, true, List.of()), agent);
                case 5 -> {
                    long group = java.util.Objects.equals(before.groupId(), tenant.groupId()) ? other : tenant.groupId();
                    tickets.update(id, new TicketUpdate(null, null, null, null, null, null, group, null, null, null, null), agent);
                }
                default -> {
                    var open = model.open();
                    slaPolicies.updatePolicy(ADMIN, policyId, rules.edit(now, step.value() % 3, newYork, tenant.organizationId()));
                    if (open) {
                        facts.add(new Reevaluate(now));
                    }
                }
            }
            var after = row(id);
            if (!java.util.Objects.equals(before.groupId(), after.groupId())) {
                facts.add(new GroupSet(now, after.groupId()));
            }
            if (before.status() != after.status()) {
                facts.add(new StatusSet(now, after.status()));
            }
            facts.forEach(model::apply);
            compare(model, id, agent, "after step " + i + " " + step + ": " + facts);
        }
        clock.advance(Duration.ofHours(30));
        compare(model, id, agent, "30 hours after the last step");

    }

    /** How many comparisons had a clock with a target running or stopped, and a breach: the comparisons are not all idle. */
    int withTargets;
    int breaches;

    private void compare(MinuteModel model, long ticketId, Actor agent, String when) {
        var stored = ticketClocks.clocks(agent, ticketId);
        withTargets += stored.stream().anyMatch(v -> v.target() != null && !v.elapsed().isZero()) ? 1 : 0;
        breaches += stored.stream().anyMatch(v -> v.breachedAt() != null) ? 1 : 0;
        assertThat(stored).as("stored clocks of ticket %d", ticketId).isNotEmpty();
        assertThat(MinuteModel.seen(stored)).as("%s, at %s", when, clock.instant()).isEqualTo(model.seen(clock.instant()));
    }

    record Row(Status status, Priority priority, Long groupId) {}

    private Row row(long ticketId) {
        return jdbc.sql("select status, priority, group_id from ticket where id = ?").param(ticketId)
                .query((rs, i) -> new Row(Status.valueOf(rs.getString(1)), Priority.valueOf(rs.getString(2)),
                        rs.getObject(3, Long.class))).single();
    }

    private static Map<DayOfWeek, List<Range>> week(List<Range> ranges) {
        var week = new EnumMap<DayOfWeek, List<Range>>(DayOfWeek.class);
        for (var d : List.of(DayOfWeek.MONDAY, DayOfWeek.TUESDAY, DayOfWeek.WEDNESDAY, DayOfWeek.THURSDAY, DayOfWeek.FRIDAY)) {
            week.put(d, ranges);
        }
        return week;
    }

    /** The policies the test stored, as the model looks them up: versions in time, one OLA group, one calendar. */
    static final class DeskRules implements SlaEngine.Rules {
        final long calendar;
        final long olaGroup;
        final long olaCalendar;
        final TreeMap<Instant, Policy> versions = new TreeMap<>();

        DeskRules(long calendar, long olaGroup, long olaCalendar) {
            this.calendar = calendar;
            this.olaGroup = olaGroup;
            this.olaCalendar = olaCalendar;
        }

        /** Version {@code variant} of the client's policy from {@code at}, as the form the service stores. */
        SlaPolicies.PolicyForm edit(Instant at, int variant, long otherCalendar, long organizationId) {
            var targets = new EnumMap<ClockKind, Duration>(ClockKind.class);
            Set<Pause> pauses;
            Long policyCalendar = null;
            if (variant == 1) {
                targets.put(ClockKind.FIRST_RESPONSE, Duration.ofMinutes(20));
                targets.put(ClockKind.RESOLUTION, Duration.ofHours(3));
                pauses = Set.of(new Pause(ClockKind.RESOLUTION, PauseReason.PENDING_CUSTOMER));
                policyCalendar = otherCalendar;
            } else {
                targets.put(ClockKind.FIRST_RESPONSE, Duration.ofMinutes(variant == 0 ? 45 : 90));
                targets.put(ClockKind.NEXT_UPDATE, Duration.ofHours(2));
                targets.put(ClockKind.RESOLUTION, Duration.ofHours(variant == 0 ? 8 : 12));
                pauses = Set.of(new Pause(ClockKind.RESOLUTION, PauseReason.PENDING_CUSTOMER),
                        new Pause(ClockKind.RESOLUTION, PauseReason.PENDING_THIRD_PARTY),
                        new Pause(ClockKind.FIRST_RESPONSE, PauseReason.PENDING_CUSTOMER),
                        new Pause(ClockKind.NEXT_UPDATE, PauseReason.PENDING_CUSTOMER));
            }
            versions.put(at, new Policy(1, versions.size() + 1, "v" + variant, targets, pauses, policyCalendar, 75));
            return new SlaPolicies.PolicyForm("CUSTOMER", "SlaModel client", organizationId, null, 1, Set.of(), Set.of(),
                    Set.of(), targets.get(ClockKind.FIRST_RESPONSE), targets.get(ClockKind.NEXT_UPDATE),
                    targets.get(ClockKind.RESOLUTION), pauses, policyCalendar, 75, null, null, null);
        }

        @Override
        public Optional<Policy> customer(Instant at, long organizationId, Priority priority, Long categoryId, Channel channel) {
            var entry = versions.floorEntry(at);
            return entry == null ? Optional.empty() : Optional.of(entry.getValue());
        }

        @Override
        public Optional<Policy> ola(Instant at, long groupId, Priority priority) {
            return groupId != olaGroup ? Optional.empty()
                    : Optional.of(new Policy(2, 1, "ola", Map.of(ClockKind.RESOLUTION, Duration.ofHours(3)),
                            Set.of(new Pause(ClockKind.RESOLUTION, PauseReason.PENDING_THIRD_PARTY)), olaCalendar, 75));
        }

        @Override
        public long calendarOf(long organizationId) {
            return calendar;
        }

        @Override
        public BusinessCalendar calendar(long calendarId) {
            throw new UnsupportedOperationException("the model counts with its own calendars");
        }
    }
}
