package io.relais.mail.internal;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** How archives are read: mbox framing and escapes, CRLF mboxes, Maildir folders, .eml files, the order by date. */
class MailArchivesTest {
    private static final Instant NOW = Instant.parse("2026-11-25T00:00:00Z");

    @TempDir Path dir;

    @Test
    void anMboxIsCutAtItsSeparatorsAndItsFromLinesUnescaped() throws Exception {
        var mbox = dir.resolve("Inbox");
        Files.writeString(mbox, """
                From alice@example.com Tue Mar  3 10:00:00 2026
                From: alice@example.com
                Subject: second
                Date: Tue, 3 Mar 2026 10:00:00 +0000

                >From the top.
                >>From deeper.
                From a line mboxo forgot to escape, not after an empty line
                last line

                From bob@example.com Mon Mar  2 09:00:00 2026
                From: bob@example.com
                Subject: first, no Date header

                body of bob
                """, StandardCharsets.UTF_8);
        var listing = MailArchives.list(List.of(mbox), NOW);
        assertThat(listing.entries()).hasSize(2);
        assertThat(listing.skipped()).isEmpty();
        // oldest first: bob's separator date (no Date header) is before alice's Date
        var first = text(listing.entries().get(0));
        var second = text(listing.entries().get(1));
        assertThat(listing.entries().get(0).date()).isEqualTo(Instant.parse("2026-03-02T09:00:00Z"));
        assertThat(first).startsWith("From: bob@example.com\n").endsWith("body of bob\n");
        assertThat(second).startsWith("From: alice@example.com\n")
                .contains("\n\nFrom the top.\n>From deeper.\nFrom a line mboxo forgot")
                .endsWith("last line\n");
    }

    @Test
    void aCrlfMboxKeepsItsLineEndsAndLosesOnlyTheSeparatorsEmptyLine() throws Exception {
        var mbox = dir.resolve("crlf.mbox");
        Files.writeString(mbox, "From a@x Wed Jan  7 08:00:00 2026\r\nFrom: a@x\r\nSubject: one\r\n\r\nbody one\r\n\r\n"
                + "From b@x Wed Jan  7 09:00:00 2026\r\nFrom: b@x\r\nSubject: two\r\n\r\nbody two\r\n", StandardCharsets.UTF_8);
        var entries = MailArchives.list(List.of(mbox), NOW).entries();
        assertThat(entries).hasSize(2);
        assertThat(text(entries.get(0))).isEqualTo("From: a@x\r\nSubject: one\r\n\r\nbody one\r\n");
        assertThat(text(entries.get(1))).isEqualTo("From: b@x\r\nSubject: two\r\n\r\nbody two\r\n");
    }

    @Test
    void foldersHoldMaildirsEmlFilesAndMboxesAndNothingElseIsTakenForMail() throws Exception {
        var maildir = dir.resolve("Maildir");
        Files.createDirectories(maildir.resolve("cur"));
        Files.createDirectories(maildir.resolve("new"));
        Files.createDirectories(maildir.resolve("tmp"));
        Files.createDirectories(maildir.resolve(".Sent/cur"));
        // a Maildir file's name starts with its delivery time; no Date header here, so that time counts
        Files.writeString(maildir.resolve("cur/1767261600.M1P2.host:2,S"), "From: c@x\nSubject: in cur\n\nc\n");
        Files.writeString(maildir.resolve("new/1767258000.M3P4.host"), "From: n@x\nSubject: in new\n\nn\n");
        Files.writeString(maildir.resolve("tmp/1767250000.M5P6.host"), "From: t@x\nSubject: being delivered\n\nt\n");
        Files.writeString(maildir.resolve(".Sent/cur/1767265200.M7P8.host:2,S"), "From: s@x\nSubject: sent\n\ns\n");
        Files.writeString(maildir.resolve("dovecot-uidlist"), "3 V1767250000 N4\n");
        // a Maildir file that kept its mbox separator line: the line is dropped, the Date header counts
        Files.writeString(maildir.resolve("cur/1767200000.M9P9.host:2,S"),
                "From x@x Thu Jan  1 00:00:00 2026\nFrom: f@x\nSubject: kept separator\nDate: Thu, 1 Jan 2026 12:00:00 +0000\n\nf\n");
        // a link to a folder is not followed (it could loop)
        try {
            Files.createSymbolicLink(maildir.resolve("loop"), dir);
        } catch (UnsupportedOperationException | java.io.IOException e) {
            // no links on this file system: nothing to check
        }
        var eml = dir.resolve("loose/answer.eml");
        Files.createDirectories(eml.getParent());
        Files.writeString(eml, "From: e@x\nSubject: loose\nDate: Thu, 1 Jan 2026 00:30:00 +0100\n\ne\n");
        Files.writeString(dir.resolve("loose/notes.txt"), "not mail\n");

        var listing = MailArchives.list(List.of(dir), NOW);
        var subjects = new ArrayList<String>();
        for (var e : listing.entries()) {
            subjects.add(MailParser.headersOnly(MailArchives.bytes(e), "").subject());
        }
        assertThat(subjects).containsExactly("loose", "in new", "in cur", "sent", "kept separator");
        assertThat(listing.skipped()).anyMatch(s -> s.endsWith("dovecot-uidlist")).anyMatch(s -> s.endsWith("notes.txt"))
                .allMatch(s -> s.endsWith("dovecot-uidlist") || s.endsWith("notes.txt") || s.endsWith("(a link to a folder: not followed)"));
        var kept = listing.entries().stream().filter(e -> e.file().toString().contains("M9P9")).findFirst().orElseThrow();
        assertThat(new String(MailArchives.bytes(kept), java.nio.charset.StandardCharsets.UTF_8)).startsWith("From: f@x\n");
    }

    @Test
    void datesThatCannotBeTrueAreNotTrusted() {
        assertThat(MailDates.of("Tue, 3 Mar 2026 10:00:00 +0000 (UTC)", NOW)).contains(Instant.parse("2026-03-03T10:00:00Z"));
        assertThat(MailDates.of("3 Mar 2026 10:00 +0100", NOW)).contains(Instant.parse("2026-03-03T09:00:00Z"));
        assertThat(MailDates.of("Thu, 1 Jan 1970 00:00:00 +0000", NOW)).isEmpty();
        assertThat(MailDates.of("Fri, 1 Jan 2100 00:00:00 +0000", NOW)).isEmpty();
        assertThat(MailDates.of("yesterday", NOW)).isEmpty();
        assertThat(MailDates.ofSeparator("From MAILER-DAEMON Mon Mar  2 09:00:00 2026", NOW))
                .contains(Instant.parse("2026-03-02T09:00:00Z"));
        assertThat(MailDates.ofSeparator("From the manual, step 3", NOW)).isEmpty();
    }

    private static String text(MailArchives.Entry entry) throws Exception {
        return new String(MailArchives.bytes(entry), StandardCharsets.UTF_8);
    }
}
