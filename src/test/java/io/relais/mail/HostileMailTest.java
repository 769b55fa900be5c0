package io.relais.mail;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;

import io.relais.Fixtures.Tenant;
import io.relais.IntegrationTest;
import io.relais.mail.internal.IntakeOutcome;
import io.relais.mail.internal.MailIntake;
import io.relais.security.Actor;
import io.relais.ticket.TicketReads;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;

/** Mail written to cost the intake unbounded time, through the real intake. */
class HostileMailTest extends IntegrationTest {
    private static final Actor READER = Actor.system("hostile mail reader");

    @Autowired Mailboxes mailboxes;
    @Autowired MailIntake intake;
    @Autowired TicketReads queries;

    Tenant tenant;
    long mailboxId;

    @BeforeEach
    void mailbox() {
        tenant = fixtures.tenant("Hostile");
        mailboxId = MailTestSupport.serverless(mailboxes, tenant, "Hostile", "hostile-" + System.nanoTime() + "@relais.test");
    }

    @AfterEach
    void switchOff() {
        MailTestSupport.switchOff(mailboxes, mailboxId);
    }

    @Test
    void aDeliveryReportWithAHundredThousandCharacterFinalRecipientIsTakenAtOnce() {
        var raw = ("From: MAILER-DAEMON@mx.example\r\nTo: support@relais.test\r\nSubject: Undelivered Mail\r\n"
                + "Message-ID: <dsn-" + System.nanoTime() + "@mx.example>\r\nMIME-Version: 1.0\r\n"
                + "Content-Type: multipart/report; report-type=delivery-status; boundary=R\r\n\r\n"
                + "--R\r\nContent-Type: text/plain\r\n\r\nDelivery to the recipient failed.\r\n"
                + "--R\r\nContent-Type: message/delivery-status\r\n\r\nReporting-MTA: dns; mx.example\r\n\r\n"
                + "Final-Recipient: rfc822; " + "a".repeat(100_000) + "\r\nAction: failed\r\n--R--\r\n").getBytes(StandardCharsets.US_ASCII);

        var outcome = assertTimeoutPreemptively(Duration.ofSeconds(10), () -> intake.take(mailboxId, raw));

        assertThat(outcome.kind()).isEqualTo(IntakeOutcome.Kind.TICKET);
        var article = queries.conversation(READER, outcome.ticketId()).stream().filter(a -> a.id() == outcome.articleId())
                .findFirst().orElseThrow();
        assertThat(article.body()).contains("Delivery to the recipient failed.");
    }

    @Test
    void aMessageOverThePartsLimitBecomesATicketWithWhatCouldBeReadAndSaysSo() {
        var sb = new StringBuilder("From: ann@hostile-parts.example\r\nSubject: six hundred parts\r\nMessage-ID: <parts-"
                + System.nanoTime() + "@hostile.example>\r\nMIME-Version: 1.0\r\nContent-Type: multipart/mixed; boundary=P\r\n\r\n");
        for (int i = 1; i <= 600; i++) {
            sb.append("--P\r\nContent-Type: text/plain\r\n\r\nline of part ").append(i).append(".\r\n");
        }
        var raw = sb.append("--P--\r\n").toString().getBytes(StandardCharsets.US_ASCII);

        var outcome = intake.take(mailboxId, raw);

        assertThat(outcome.kind()).isEqualTo(IntakeOutcome.Kind.TICKET);
        var article = queries.conversation(READER, outcome.ticketId()).stream().filter(a -> a.id() == outcome.articleId())
                .findFirst().orElseThrow();
        assertThat(article.body()).startsWith("[This message is more than 500 parts; its source is attached as message.eml.]")
                .contains("line of part 1.").contains("line of part 499.").doesNotContain("line of part 600.");
    }
}
