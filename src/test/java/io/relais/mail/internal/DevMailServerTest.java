package io.relais.mail.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import io.relais.IntegrationTest;
import io.relais.mail.MailRecords.InboundProtocol;
import io.relais.mail.MailRecords.MailboxForm;
import io.relais.mail.MailRecords.OutboundSecurity;
import io.relais.mail.Mailboxes;
import io.relais.security.Actor;
import jakarta.mail.Folder;
import jakarta.mail.Message;
import jakarta.mail.Session;
import jakarta.mail.Transport;
import jakarta.mail.internet.InternetAddress;
import jakarta.mail.internet.MimeMessage;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.NetworkInterface;
import java.net.Socket;
import java.time.Duration;
import java.util.Collections;
import java.util.Properties;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.jdbc.core.simple.JdbcClient;

/** The mail-dev profile's server: a mail to the support address becomes a ticket, the acknowledgement can be read. */
class DevMailServerTest extends IntegrationTest {
    @Autowired Mailboxes mailboxes;
    @Autowired JdbcClient jdbc;

    @Test
    void aMailSentToTheDevServerBecomesATicketAndTheCustomerReadsTheAcknowledgementOverImap() throws Exception {
        var tenant = fixtures.tenant("DevMail");
        var customer = jdbc.sql("select email from contact where id = ?").param(tenant.customer().id()).query(String.class).single();
        var address = "dev-" + System.nanoTime() + "@relais.test";
        var server = new DevMailServer(mailboxes, 0, 0, address, tenant.groupId());
        server.start();
        Long mailboxId = null;
        try {
            var mailbox = server.connectMailbox();
            mailboxId = mailbox.id();
            assertThat(mailbox.inboundProtocol()).isEqualTo(InboundProtocol.IMAP);
            assertThat(mailbox.inboundPasswordSet()).isTrue();
            assertThat(mailbox.smtpPort()).isEqualTo(server.smtpPort());

            var session = Session.getInstance(new Properties());
            var mail = new MimeMessage(session);
            mail.setFrom(new InternetAddress(customer));
            mail.setRecipient(Message.RecipientType.TO, new InternetAddress(address));
            mail.setSubject("Printer on floor 2 offline");
            mail.setText("It shows error 0x80070005 since this morning.");
            var smtp = session.getTransport("smtp");
            smtp.connect("127.0.0.1", server.smtpPort(), null, null);
            smtp.sendMessage(mail, mail.getAllRecipients());
            smtp.close();

            final long id = mailboxId;
            await().atMost(Duration.ofSeconds(60)).until(() -> jdbc.sql(
                    "select count(*) from mail_message where mailbox_id = ?").param(id).query(Long.class).single() == 1);
            assertThat(jdbc.sql("select outcome from mail_message where mailbox_id = ?").param(id).query(String.class).single())
                    .isEqualTo("TICKET");
            var ticketId = jdbc.sql("select ticket_id from mail_message where mailbox_id = ?").param(id).query(Long.class).single();
            assertThat(jdbc.sql("select organization_id from ticket where id = ?").param(ticketId).query(Long.class).single())
                    .isEqualTo(tenant.organizationId());

            // the acknowledgement, in the customer's mailbox on the dev server: login and password are the address
            var number = jdbc.sql("select number from ticket where id = ?").param(ticketId).query(Long.class).single();
            await().atMost(Duration.ofSeconds(60)).until(() -> subjects(server.imapPort(), customer).stream()
                    .anyMatch(s -> s.contains("#" + number + "]")));
        } finally {
            if (mailboxId != null) {
                var info = mailboxes.get(Actor.system("test"), mailboxId);
                mailboxes.update(Actor.system("test"), mailboxId, new MailboxForm(info.name(), info.address(), null,
                        InboundProtocol.NONE, null, null, null, null, null, null, null, OutboundSecurity.NONE, null, null, null,
                        null, null, null, false));
            }
            server.stop();
        }
    }

    @Test
    void theDevServerListensOnLoopbackOnly() throws Exception {
        var server = new DevMailServer(mailboxes, 0, 0, "loopback-" + System.nanoTime() + "@relais.test", null);
        server.start();
        try {
            var outside = Collections.list(NetworkInterface.getNetworkInterfaces()).stream()
                    .flatMap(i -> Collections.list(i.getInetAddresses()).stream())
                    .filter(a -> !a.isLoopbackAddress() && a instanceof java.net.Inet4Address).findFirst();
            try (var socket = new Socket()) {
                socket.connect(new InetSocketAddress(InetAddress.getLoopbackAddress(), server.smtpPort()), 2000);
            }
            if (outside.isPresent()) {
                assertThatThrownBy(() -> {
                    try (var socket = new Socket()) {
                        socket.connect(new InetSocketAddress(outside.get(), server.smtpPort()), 2000);
                    }
                }).isInstanceOf(java.io.IOException.class);
            }
        } finally {
            server.stop();
        }
    }

    private static java.util.List<String> subjects(int imapPort, String address) {
        try (var store = Session.getInstance(new Properties()).getStore("imap")) {
            store.connect("127.0.0.1", imapPort, address, address);
            var inbox = store.getFolder("INBOX");
            inbox.open(Folder.READ_ONLY);
            var out = new java.util.ArrayList<String>();
            for (var m : inbox.getMessages()) {
                out.add(m.getSubject());
            }
            inbox.close(false);
            return out;
        } catch (Exception e) {
            return java.util.List.of();
        }
    }
}
