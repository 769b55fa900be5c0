package io.relais.mail.internal;

import io.relais.common.InvalidInputException;
import io.relais.common.Letters;
import io.relais.directory.Directory;
import io.relais.directory.DirectoryRecords.ContactForm;
import io.relais.directory.SenderLookup;
import io.relais.mail.internal.ParsedMail.Address;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.stream.Collectors;
import org.springframework.stereotype.Component;

/**
 * Cc (and other To) addresses of the ticket's organization become participants (made contacts when their domain is
 * the organization's); others stay on the article only. Our own mailboxes never do, and at most 20 are added.
 */
@Component
class Participants {
    private final MailboxRepository mailboxes;
    private final SenderLookup senders;
    private final Directory directory;

    Participants(MailboxRepository mailboxes, SenderLookup senders, Directory directory) {
        this.mailboxes = mailboxes;
        this.senders = senders;
        this.directory = directory;
    }

    List<Long> of(ParsedMail mail, Mailbox mailbox, long organizationId, Long senderId) {
        var ids = new LinkedHashSet<Long>();
        var candidates = new ArrayList<Address>(mail.cc());
        candidates.addAll(mail.to());
        candidates.removeIf(a -> a.email() == null || a.email().equalsIgnoreCase(mailbox.address()));
        if (candidates.isEmpty()) {
            return List.of();
        }
        var ours = mailboxes.findAllByName().stream().map(m -> Letters.lower(m.address()))
                .collect(Collectors.toSet());
        for (var address : candidates) {
            if (ours.contains(Letters.lower(address.email())) || ids.size() >= 20) {
                continue;
            }
            var existing = senders.senderByEmail(MailIntake.SYSTEM, address.email());
            if (existing.isPresent()) {
                // an address whose domain another client declares is never copied on this client's ticket
                if (!existing.get().domainConflict() && existing.get().organizationId() == organizationId && (senderId == null || existing.get().id() != senderId)) {
                    ids.add(existing.get().id());
                }
                continue;
            }
            var domainOrganization = senders.organizationOfDomain(address.domain());
            if (domainOrganization.isPresent() && domainOrganization.get() == organizationId) {
                try {
                    var name = address.name() != null ? address.name() : address.email().substring(0, address.email().indexOf('@'));
                    ids.add(directory.createContact(MailIntake.SYSTEM, new ContactForm(organizationId, MailParser.cut(name, 200),
                            address.email(), null, null, false, false)).id());
                } catch (InvalidInputException e) {
                    // not an address the directory takes: kept on the article's Cc only
                }
            }
        }
        return List.copyOf(ids);
    }
}
