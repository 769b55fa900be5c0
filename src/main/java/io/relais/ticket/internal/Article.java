package io.relais.ticket.internal;

import io.relais.ticket.TicketEnums.ArticleKind;
import io.relais.ticket.TicketEnums.CallDirection;
import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.EnumType;
import jakarta.persistence.Enumerated;
import jakarta.persistence.GeneratedValue;
import jakarta.persistence.GenerationType;
import jakarta.persistence.Id;
import jakarta.persistence.Table;
import java.time.Instant;

/** One message of a ticket's conversation: a reply, an internal note or a call log. Never edited. */
@Entity
@Table(name = "article")
public class Article {
    @Id
    @GeneratedValue(strategy = GenerationType.IDENTITY)
    private Long id;
    @Column(name = "ticket_id")
    private long ticketId;
    @Enumerated(EnumType.STRING)
    private ArticleKind kind;
    private boolean internal;
    @Column(name = "author_agent_id")
    private Long authorAgentId;
    @Column(name = "author_contact_id")
    private Long authorContactId;
    @Column(name = "author_name")
    private String authorName;
    private String body;
    @Enumerated(EnumType.STRING)
    @Column(name = "call_direction")
    private CallDirection callDirection;
    @Column(name = "call_number")
    private String callNumber;
    @Column(name = "call_seconds")
    private Integer callSeconds;
    @Column(name = "created_at")
    private Instant createdAt;

    protected Article() {}

    public Article(long ticketId, ArticleKind kind, boolean internal, Long authorAgentId, Long authorContactId,
                   String authorName, String body, CallDirection direction, String number, Integer seconds, Instant now) {
        this.ticketId = ticketId;
        this.kind = kind;
        this.internal = internal;
        this.authorAgentId = authorAgentId;
        this.authorContactId = authorContactId;
        this.authorName = authorName;
        this.body = body;
        this.callDirection = direction;
        this.callNumber = number;
        this.callSeconds = seconds;
        this.createdAt = now;
    }

    public Long id() { return id; }
    public long ticketId() { return ticketId; }
    public ArticleKind kind() { return kind; }
    public boolean internal() { return internal; }
    public Long authorAgentId() { return authorAgentId; }
    public Long authorContactId() { return authorContactId; }
    public String authorName() { return authorName; }
    public String body() { return body; }
    public CallDirection callDirection() { return callDirection; }
    public String callNumber() { return callNumber; }
    public Integer callSeconds() { return callSeconds; }
    public Instant createdAt() { return createdAt; }
}
