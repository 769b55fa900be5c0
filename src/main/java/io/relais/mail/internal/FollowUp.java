package io.relais.mail.internal;

import io.relais.mail.internal.MessageIds.Reference;
import io.relais.ticket.MailThreads;
import io.relais.ticket.TicketReads;
import io.relais.ticket.TicketViews.MailThread;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Optional;
import java.util.regex.Pattern;
import org.springframework.stereotype.Component;

/**
 * Which ticket a message follows: one of our signed Message-IDs it refers to, else the subject tag or a Message-ID
 * this mailbox took before, when the sender is the ticket's requester or a participant.
 */
@Component
class FollowUp {
    private final TicketReads ticketQueries;
    private final MailThreads mailThreads;
    private final MailSettings settings;
    private final TakenMessages taken;

    FollowUp(TicketReads ticketQueries, MailThreads mailThreads, MailSettings settings, TakenMessages taken) {
        this.ticketQueries = ticketQueries;
        this.mailThreads = mailThreads;
        this.settings = settings;
        this.taken = taken;
    }

    /** The Message-IDs a message refers to, nearest first: In-Reply-To, then References newest first. */
    static List<String> references(ParsedMail mail) {
        var references = new ArrayList<String>();
        if (mail.inReplyTo() != null) {
            references.add(mail.inReplyTo());
        }
        var refs = new ArrayList<>(mail.references());
        Collections.reverse(refs);
        references.addAll(refs);
        return references;
    }

    /**
     * The ticket followed: by the first signed reference to a ticket with a mail thread, else, for a contact
     * ({@code contactId} not null), by the subject tag, else by a known Message-ID; null for a new ticket.
     */
    MailThread thread(long mailboxId, String subject, List<String> references, List<Reference> signed, Long contactId) {
        MailThread thread = null;
        for (var ref : signed) {
            if (thread != null) {
                break;
            }
            thread = ticketQueries.ticketByNumber(MailIntake.SYSTEM, ref.ticketNumber())
                    .flatMap(t -> mailThreads.mailThread(t.id())).orElse(null);
        }
        if (thread == null && contactId != null) {
            thread = bySubjectTag(subject, contactId);
        }
        if (thread == null && contactId != null) {
            thread = byKnownMessageId(mailboxId, references, contactId);
        }
        return thread;
    }

    /** The ticket number of a subject tag such as {@code [Relais #1042]}, if the subject has one. */
    static Optional<Long> taggedNumber(String subject, String tag) {
        if (subject == null) {
            return Optional.empty();
        }
        var m = Pattern.compile("\\[" + Pattern.quote(tag) + " #(\\d{1,18})\\]", Pattern.CASE_INSENSITIVE).matcher(subject);
        return m.find() ? Optional.of(Long.parseLong(m.group(1))) : Optional.empty();
    }

    private MailThread bySubjectTag(String subject, long contactId) {
        var number = taggedNumber(subject, settings.subjectTag());
        if (number.isEmpty()) {
            return null;
        }
        return ticketQueries.ticketByNumber(MailIntake.SYSTEM, number.get())
                .flatMap(t -> mailThreads.mailThread(t.id()))
                .filter(t -> t.requesterId() == contactId || t.participantIds().contains(contactId))
                .orElse(null);
    }

    /** The ticket of a message this one refers to, if {@code contactId} (null: anyone) is on it. */
    MailThread byKnownMessageId(long mailboxId, List<String> references, Long contactId) {
        for (var ref : references) {
            var ticketId = taken.ticketOfMessage(mailboxId, ref);
            if (ticketId.isPresent()) {
                var thread = mailThreads.mailThread(ticketId.get())
                        .filter(t -> contactId == null || t.requesterId() == contactId || t.participantIds().contains(contactId));
                if (thread.isPresent()) {
                    return thread.get();
                }
            }
        }
        return null;
    }
}
