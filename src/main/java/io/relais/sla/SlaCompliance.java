package io.relais.sla;

import io.relais.common.InvalidInputException;
import io.relais.common.NotFoundException;
import io.relais.security.Actor;
import io.relais.sla.SlaEngine.ClockKind;
import io.relais.sla.SlaEngine.Standing;
import io.relais.sla.internal.SlaRules;
import io.relais.sla.internal.SlaStateCodec;
import io.relais.ticket.TicketEnums.Priority;
import io.relais.ticket.TicketReads;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.io.Writer;
import java.time.Clock;
import java.time.Instant;
import java.time.LocalDate;
import java.time.OffsetDateTime;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;

/**
 * What a client's contract met over a period: for the tickets the organization opened in it (days in
 * its contract calendar's zone), each target's outcomes by priority. First response and resolution
 * count once per ticket (met, breached, or still in progress; a running clock already past its due
 * instant counts as breached); next update and the OLA count each run (a ticket may have several).
 * Read from the clocks' stored standings; only the clocks still running are measured again, at now.
 * Supervisors and administrators of the organizations they serve.
 */
@Service
public class SlaCompliance {
    static final int MAX_DAYS = 366;

    private final JdbcClient jdbc;
    private final SlaRules rules;
    private final TicketReads tickets;
    private final Clock clock;

    SlaCompliance(JdbcClient jdbc, SlaRules rules, TicketReads tickets, Clock clock) {
        this.jdbc = jdbc;
        this.rules = rules;
        this.tickets = tickets;
        this.clock = clock;
    }

    /** Outcomes of one target for one priority (or all priorities in a total). */
    public record Line(Priority priority, ClockKind kind, int met, int breached, int inProgress) {
        /** Met among the decided (met or breached) outcomes, in percent; null when none is decided yet. */
        public Double percent() {
            return met + breached == 0 ? null : 100.0 * met / (met + breached);
        }

        Line plus(Line o) {
            return new Line(priority, kind, met + o.met, breached + o.breached, inProgress + o.inProgress);
        }
    }

    /** The period's tickets and outcomes: lines by priority then target, and one total per target. */
    public record Report(long organizationId, LocalDate from, LocalDate to, ZoneId zone, int tickets, List<Line> lines,
                         Map<ClockKind, Line> totals) {}

    @Transactional(readOnly = true)
    public Report report(Actor actor, long organizationId, LocalDate from, LocalDate to) {
        var zone = authorize(actor, organizationId, from, to);
        var counts = new EnumMap<Priority, EnumMap<ClockKind, int[]>>(Priority.class);
        int[] ticketCount = {0};
        each(organizationId, from, to, zone, outcome -> {
            ticketCount[0]++;
            var byKind = counts.computeIfAbsent(outcome.priority(), p -> new EnumMap<>(ClockKind.class));
            single(byKind, ClockKind.FIRST_RESPONSE, outcome.firstResponse());
            single(byKind, ClockKind.RESOLUTION, outcome.resolution());
            repeated(byKind, ClockKind.NEXT_UPDATE, outcome.nextUpdateMet(), outcome.nextUpdateBreached(), outcome.inProgressNext());
            repeated(byKind, ClockKind.OLA, outcome.olaMet(), outcome.olaBreached(), outcome.inProgressOla());
        });
        var lines = new ArrayList<Line>();
        var totals = new EnumMap<ClockKind, Line>(ClockKind.class);
        counts.forEach((priority, byKind) -> byKind.forEach((kind, c) -> {
            var line = new Line(priority, kind, c[0], c[1], c[2]);
            lines.add(line);
            totals.merge(kind, new Line(null, kind, c[0], c[1], c[2]), Line::plus);
        }));
        return new Report(organizationId, from, to, zone, ticketCount[0], List.copyOf(lines), totals);
    }

    /** The report as CSV (one line per priority and target, then the totals), for a spreadsheet. */
    public void writeCsv(Report report, Writer out) {
        try {
            out.write("organization_id,from,to,zone,priority,target,met,breached,in_progress,met_percent\r\n");
            var all = new ArrayList<>(report.lines());
            all.addAll(report.totals().values());
            for (var line : all) {
                out.write(report.organizationId() + "," + report.from() + "," + report.to() + "," + report.zone() + ","
                        + (line.priority() == null ? "ALL" : line.priority().name()) + "," + line.kind() + "," + line.met() + ","
                        + line.breached() + "," + line.inProgress() + ","
                        + (line.percent() == null ? "" : String.format(java.util.Locale.ROOT, "%.1f", line.percent())) + "\r\n");
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Every ticket of the period with its outcomes, as CSV, oldest first (read a thousand tickets at a time). */
    @Transactional(readOnly = true)
    public void writeTicketsCsv(Actor actor, long organizationId, LocalDate from, LocalDate to, Writer out) {
        var zone = authorize(actor, organizationId, from, to);
        try {
            out.write("number,subject,priority,opened_at,first_response,resolution,next_update_met,next_update_breached,"
                    + "ola_met,ola_breached\r\n");
            var page = new ArrayList<Outcome>();
            Runnable flush = () -> {
                var headlines = tickets.headlines(actor, page.stream().map(Outcome::ticketId).toList());
                for (var o : page) {
                    var h = headlines.get(o.ticketId());
                    if (h == null) {
                        continue;
                    }
                    try {
                        out.write(h.number() + "," + csv(h.subject()) + "," + o.priority() + "," + o.openedAt() + ","
                                + o.firstResponse() + "," + o.resolution() + "," + o.nextUpdateMet() + ","
                                + (o.nextUpdateBreached() + (o.inProgressNext() < 0 ? 1 : 0)) + "," + o.olaMet() + ","
                                + (o.olaBreached() + (o.inProgressOla() < 0 ? 1 : 0)) + "\r\n");
                    } catch (IOException e) {
                        throw new UncheckedIOException(e);
                    }
                }
                page.clear();
            };
            each(organizationId, from, to, zone, o -> {
                page.add(o);
                if (page.size() == 1000) {
                    flush.run();
                }
            });
            flush.run();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** A cell of CSV: quoted when needed; a leading =, +, - or @ is defused so spreadsheets do not run it. */
    static String csv(String value) {
        if (value == null) {
            return "";
        }
        var v = value.replace("\r", " ").replace("\n", " ");
        if (!v.isEmpty() && "=+-@\t".indexOf(v.charAt(0)) >= 0) {
            v = "'" + v;
        }
        return v.contains(",") || v.contains("\"") || v.contains(";") ? "\"" + v.replace("\"", "\"\"") + "\"" : v;
    }

    /** Refuses what {@link #report} and {@link #writeTicketsCsv} would refuse, before anything is written. */
    public void check(Actor actor, long organizationId, LocalDate from, LocalDate to) {
        authorize(actor, organizationId, from, to);
    }

    private ZoneId authorize(Actor actor, long organizationId, LocalDate from, LocalDate to) {
        actor.requireSupervisor();
        if (!actor.scope().includesOrganization(organizationId)) {
            throw new NotFoundException("organization", organizationId);
        }
        if (from == null || to == null || to.isBefore(from)) {
            throw InvalidInputException.field("from", "a first day on or before the last one");
        }
        if (to.isAfter(from.plusDays(MAX_DAYS))) {
            throw InvalidInputException.field("to", "a period of at most a year");
        }
        var snapshot = rules.current();
        return snapshot.calendar(snapshot.calendarOf(organizationId)).zone();
    }

    /**
     * One ticket's outcomes; {@code inProgressNext} / {@code inProgressOla}: 1 for a run still going
     * within its target, -1 for one going past it (a breach not yet counted by the stored counters), 0 none.
     */
    private record Outcome(long ticketId, Priority priority, Instant openedAt, Standing firstResponse, Standing resolution,
                           int nextUpdateMet, int nextUpdateBreached, int inProgressNext, int olaMet, int olaBreached,
                           int inProgressOla) {}

    private void each(long organizationId, LocalDate from, LocalDate to, ZoneId zone, java.util.function.Consumer<Outcome> sink) {
        var start = OffsetDateTime.ofInstant(from.atStartOfDay(zone).toInstant(), ZoneOffset.UTC);
        var end = OffsetDateTime.ofInstant(to.plusDays(1).atStartOfDay(zone).toInstant(), ZoneOffset.UTC);
        var now = clock.instant();
        var snapshot = rules.current();
        long after = -1;
        OffsetDateTime afterAt = null;
        while (true) {
            // keyset on (opened_at, ticket_id) over the (organization_id, opened_at) index
            var page = jdbc.sql("select ticket_id, priority, opened_at, first_response, resolution, next_update_met,"
                            + " next_update_breached, ola_met, ola_breached,"
                            + " case when open or first_response = 'RUNNING' or resolution = 'RUNNING' then state end"
                            + " from sla_ticket where organization_id = ? and opened_at >= ? and opened_at < ?"
                            + (afterAt == null ? "" : " and (opened_at > ? or (opened_at = ? and ticket_id > ?))")
                            + " order by opened_at, ticket_id limit 1000")
                    .params(afterAt == null ? List.of(organizationId, start, end)
                            : List.of(organizationId, start, end, afterAt, afterAt, after))
                    .query((rs, i) -> {
                        var state = rs.getString(10);
                        var first = Standing.valueOf(rs.getString(4));
                        var resolution = Standing.valueOf(rs.getString(5));
                        int nextMet = rs.getInt(6);
                        int nextBreached = rs.getInt(7);
                        int olaMet = rs.getInt(8);
                        int olaBreached = rs.getInt(9);
                        int nextRunning = 0;
                        int olaRunning = 0;
                        if (state != null) {
                            for (var v : SlaEngine.read(SlaStateCodec.read(state), snapshot, now)) {
                                switch (v.kind()) {
                                    case FIRST_RESPONSE -> first = v.standing().outcome();
                                    case RESOLUTION -> resolution = v.standing().outcome();
                                    case NEXT_UPDATE -> nextRunning = running(v);
                                    case OLA -> olaRunning = running(v);
                                }
                            }
                        }
                        var openedAt = rs.getObject(3, OffsetDateTime.class);
                        return new Object[] {new Outcome(rs.getLong(1), Priority.valueOf(rs.getString(2)), openedAt.toInstant(),
                                first, resolution, nextMet, nextBreached, nextRunning, olaMet, olaBreached, olaRunning), openedAt};
                    }).list();
            for (var row : page) {
                sink.accept((Outcome) row[0]);
            }
            if (page.size() < 1000) {
                return;
            }
            var last = page.get(page.size() - 1);
            after = ((Outcome) last[0]).ticketId();
            afterAt = (OffsetDateTime) last[1];
        }
    }

    private static int running(SlaEngine.View v) {
        if (v.target() == null || (v.phase() != SlaEngine.Phase.RUNNING && v.phase() != SlaEngine.Phase.PAUSED)) {
            return 0;
        }
        return v.breachedAt() != null ? -1 : 1;
    }

    private static void single(Map<ClockKind, int[]> byKind, ClockKind kind, Standing s) {
        if (s == Standing.NONE || s == Standing.UNANSWERED) {
            return; // no target, or a first response never given: neither met nor breached
        }
        var c = byKind.computeIfAbsent(kind, k -> new int[3]);
        c[s == Standing.MET ? 0 : s == Standing.BREACHED ? 1 : 2]++;
    }

    private static void repeated(Map<ClockKind, int[]> byKind, ClockKind kind, int met, int breached, int running) {
        if (met == 0 && breached == 0 && running == 0) {
            return;
        }
        var c = byKind.computeIfAbsent(kind, k -> new int[3]);
        c[0] += met;
        c[1] += breached + (running < 0 ? 1 : 0);
        c[2] += running > 0 ? 1 : 0;
    }
}
