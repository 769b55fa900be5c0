package io.relais.mail.web;

import io.relais.mail.MailRecords.InboundProtocol;
import io.relais.mail.MailRecords.MailboxForm;
import io.relais.mail.MailRecords.MailboxInfo;
import io.relais.mail.MailRecords.OutboundSecurity;

/**
 * The mailbox form as the page posts it (one record instead of twenty-one request parameters), shown again as typed
 * when it is refused, without its passwords; built from the stored mailbox when the page opens one.
 */
record MailboxFields(Long id, String name, String address, String displayName, InboundProtocol inboundProtocol,
                     String inboundHost, Integer inboundPort, String inboundUser, String inboundPassword, String inboundFolder,
                     String moveToFolder, Integer pollSeconds, OutboundSecurity outboundSecurity, String smtpHost,
                     Integer smtpPort, String smtpUser, String smtpPassword, Long defaultGroupId, Long defaultOrganizationId,
                     Boolean active, String tlsCertificate) {
    /** An unticked box is not posted at all: false. */
    MailboxFields {
        active = Boolean.TRUE.equals(active);
    }

    static MailboxFields empty() {
        return new MailboxFields(null, "", "", "", InboundProtocol.IMAPS, "", null, "", null, "INBOX", "", 60,
                OutboundSecurity.STARTTLS, "", null, "", null, null, null, true, "");
    }

    static MailboxFields of(MailboxInfo m) {
        return new MailboxFields(m.id(), m.name(), m.address(), m.displayName(), m.inboundProtocol(), m.inboundHost(),
                m.inboundPort(), m.inboundUser(), null, m.inboundFolder(), m.moveToFolder(), m.pollSeconds(),
                m.outboundSecurity(), m.smtpHost(), m.smtpPort(), m.smtpUser(), null, m.defaultGroupId(),
                m.defaultOrganizationId(), m.active(), m.tlsCertificate());
    }

    MailboxForm form() {
        return new MailboxForm(name, address, displayName, inboundProtocol, inboundHost, inboundPort, inboundUser,
                inboundPassword, inboundFolder, moveToFolder, pollSeconds, outboundSecurity, smtpHost, smtpPort, smtpUser,
                smtpPassword, defaultGroupId, defaultOrganizationId, active.booleanValue(), tlsCertificate);
    }

    /** As shown again: a typed password is never sent back to the browser (left empty, the stored one is kept). */
    MailboxFields shown() {
        return new MailboxFields(id, name, address, displayName, inboundProtocol, inboundHost, inboundPort, inboundUser, null,
                inboundFolder, moveToFolder, pollSeconds, outboundSecurity, smtpHost, smtpPort, smtpUser, null,
                defaultGroupId, defaultOrganizationId, active, tlsCertificate);
    }
}
