package io.relais.ticket.internal;

import io.relais.ticket.Change;
import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.EnumType;
import jakarta.persistence.Enumerated;
import jakarta.persistence.GeneratedValue;
import jakarta.persistence.GenerationType;
import jakarta.persistence.Id;
import jakarta.persistence.Table;
import java.time.Instant;
import org.hibernate.annotations.Immutable;

/** One immutable line of a ticket's history. Hibernate never issues an UPDATE for it. */
@Entity
@Immutable
@Table(name = "timeline_entry")
public class TimelineEntry {
    @Id
    @GeneratedValue(strategy = GenerationType.IDENTITY)
    private Long id;
    @Column(name = "ticket_id")
    private long ticketId;
    @Column(name = "ticket_version")
    private long ticketVersion;
    private Instant at;
    @Column(name = "actor_kind")
    private String actorKind;
    @Column(name = "actor_id")
    private Long actorId;
    @Column(name = "actor_name")
    private String actorName;
    @Enumerated(EnumType.STRING)
    private Change change;
    @Column(name = "old_value")
    private String oldValue;
    @Column(name = "new_value")
    private String newValue;
    @Column(name = "article_id")
    private Long articleId;

    protected TimelineEntry() {}

    public TimelineEntry(long ticketId, long ticketVersion, Instant at, String actorKind, Long actorId, String actorName,
                         FieldChange change) {
        this.ticketId = ticketId;
        this.ticketVersion = ticketVersion;
        this.at = at;
        this.actorKind = actorKind;
        this.actorId = actorId;
        this.actorName = actorName;
        this.change = change.change();
        this.oldValue = change.oldValue();
        this.newValue = change.newValue();
        this.articleId = change.articleId();
    }

    public Long id() { return id; }
    public long ticketId() { return ticketId; }
    public long ticketVersion() { return ticketVersion; }
    public Instant at() { return at; }
    public String actorName() { return actorName; }
    public String actorKind() { return actorKind; }
    public Change change() { return change; }
    public String oldValue() { return oldValue; }
    public String newValue() { return newValue; }
    public Long articleId() { return articleId; }
}
