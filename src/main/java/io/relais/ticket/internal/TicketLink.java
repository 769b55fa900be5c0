package io.relais.ticket.internal;

import io.relais.ticket.TicketEnums.LinkKind;
import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.EnumType;
import jakarta.persistence.Enumerated;
import jakarta.persistence.GeneratedValue;
import jakarta.persistence.GenerationType;
import jakarta.persistence.Id;
import jakarta.persistence.Table;
import java.time.Instant;

@Entity
@Table(name = "ticket_link")
public class TicketLink {
    @Id
    @GeneratedValue(strategy = GenerationType.IDENTITY)
    private Long id;
    @Column(name = "source_id")
    private long sourceId;
    @Column(name = "target_id")
    private long targetId;
    @Enumerated(EnumType.STRING)
    private LinkKind kind;
    @Column(name = "created_at")
    private Instant createdAt;

    protected TicketLink() {}

    public TicketLink(long sourceId, long targetId, LinkKind kind, Instant now) {
        this.sourceId = sourceId;
        this.targetId = targetId;
        this.kind = kind;
        this.createdAt = now;
    }

    public Long id() { return id; }
    public long sourceId() { return sourceId; }
    public long targetId() { return targetId; }
    public LinkKind kind() { return kind; }
}
