package io.relais.ticket.internal;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.GeneratedValue;
import jakarta.persistence.GenerationType;
import jakarta.persistence.Id;
import jakarta.persistence.Table;
import io.relais.ticket.TicketEnums.AttachmentRole;
import java.time.Instant;

/** A file on a ticket: the row names it, the content is stored once by SHA-256. */
@Entity
@Table(name = "attachment")
public class Attachment {
    @Id
    @GeneratedValue(strategy = GenerationType.IDENTITY)
    private Long id;
    @Column(name = "ticket_id")
    private long ticketId;
    @Column(name = "article_id")
    private Long articleId;
    private String sha256;
    private String filename;
    @Column(name = "content_type")
    private String contentType;
    private long size;
    @Column(name = "created_at")
    private Instant createdAt;
    @jakarta.persistence.Enumerated(jakarta.persistence.EnumType.STRING)
    private AttachmentRole role = AttachmentRole.FILE;
    @Column(name = "content_id")
    private String contentId;

    protected Attachment() {}

    public Attachment(long ticketId, Long articleId, String sha256, String filename, String contentType, long size, Instant now) {
        this.ticketId = ticketId;
        this.articleId = articleId;
        this.sha256 = sha256;
        this.filename = filename;
        this.contentType = contentType;
        this.size = size;
        this.createdAt = now;
    }

    public Attachment(long ticketId, Long articleId, String sha256, String filename, String contentType, long size,
                      Instant now, AttachmentRole role, String contentId) {
        this(ticketId, articleId, sha256, filename, contentType, size, now);
        this.role = role;
        this.contentId = contentId;
    }

    public AttachmentRole role() { return role; }
    public String contentId() { return contentId; }

    public Long id() { return id; }
    public long ticketId() { return ticketId; }
    public Long articleId() { return articleId; }
    public String sha256() { return sha256; }
    public String filename() { return filename; }
    public String contentType() { return contentType; }
    public long size() { return size; }
}
