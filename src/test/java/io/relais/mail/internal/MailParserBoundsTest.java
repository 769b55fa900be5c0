package io.relais.mail.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

/**
 * Mail an outsider writes so that reading it costs unbounded time or stack. The guard only stops a
 * test that would hang (it asserts no speed): each of these ran for tens of seconds, or overflowed
 * the stack, before the parser was made linear and bounded.
 */
class MailParserBoundsTest {
    static final Duration GUARD = Duration.ofSeconds(10);

    private final MailParser parser = new MailParser(MailParser.Limits.defaults());

    @Test
    void aDeliveryReportWithAHundredThousandCharacterFinalRecipientIsReadAndItsRealRecipientKept() {
        var raw = deliveryReport("Final-Recipient: rfc822; " + "a".repeat(100_000) + "\r\n\r\n"
                + "Final-Recipient: rfc822; gone@client.example\r\nAction: failed\r\n");

        var mail = assertTimeoutPreemptively(GUARD, () -> parser.parse(raw));

        assertThat(mail.report().failedRecipients()).containsExactly("gone@client.example");
    }

    @Test
    void aMessageNestedTwentyThousandLevelsDeepIsReadDownToTheDepthLimit() {
        var raw = nested(20_000);

        var limit = assertTimeoutPreemptively(GUARD, () -> catchThrowableOfType(MailParser.LimitExceeded.class,
                () -> parser.parse(raw)));

        assertThat(limit).isNotNull();
        assertThat(limit.getMessage()).contains("nested deeper than 30 levels");
        assertThat(limit.partial()).hasValueSatisfying(mail -> assertThat(mail.subject()).isEqualTo("deep"));
    }

    @Test
    void aParseThatRunsOutOfTimeStopsAndKeepsWhatItRead() {
        var checks = new AtomicInteger();
        var deadline = new MailParser.Deadline(() -> checks.incrementAndGet() > 3, "20 s");

        var limit = catchThrowableOfType(MailParser.LimitExceeded.class, () -> parser.parse(tenParts(), deadline));

        assertThat(limit).isNotNull();
        assertThat(limit.getMessage()).isEqualTo("read only in part: reading it took longer than 20 s");
        assertThat(limit.partial()).hasValueSatisfying(mail -> {
            assertThat(mail.subject()).isEqualTo("ten parts");
            assertThat(mail.text()).startsWith("part 1 ").doesNotContain("part 10 ");
        });
    }

    @Test
    void anAbandonedParseStopsReadingAtOnce() {
        Thread.currentThread().interrupt();
        try {
            var limit = catchThrowableOfType(MailParser.LimitExceeded.class, () -> parser.parse(tenParts()));

            assertThat(limit).isNotNull();
            assertThat(limit.getMessage()).isEqualTo("read only in part: its reading was abandoned");
            assertThat(limit.partial()).hasValueSatisfying(mail -> assertThat(mail.text()).doesNotContain("part 10 "));
        } finally {
            Thread.interrupted();
        }
    }

    /** Ten text parts of 100,000 characters, "part 1 " to "part 10 ". */
    static byte[] tenParts() {
        var sb = new StringBuilder("From: ann@client.example\r\nSubject: ten parts\r\nMIME-Version: 1.0\r\n"
                + "Content-Type: multipart/mixed; boundary=P\r\n\r\n");
        for (int i = 1; i <= 10; i++) {
            sb.append("--P\r\nContent-Type: text/plain\r\n\r\npart ").append(i).append(' ').append("x".repeat(100_000)).append("\r\n");
        }
        return sb.append("--P--\r\n").toString().getBytes(StandardCharsets.US_ASCII);
    }

    @Test
    void anHtmlMailWithTwoHundredThousandTabsInALinkIsRead() {
        var raw = ("From: ann@client.example\r\nSubject: link\r\nMIME-Version: 1.0\r\nContent-Type: text/html\r\n\r\n"
                + "<p>See <a href=\"http" + "\t".repeat(200_000) + "\">the page</a></p>\r\n").getBytes(StandardCharsets.UTF_8);

        var mail = assertTimeoutPreemptively(GUARD, () -> parser.parse(raw));

        assertThat(mail.text()).startsWith("See the page");
    }

    static byte[] deliveryReport(String status) {
        return ("From: MAILER-DAEMON@mx.example\r\nTo: support@relais.test\r\nSubject: Undelivered Mail\r\n"
                + "Message-ID: <dsn-" + System.nanoTime() + "@mx.example>\r\nMIME-Version: 1.0\r\n"
                + "Content-Type: multipart/report; report-type=delivery-status; boundary=R\r\n\r\n"
                + "--R\r\nContent-Type: text/plain\r\n\r\nDelivery failed.\r\n"
                + "--R\r\nContent-Type: message/delivery-status\r\n\r\nReporting-MTA: dns; mx.example\r\n\r\n" + status
                + "--R\r\nContent-Type: text/rfc822-headers\r\n\r\nMessage-ID: <relais.1.abcdefgh.00000000000000000000@relais.test>\r\n"
                + "--R--\r\n").getBytes(StandardCharsets.ISO_8859_1);
    }

    /** Multiparts nested {@code levels} deep, a text at the bottom. */
    static byte[] nested(int levels) {
        var sb = new StringBuilder("From: ann@client.example\r\nSubject: deep\r\nMIME-Version: 1.0\r\n"
                + "Content-Type: multipart/mixed; boundary=b0\r\n\r\n");
        for (int i = 1; i < levels; i++) {
            sb.append("--b").append(i - 1).append("\r\nContent-Type: multipart/mixed; boundary=b").append(i).append("\r\n\r\n");
        }
        sb.append("--b").append(levels - 1).append("\r\nContent-Type: text/plain\r\n\r\nbottom\r\n");
        return sb.toString().getBytes(StandardCharsets.US_ASCII);
    }
}
