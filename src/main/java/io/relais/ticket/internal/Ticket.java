package io.relais.ticket.internal;

import io.relais.common.InvalidInputException;
import io.relais.directory.SupportLevel;
import io.relais.ticket.Change;
import io.relais.ticket.Status;
import io.relais.ticket.TicketEnums.Channel;
import io.relais.ticket.TicketEnums.Impact;
import io.relais.ticket.TicketEnums.Priority;
import io.relais.ticket.TicketEnums.Urgency;
import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.EnumType;
import jakarta.persistence.Enumerated;
import jakarta.persistence.GeneratedValue;
import jakarta.persistence.GenerationType;
import jakarta.persistence.Id;
import jakarta.persistence.Table;
import jakarta.persistence.Version;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Objects;
import org.hibernate.search.mapper.pojo.bridge.mapping.annotation.TypeBinderRef;
import org.hibernate.search.mapper.pojo.mapping.definition.annotation.Indexed;
import org.hibernate.search.mapper.pojo.mapping.definition.annotation.TypeBinding;

/**
 * A ticket. No public setters: each command returns the changes it made, which the service writes
 * to the timeline in the same transaction (audit by construction).
 */
@Entity
@Table(name = "ticket")
@Indexed(index = "ticket")
@TypeBinding(binder = @TypeBinderRef(type = TicketDocument.class))
public class Ticket {
    @Id
    @GeneratedValue(strategy = GenerationType.IDENTITY)
    private Long id;
    private long number;
    private String subject;
    private String description;
    @Column(name = "requester_id")
    private long requesterId;
    @Column(name = "organization_id")
    private long organizationId;
    @Column(name = "category_id")
    private Long categoryId;
    @Enumerated(EnumType.STRING)
    private Impact impact;
    @Enumerated(EnumType.STRING)
    private Urgency urgency;
    /** How urgent the customer said it was for them when they opened it (the desk sets {@link #urgency}). */
    @Enumerated(EnumType.STRING)
    @Column(name = "customer_urgency")
    private Urgency customerUrgency;
    @Enumerated(EnumType.STRING)
    private Priority priority;
    @Enumerated(EnumType.STRING)
    private Channel channel;
    @Enumerated(EnumType.STRING)
    private Status status;
    @Column(name = "group_id")
    private Long groupId;
    @Column(name = "assignee_id")
    private Long assigneeId;
    @Enumerated(EnumType.STRING)
    @Column(name = "support_level")
    private SupportLevel supportLevel;
    private String tags = "";
    @Column(name = "merged_into_id")
    private Long mergedIntoId;
    @Column(name = "follow_up_id")
    private Long followUpId;
    /** Opened by a mail archive import: no SLA clocks, nothing mailed about it. */
    private boolean imported;
    @Column(name = "created_at")
    private Instant createdAt;
    @Column(name = "updated_at")
    private Instant updatedAt;
    @Column(name = "first_response_at")
    private Instant firstResponseAt;
    @Column(name = "resolved_at")
    private Instant resolvedAt;
    @Column(name = "closed_at")
    private Instant closedAt;
    @Version
    private long version;

    protected Ticket() {}

    public Ticket(long number, String subject, String description, long requesterId, long organizationId,
                  Long categoryId, Impact impact, Urgency urgency, Priority priority, Channel channel,
                  Long groupId, Long assigneeId, SupportLevel level, List<String> tags, Instant now) {
        this.number = number;
        this.subject = subject;
        this.description = description;
        this.requesterId = requesterId;
        this.organizationId = organizationId;
        this.categoryId = categoryId;
        this.impact = impact;
        this.urgency = urgency;
        this.priority = priority;
        this.channel = channel;
        this.status = Status.NEW;
        this.groupId = groupId;
        this.assigneeId = assigneeId;
        this.supportLevel = level;
        this.tags = String.join(",", tags);
        this.createdAt = now;
        this.updatedAt = now;
    }

    /** At creation: what the customer said of the urgency, kept apart from the desk's. */
    public Ticket customerSays(Urgency urgency) {
        this.customerUrgency = urgency;
        return this;
    }

    public Urgency customerUrgency() { return customerUrgency; }
    public Long id() { return id; }
    public long number() { return number; }
    public String subject() { return subject; }
    public String description() { return description; }
    public long requesterId() { return requesterId; }
    public long organizationId() { return organizationId; }
    public Long categoryId() { return categoryId; }
    public Impact impact() { return impact; }
    public Urgency urgency() { return urgency; }
    public Priority priority() { return priority; }
    public Channel channel() { return channel; }
    public Status status() { return status; }
    public Long groupId() { return groupId; }
    public Long assigneeId() { return assigneeId; }
    public SupportLevel supportLevel() { return supportLevel; }
    public List<String> tags() { return tags == null || tags.isEmpty() ? List.of() : List.of(tags.split(",")); }
    public Long mergedIntoId() { return mergedIntoId; }
    public Long followUpId() { return followUpId; }
    public boolean imported() { return imported; }
    public void markImported() { this.imported = true; }
    public Instant createdAt() { return createdAt; }
    public Instant updatedAt() { return updatedAt; }
    public Instant firstResponseAt() { return firstResponseAt; }
    public Instant resolvedAt() { return resolvedAt; }
    public Instant closedAt() { return closedAt; }
    public long version() { return version; }

    /** Closed for longer than the reopen window: a new message goes to a new ticket. */
    public boolean closedBeyond(Instant now, Duration reopenWindow) {
        return status == Status.CLOSED && closedAt != null && now.isAfter(closedAt.plus(reopenWindow));
    }

    public void followedUpBy(long ticketId) {
        this.followUpId = ticketId;
    }

    public boolean isMerged() {
        return mergedIntoId != null;
    }

    // ---- commands: each returns the changes it made (nothing when the value is unchanged)

    public List<FieldChange> changeStatus(Status target, Instant now, Duration reopenWindow) {
        if (target == status) {
            return List.of();
        }
        if (!status.canMoveTo(target)) {
            throw InvalidInputException.field("status", "cannot move from " + status + " to " + target
                    + "; allowed: " + status.next());
        }
        if (status == Status.CLOSED && closedAt != null && now.isAfter(closedAt.plus(reopenWindow))) {
            throw InvalidInputException.field("status", "closed more than " + reopenWindow.toDays()
                    + " days ago: open a new ticket and link it");
        }
        var old = status;
        status = target;
        switch (target) {
            case RESOLVED -> resolvedAt = now;
            case CLOSED -> closedAt = now;
            case OPEN -> {
                if (old == Status.RESOLVED || old == Status.CLOSED) {
                    resolvedAt = null;
                    closedAt = null;
                }
            }
            default -> { }
        }
        return List.of(FieldChange.of(Change.STATUS, old, target));
    }

    public List<FieldChange> changeSubject(String value) {
        if (Objects.equals(subject, value)) {
            return List.of();
        }
        var old = subject;
        subject = value;
        return List.of(FieldChange.of(Change.SUBJECT, old, value));
    }

    /** Impact and urgency give the priority through the matrix; all three are recorded when they move. */
    public List<FieldChange> changeImpactUrgency(Impact newImpact, Urgency newUrgency, Priority newPriority) {
        var changes = new java.util.ArrayList<FieldChange>();
        if (newImpact != impact) {
            changes.add(FieldChange.of(Change.IMPACT, impact, newImpact));
            impact = newImpact;
        }
        if (newUrgency != urgency) {
            changes.add(FieldChange.of(Change.URGENCY, urgency, newUrgency));
            urgency = newUrgency;
        }
        if (newPriority != priority) {
            changes.add(FieldChange.of(Change.PRIORITY, priority, newPriority));
            priority = newPriority;
        }
        return changes;
    }

    public List<FieldChange> changeCategory(Long value) {
        if (Objects.equals(categoryId, value)) {
            return List.of();
        }
        var old = categoryId;
        categoryId = value;
        return List.of(FieldChange.of(Change.CATEGORY, old, value));
    }

    public List<FieldChange> changeGroup(Long value, SupportLevel level) {
        var changes = new java.util.ArrayList<FieldChange>();
        if (!Objects.equals(groupId, value)) {
            changes.add(FieldChange.of(Change.GROUP, groupId, value));
            groupId = value;
        }
        if (level != null && level != supportLevel) {
            changes.add(FieldChange.of(Change.SUPPORT_LEVEL, supportLevel, level));
            supportLevel = level;
        }
        return changes;
    }

    public List<FieldChange> changeAssignee(Long value) {
        if (Objects.equals(assigneeId, value)) {
            return List.of();
        }
        var old = assigneeId;
        assigneeId = value;
        return List.of(FieldChange.of(Change.ASSIGNEE, old, value));
    }

    public List<FieldChange> changeTags(List<String> value) {
        var joined = String.join(",", value);
        if (Objects.equals(tags, joined)) {
            return List.of();
        }
        var old = tags;
        tags = joined;
        return List.of(FieldChange.of(Change.TAGS, old, joined));
    }

    public List<FieldChange> changeRequester(long contactId) {
        if (requesterId == contactId) {
            return List.of();
        }
        var old = requesterId;
        requesterId = contactId;
        return List.of(FieldChange.of(Change.REQUESTER, old, contactId));
    }

    /** The first public answer of an agent: starts the conversation, the ticket leaves NEW. */
    public List<FieldChange> agentResponded(Instant now) {
        if (firstResponseAt == null) {
            firstResponseAt = now;
        }
        if (status == Status.NEW) {
            status = Status.OPEN;
            return List.of(FieldChange.of(Change.STATUS, Status.NEW, Status.OPEN));
        }
        return List.of();
    }

    /** The customer wrote: a ticket waiting for them, or resolved, is open again. */
    public List<FieldChange> customerResponded(Instant now, Duration reopenWindow) {
        if (status == Status.PENDING_CUSTOMER || status == Status.RESOLVED) {
            return changeStatus(Status.OPEN, now, reopenWindow);
        }
        if (status == Status.CLOSED) {
            throw InvalidInputException.field("status", "this ticket is closed: open a new ticket");
        }
        return List.of();
    }

    public List<FieldChange> mergeInto(long targetId, long targetNumber, Instant now) {
        var old = status;
        mergedIntoId = targetId;
        status = Status.CLOSED;
        closedAt = now;
        var changes = new java.util.ArrayList<FieldChange>();
        changes.add(FieldChange.of(Change.MERGED_INTO, null, targetNumber));
        if (old != Status.CLOSED) {
            changes.add(FieldChange.of(Change.STATUS, old, Status.CLOSED));
        }
        return changes;
    }

    /** Every command ends here: bumps updated_at (and so the version, which guards stale saves). */
    public void touch(Instant now) {
        // Strictly later, so the row is always dirty and the version always moves by exactly one.
        updatedAt = now.isAfter(updatedAt) ? now : updatedAt.plusNanos(1_000);
    }
}
