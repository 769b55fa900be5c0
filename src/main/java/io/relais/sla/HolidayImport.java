package io.relais.sla;

import io.relais.common.InvalidInputException;
import io.relais.common.NotFoundException;
import io.relais.common.SafeHttp;
import io.relais.security.Actor;
import io.relais.sla.internal.HolidayFeed;
import io.relais.sla.internal.SlaClocks;
import io.relais.sla.internal.SlaRules;
import java.time.Clock;
import java.time.LocalDate;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.HashSet;
import java.util.List;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Service;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * Imports the holidays of an iCalendar file into a business calendar, from an upload or from a URL
 * (fetched through {@link SafeHttp}: public addresses only, size and time limits). Days already in the
 * calendar are left as they are, so importing the same feed again adds nothing; then the open
 * tickets' clocks are recomputed once.
 */
@Service
public class HolidayImport {
    private final JdbcClient jdbc;
    private final SlaRules rules;
    private final SlaClocks clocks;
    private final SafeHttp http;
    private final TransactionTemplate tx;
    private final Clock clock;

    HolidayImport(JdbcClient jdbc, SlaRules rules, SlaClocks clocks, SafeHttp http, TransactionTemplate tx, Clock clock) {
        this.jdbc = jdbc;
        this.rules = rules;
        this.clocks = clocks;
        this.http = http;
        this.tx = tx;
        this.clock = clock;
    }

    /** What an import did: holidays added, those the calendar already had, and the events left aside with why. */
    public record Summary(int added, int alreadyThere, List<String> skipped) implements java.io.Serializable {}

    /** Imports an uploaded file ({@code file} is the form field named in errors). */
    public Summary fromFile(Actor actor, long calendarId, byte[] file) {
        actor.requireAdmin();
        return store(calendarId, parse("file", file));
    }

    /** Fetches the feed at {@code url} (http or https, public addresses only) and imports it. */
    public Summary fromUrl(Actor actor, long calendarId, String url) {
        actor.requireAdmin();
        requireCalendar(calendarId);
        byte[] body;
        try {
            body = http.get(url, HolidayFeed.MAX_BYTES).body();
        } catch (SafeHttp.Refused e) {
            throw InvalidInputException.field("url", e.getMessage());
        }
        return store(calendarId, parse("url", body));
    }

    private static HolidayFeed.Parsed parse(String field, byte[] bytes) {
        if (bytes == null || bytes.length == 0) {
            throw InvalidInputException.field(field, "the file is empty");
        }
        try {
            return HolidayFeed.parse(bytes);
        } catch (HolidayFeed.Unreadable e) {
            throw InvalidInputException.field(field, e.getMessage());
        }
    }

    private void requireCalendar(long calendarId) {
        if (jdbc.sql("select count(*) from sla_calendar where id = ?").param(calendarId).query(Long.class).single() == 0) {
            throw new NotFoundException("calendar", calendarId);
        }
    }

    private Summary store(long calendarId, HolidayFeed.Parsed parsed) {
        var summary = tx.execute(s -> {
            if (jdbc.sql("select id from sla_calendar where id = ? for update").param(calendarId).query(Long.class).optional().isEmpty()) {
                throw new NotFoundException("calendar", calendarId);
            }
            var present = new HashSet<String>();
            jdbc.sql("select date_from, date_to, yearly from sla_calendar_day where calendar_id = ? and kind = 'HOLIDAY'")
                    .param(calendarId).query((rs, i) -> present.add(key(rs.getObject(1, LocalDate.class),
                            rs.getObject(2, LocalDate.class), rs.getBoolean(3)))).list();
            int added = 0;
            int already = 0;
            for (var h : parsed.holidays()) {
                if (!present.add(key(h.from(), h.to(), h.yearly()))) {
                    already++;
                    continue;
                }
                jdbc.sql("insert into sla_calendar_day (calendar_id, kind, date_from, date_to, yearly, hours, name) "
                                + "values (?, 'HOLIDAY', ?, ?, ?, null, ?)")
                        .params(calendarId, h.from(), h.to(), h.yearly(), h.name()).update();
                added++;
            }
            if (added > 0) {
                jdbc.sql("update sla_calendar set updated_at = ? where id = ?")
                        .params(OffsetDateTime.ofInstant(clock.instant(), ZoneOffset.UTC), calendarId).update();
                rules.bump();
            }
            return new Summary(added, already, parsed.skipped());
        });
        if (summary.added() > 0) {
            clocks.recomputeOpen();
        }
        return summary;
    }

    private static String key(LocalDate from, LocalDate to, boolean yearly) {
        return yearly ? "Y" + from.toString().substring(5) + "/" + to.toString().substring(5) : from + "/" + to;
    }
}
