package io.relais.mail.internal;

import io.relais.common.InvalidInputException;
import io.relais.directory.Directory;
import io.relais.directory.DirectoryRecords.ContactForm;
import io.relais.directory.DirectoryRecords.Sender;
import io.relais.directory.SenderLookup;
import io.relais.mail.internal.ParsedMail.Address;
import java.util.List;
import java.util.Optional;
import org.springframework.stereotype.Component;

/**
 * The contact who wrote a message: the contact owning the address, else a new contact in the organization of the
 * domain, the mailbox's default organization, or the unassigned organization. A mail without a From is the
 * Sender's, the Reply-To's or the Return-Path's; without any of them, the unknown sender's.
 */
@Component
class SenderIdentification {
    private static final Address UNKNOWN = new Address("Unknown sender", "unknown-sender@relais.invalid");

    private final SenderLookup senders;
    private final Directory directory;
    private final MailSettings settings;

    SenderIdentification(SenderLookup senders, Directory directory, MailSettings settings) {
        this.senders = senders;
        this.directory = directory;
        this.settings = settings;
    }

    /** The address a message is from. */
    static Address from(ParsedMail mail) {
        if (mail.from() != null) {
            return mail.from();
        }
        var sender = MailParser.addresses(mail.header("sender"));
        if (!sender.isEmpty()) {
            return sender.get(0);
        }
        if (!mail.replyTo().isEmpty()) {
            return mail.replyTo().get(0);
        }
        var returnPath = MailParser.addresses(mail.returnPath());
        if (!returnPath.isEmpty()) {
            return returnPath.get(0);
        }
        return UNKNOWN;
    }

    /** The contact of the address, made if there is none. Throws {@link SenderConflict} when the address's client is in doubt. */
    Sender contact(Address from, Mailbox mailbox) {
        var existing = senders.senderByEmail(MailIntake.SYSTEM, from.email());
        if (existing.isPresent() && existing.get().domainConflict()) {
            throw new SenderConflict(from.email(), existing.get(), senders.organizationsDeclaring(from.domain()));
        }
        if (existing.isPresent()) {
            return existing.get();
        }
        var organizationId = senders.organizationOfDomain(from.domain())
                .or(() -> Optional.ofNullable(mailbox.defaultOrganizationId()))
                .orElseGet(() -> directory.unassignedOrganization(settings.unassignedOrganization()));
        var name = from.name() != null && !from.name().isBlank() ? from.name() : from.email().substring(0, from.email().indexOf('@'));
        try {
            var created = directory.createContact(MailIntake.SYSTEM, new ContactForm(organizationId, MailParser.cut(name, 200),
                    from.email(), null, null, false, false));
            return new Sender(created.id(), created.organizationId(), created.name());
        } catch (InvalidInputException e) {
            // An address the directory refuses: the message still becomes a ticket, from the unknown sender.
            return contact(UNKNOWN, mailbox);
        }
    }

    /**
     * The sender's address is a contact's whose organization does not declare its domain, while another organization
     * does, and no administrator confirmed it: filing the mail with the contact's client could hand one client's mail
     * to another, so it waits in quarantine until someone moves the address or confirms it, then retries it.
     */
    static final class SenderConflict extends RuntimeException {
        SenderConflict(String address, Sender contact, List<String> declaring) {
            super("held for review: the sender " + address + " is the address of contact #" + contact.id() + " ("
                    + contact.name() + ") of organization #" + contact.organizationId() + ", but its domain is declared by "
                    + String.join(", ", declaring) + "; move the address to the right contact, or confirm it on this"
                    + " contact (administrator), then retry");
        }
    }
}
