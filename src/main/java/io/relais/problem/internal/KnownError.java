package io.relais.problem.internal;

import io.relais.common.SearchAnalysis;
import io.relais.problem.KnownErrors.Status;
import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.EnumType;
import jakarta.persistence.Enumerated;
import jakarta.persistence.GeneratedValue;
import jakarta.persistence.GenerationType;
import jakarta.persistence.Id;
import jakarta.persistence.Table;
import java.time.Instant;
import org.hibernate.search.engine.backend.types.Projectable;
import org.hibernate.search.mapper.pojo.mapping.definition.annotation.FullTextField;
import org.hibernate.search.mapper.pojo.mapping.definition.annotation.GenericField;
import org.hibernate.search.mapper.pojo.mapping.definition.annotation.Indexed;
import org.hibernate.search.mapper.pojo.mapping.definition.annotation.KeywordField;

/** A known error, indexed so that a new ticket's words find it. */
@Entity
@Table(name = "known_error")
@Indexed(index = "known_error")
public class KnownError {
    @Id
    @GeneratedValue(strategy = GenerationType.IDENTITY)
    private Long id;
    @GenericField(projectable = Projectable.YES)
    private long number;
    @FullTextField(name = "title", analyzer = SearchAnalysis.WORDS)
    @FullTextField(name = "title_fr", analyzer = SearchAnalysis.FRENCH)
    @FullTextField(name = "title_en", analyzer = SearchAnalysis.ENGLISH)
    private String title;
    @FullTextField(name = "symptom", analyzer = SearchAnalysis.WORDS)
    @FullTextField(name = "symptom_fr", analyzer = SearchAnalysis.FRENCH)
    @FullTextField(name = "symptom_en", analyzer = SearchAnalysis.ENGLISH)
    private String symptom;
    private String cause;
    private String workaround;
    @Enumerated(EnumType.STRING)
    @KeywordField
    private Status status;
    @Column(name = "organization_id")
    @GenericField
    private Long organizationId;
    @Column(name = "ticket_count")
    private int ticketCount;
    @Column(name = "created_at")
    private Instant createdAt;
    @Column(name = "created_by")
    private String createdBy;
    @Column(name = "updated_at")
    private Instant updatedAt;
    @Column(name = "updated_by")
    private String updatedBy;

    protected KnownError() {}

    public KnownError(long number, Instant now, String author) {
        this.number = number;
        this.createdAt = now;
        this.createdBy = author;
    }

    public void write(String title, String symptom, String cause, String workaround, Status status, Long organizationId,
                      Instant now, String author) {
        this.title = title;
        this.symptom = symptom;
        this.cause = cause;
        this.workaround = workaround;
        this.status = status;
        this.organizationId = organizationId;
        this.updatedAt = now;
        this.updatedBy = author;
    }

    public void ticketCount(int count) {
        this.ticketCount = count;
    }

    /** Organization of the known error, or -1 for every client (the index matches on a value, never on a missing one). */
    @GenericField(name = "scopeOrganization")
    @org.hibernate.search.mapper.pojo.mapping.definition.annotation.IndexingDependency(
            derivedFrom = @org.hibernate.search.mapper.pojo.mapping.definition.annotation.ObjectPath(
                    @org.hibernate.search.mapper.pojo.mapping.definition.annotation.PropertyValue(propertyName = "organizationId")))
    public long getScopeOrganization() {
        return organizationId == null ? -1 : organizationId;
    }

    public Long getId() { return id; }
    public long getNumber() { return number; }
    public String getTitle() { return title; }
    public String getSymptom() { return symptom; }
    public String getCause() { return cause; }
    public String getWorkaround() { return workaround; }
    public Status getStatus() { return status; }
    public Long getOrganizationId() { return organizationId; }
    public int getTicketCount() { return ticketCount; }
    public Instant getCreatedAt() { return createdAt; }
    public String getCreatedBy() { return createdBy; }
    public Instant getUpdatedAt() { return updatedAt; }
    public String getUpdatedBy() { return updatedBy; }
}
