package io.relais.mail;

import io.relais.mail.MailRecords.InboundProtocol;
import io.relais.mail.MailRecords.MailboxForm;
import io.relais.mail.MailRecords.OutboundSecurity;
import io.relais.security.Actor;

/** What the mail tests share. */
final class MailTestSupport {
    private static final Actor ADMIN = Actor.system("test admin");

    private MailTestSupport() {}

    /**
     * A mailbox without an inbound server (mail comes by the gateway, an import or the intake directly), sending
     * to a port where nothing listens (its mail stays in the outbox), in the tenant's group and organization.
     */
    static long serverless(Mailboxes mailboxes, io.relais.Fixtures.Tenant tenant, String name, String address) {
        return mailboxes.create(ADMIN, new MailboxForm(name + " " + System.nanoTime(), address, null, InboundProtocol.NONE, null,
                null, null, null, null, null, null, OutboundSecurity.PLAIN, "127.0.0.1", 9, null, null, tenant.groupId(),
                tenant.organizationId(), true)).id();
    }

    /** Stops a mailbox fetching and sending, so that no active mailbox outlives its test in the shared context. */
    static void switchOff(Mailboxes mailboxes, long id) {
        var info = mailboxes.get(ADMIN, id);
        mailboxes.update(ADMIN, id, new MailboxForm(info.name(), info.address(), null, InboundProtocol.NONE, null, null, null,
                null, null, null, null, OutboundSecurity.NONE, null, null, null, null, null, null, false));
    }
}
