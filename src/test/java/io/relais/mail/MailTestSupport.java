package io.relais.mail;

import io.relais.mail.MailRecords.InboundProtocol;
import io.relais.mail.MailRecords.MailboxForm;
import io.relais.mail.MailRecords.OutboundSecurity;
import io.relais.security.Actor;

/** What the mail tests share. */
final class MailTestSupport {
    private static final Actor ADMIN = Actor.system("test admin");

    private MailTestSupport() {}

    /** Stops a mailbox fetching and sending, so that no active mailbox outlives its test in the shared context. */
    static void switchOff(Mailboxes mailboxes, long id) {
        var info = mailboxes.get(ADMIN, id);
        mailboxes.update(ADMIN, id, new MailboxForm(info.name(), info.address(), null, InboundProtocol.NONE, null, null, null,
                null, null, null, null, OutboundSecurity.NONE, null, null, null, null, null, null, false));
    }
}
