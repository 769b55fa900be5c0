package io.relais.mail.internal;

import io.relais.common.Letters;
import io.relais.mail.internal.IntakeOutcome.Kind;
import io.relais.notification.Outbox;
import io.relais.ticket.TicketCommands.Upload;
import io.relais.ticket.TicketReads;
import io.relais.ticket.TicketIntake;
import java.util.Optional;
import java.util.stream.Collectors;
import org.springframework.stereotype.Component;

/**
 * A delivery report about our own mail: it lands on the ticket whose mail bounced, as an internal note, and flags the
 * failed addresses. A report names any address it likes: only those the returned message was sent to are flagged
 * (anyone holding one of our signed Message-IDs could otherwise silence any address).
 */
@Component
class BounceCheck {
    private final MessageIds messageIds;
    private final TicketReads ticketQueries;
    private final TicketIntake tickets;
    private final Outbox outbox;
    private final BouncedAddresses bouncedAddresses;

    BounceCheck(MessageIds messageIds, TicketReads ticketQueries, TicketIntake tickets, Outbox outbox,
                BouncedAddresses bouncedAddresses) {
        this.messageIds = messageIds;
        this.ticketQueries = ticketQueries;
        this.tickets = tickets;
        this.outbox = outbox;
        this.bouncedAddresses = bouncedAddresses;
    }

    /** The BOUNCE outcome, once the report is on its ticket; empty when it returns no message of ours. */
    Optional<IntakeOutcome> onItsTicket(ParsedMail mail, byte[] raw) {
        var returned = mail.report().returnedMessageIds().stream()
                .filter(id -> messageIds.verify(id).isPresent()).toList();
        var bounced = returned.stream().map(messageIds::verify).flatMap(Optional::stream)
                .map(r -> ticketQueries.ticketByNumber(MailIntake.SYSTEM, r.ticketNumber())).flatMap(Optional::stream).findFirst();
        if (bounced.isEmpty()) {
            return Optional.empty();
        }
        var sentTo = returned.stream().flatMap(id -> outbox.recipientsOf(id).stream())
                .map(Letters::lower).collect(Collectors.toSet());
        var failed = mail.report().failedRecipients().stream()
                .filter(a -> sentTo.contains(Letters.lower(a))).toList();
        var named = String.join(", ", mail.report().failedRecipients());
        var recipients = failed.isEmpty() ? named + " (not a recipient of that message: no address flagged)"
                : String.join(", ", failed);
        var articleId = tickets.recordBounce(bounced.get().id(), recipients, mail.report().text(),
                new Upload("bounce.eml", "message/rfc822", raw));
        for (var address : failed) {
            bouncedAddresses.flag(address, MailParser.cut(mail.report().text(), 900));
        }
        return Optional.of(new IntakeOutcome(Kind.BOUNCE, bounced.get().id(), bounced.get().number().value(),
                articleId, null, failed.isEmpty() ? "delivery report naming no recipient of the message: "
                + MailParser.cut(named, 300) + "; nothing flagged" : "bounce for " + recipients));
    }
}
