package io.relais.directory.internal;

import io.relais.directory.DirectoryRecords.ContactChange;
import io.relais.directory.DirectoryRecords.ContactEvent;
import io.relais.security.Actor;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.List;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;

/** The append-only history of who changed a contact's addresses and privileges (shown on the contact's page). */
@Component
public class ContactHistory {
    private final JdbcClient jdbc;

    ContactHistory(JdbcClient jdbc) {
        this.jdbc = jdbc;
    }

    public void record(long contactId, Actor actor, ContactChange change, String detail, Instant at) {
        jdbc.sql("insert into contact_history (contact_id, at, actor, kind, detail) values (?, ?, ?, ?, ?)")
                .params(contactId, at.atOffset(ZoneOffset.UTC), cut(actor.name(), 200), change.name(), cut(detail, 1000))
                .update();
    }

    /** Newest first, at most {@code limit}. */
    public List<ContactEvent> of(long contactId, int limit) {
        return jdbc.sql("select at, actor, kind, detail from contact_history where contact_id = ? order by at desc, id desc"
                        + " fetch first " + Math.max(1, Math.min(limit, 500)) + " rows only")
                .param(contactId)
                .query((rs, i) -> new ContactEvent(rs.getObject(1, OffsetDateTime.class).toInstant(), rs.getString(2),
                        ContactChange.valueOf(rs.getString(3)), rs.getString(4)))
                .list();
    }

    private static String cut(String s, int max) {
        return s == null ? "" : s.length() <= max ? s : s.substring(0, max);
    }
}
