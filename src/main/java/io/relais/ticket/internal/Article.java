package io.relais.ticket.internal;

import io.relais.ticket.TicketEnums.ArticleKind;
import io.relais.ticket.TicketEnums.CallDirection;
import io.relais.ticket.TicketEnums.Channel;
import io.relais.ticket.TicketEnums.DeliveryState;
import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.EnumType;
import jakarta.persistence.Enumerated;
import jakarta.persistence.GeneratedValue;
import jakarta.persistence.GenerationType;
import jakarta.persistence.Id;
import jakarta.persistence.Table;
import java.time.Instant;

/** One message of a ticket's conversation: a reply, an internal note or a call log. Its text is never edited. */
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
    @Enumerated(EnumType.STRING)
    private Channel origin = Channel.WEB;
    @Column(name = "body_html")
    private String bodyHtml;
    @Column(name = "message_id")
    private String messageId;
    @Column(name = "mail_from")
    private String mailFrom;
    @Column(name = "mail_to")
    private String mailTo;
    @Column(name = "mail_cc")
    private String mailCc;
    private boolean automatic;
    @Enumerated(EnumType.STRING)
    @Column(name = "delivery_state")
    private DeliveryState deliveryState;
    @Column(name = "delivery_detail")
    private String deliveryDetail;

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

    /** Marks the article as a mail: what it was, where it came from or went. */
    public Article mail(Channel origin, String messageId, String from, String to, String cc, String html, boolean automatic) {
        this.origin = origin;
        this.messageId = cut(messageId, 500);
        this.mailFrom = cut(from, 500);
        this.mailTo = cut(to, 4000);
        this.mailCc = cut(cc, 4000);
        this.bodyHtml = html;
        this.automatic = automatic;
        return this;
    }

    /** An article that leaves by mail: its Message-ID and addresses, and its delivery now queued. */
    public void mailed(String messageId, String from, String to, String cc) {
        this.messageId = cut(messageId, 500);
        this.mailFrom = cut(from, 500);
        this.mailTo = cut(to, 4000);
        this.mailCc = cut(cc, 4000);
        this.deliveryState = DeliveryState.QUEUED;
    }

    public Article origin(Channel origin) {
        this.origin = origin;
        return this;
    }

    /** Delivery is the one thing that changes on an article after it is written: the outbox reports it. */
    public void delivery(DeliveryState state, String detail) {
        this.deliveryState = state;
        this.deliveryDetail = cut(detail, 1000);
    }

    private static String cut(String s, int max) {
        return s == null || s.length() <= max ? s : s.substring(0, max);
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
    public Channel origin() { return origin; }
    public String bodyHtml() { return bodyHtml; }
    public String messageId() { return messageId; }
    public String mailFrom() { return mailFrom; }
    public String mailTo() { return mailTo; }
    public String mailCc() { return mailCc; }
    public boolean automatic() { return automatic; }
    public DeliveryState deliveryState() { return deliveryState; }
    public String deliveryDetail() { return deliveryDetail; }
}
