package io.relais.ticket.internal;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.IdClass;
import jakarta.persistence.Table;
import java.io.Serializable;
import java.time.Instant;

/** Someone copied on a ticket (a mail's Cc): they receive the replies and may answer in the thread. */
@Entity
@Table(name = "ticket_participant")
@IdClass(TicketParticipant.Key.class)
public class TicketParticipant {
    @Id
    @Column(name = "ticket_id")
    private long ticketId;
    @Id
    @Column(name = "contact_id")
    private long contactId;
    @Column(name = "added_at")
    private Instant addedAt;

    protected TicketParticipant() {}

    public TicketParticipant(long ticketId, long contactId, Instant now) {
        this.ticketId = ticketId;
        this.contactId = contactId;
        this.addedAt = now;
    }

    public static class Key implements Serializable {
        private long ticketId;
        private long contactId;

        protected Key() {}

        public Key(long ticketId, long contactId) {
            this.ticketId = ticketId;
            this.contactId = contactId;
        }

        @Override
        public boolean equals(Object o) {
            return o instanceof Key k && k.ticketId == ticketId && k.contactId == contactId;
        }

        @Override
        public int hashCode() {
            return Long.hashCode(ticketId) * 31 + Long.hashCode(contactId);
        }
    }
}
