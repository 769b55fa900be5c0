package io.relais;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;

import io.relais.common.EmailAddress;
import io.relais.common.InvalidInputException;
import io.relais.knowledge.internal.KbMarkdown;
import io.relais.mail.internal.MailParser;
import io.relais.search.SearchQuery;
import io.relais.ticket.web.QuoteFolding;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.Locale;
import java.util.Optional;
import java.util.Random;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/**
 * Generated outside text through every parser of it: raw mail, replies to fold, addresses, searches and
 * articles, with the shapes that used to cost unbounded time or stack (long lines, deep nesting, runs of
 * one character). Each case must end without an exception other than the documented refusal, within the
 * guard (which only stops a case that would hang; it asserts no speed, and is wide because the machines that
 * run the suite are shared). Replay a failure with the seed it prints: {@code -Drelais.seed=…}.
 */
class HostileInputPropertiesTest {
    static final Duration GUARD = Duration.ofSeconds(20);
    private static final String[] HOSTILE = {"a", "\t", " ", "=", "?", "=?", "?=", "<", ">", "@", ".", "(", "\"", ";", "*", "_", "[",
            "](", "![", "> ", "- ", "é", "\u0301", "İ", "\u00a0", "\r", "\n", "\r\n", "\\", "&#", "`", "|", ":", ",", "\u0000"};

    private final MailParser parser = new MailParser(MailParser.Limits.defaults());
    private final QuoteFolding quotes = new QuoteFolding();

    @Test
    void everyGeneratedMailIsReadOrStoppedAtADocumentedLimit() {
        Generated.forAll("mail parser", 200, r -> new GeneratedMail(r).raw(), raw -> assertTimeoutPreemptively(GUARD, () -> {
            var bytes = raw.getBytes(StandardCharsets.UTF_8);
            try {
                var mail = parser.parse(bytes, MailParser.Deadline.none());
                assertThat(mail.text()).isNotNull();
            } catch (MailParser.LimitExceeded limit) {
                assertThat(limit.getMessage()).isNotBlank();
            }
            assertThat(MailParser.headersOnly(bytes, "").headers()).isNotNull();
        }));
    }

    @Test
    void everyGeneratedReplyIsFoldedWhereTheQuotedHistoryStarts() {
        Generated.forAll("quote folding", 300, HostileInputPropertiesTest::reply, body -> assertTimeoutPreemptively(GUARD, () -> {
            int start = quotes.start(body);
            if (start >= 0) {
                assertThat(start).isPositive().isLessThanOrEqualTo(body.length());
                assertThat(body.charAt(start - 1)).isIn('\n', '\r');
                assertThat(quotes.quoted(body)).isEqualTo(body.substring(start));
            } else {
                assertThat(quotes.main(body)).isEqualTo(body);
            }
            if (body.length() < 20_000 && body.lines().count() <= 200) {
                // on what the patterns that were replaced could read, the same answer
                assertThat(start).isEqualTo(OldQuotePatterns.start(body));
            }
        }));
    }

    @Test
    void everyGeneratedTextIsAnAddressInItsStoredFormOrNone() {
        Generated.forAll("address parsing", 500, HostileInputPropertiesTest::addressLike, text -> assertTimeoutPreemptively(GUARD, () -> {
            var parsed = EmailAddress.parse(text);
            parsed.ifPresent(e -> {
                assertThat(e.value()).isEqualTo(e.value().toLowerCase(Locale.ROOT)).hasSizeLessThanOrEqualTo(320);
                assertThat(e.value().chars().filter(c -> c == '@').count()).isEqualTo(1);
                assertThat(EmailAddress.parse(e.value())).contains(e);
            });
            if (text.length() <= 400) {
                assertThat(parsed.map(EmailAddress::value)).isEqualTo(referenceAddress(text));
            }
            var found = EmailAddress.findIn(text, 20);
            assertThat(found).hasSizeLessThanOrEqualTo(20).allSatisfy(e -> assertThat(EmailAddress.parse(e.value())).contains(e));
        }));
    }

    @Test
    void everyGeneratedSearchIsReadOrRefusedAsBadInput() {
        var now = Instant.parse("2026-03-03T10:00:00Z");
        Generated.forAll("search syntax", 500, HostileInputPropertiesTest::search, q -> assertTimeoutPreemptively(GUARD, () -> {
            try {
                var query = SearchQuery.parse(q, now);
                assertThat(query.text()).isNotNull();
            } catch (InvalidInputException refused) {
                assertThat(refused.fields()).extracting(f -> f.field()).containsOnly("q");
            }
        }));
    }

    @Test
    void everyGeneratedArticleIsShown() {
        Generated.forAll("markdown", 250, HostileInputPropertiesTest::article, md -> assertTimeoutPreemptively(GUARD, () -> {
            var html = KbMarkdown.html(md, "/kb/files");
            assertThat(containsIgnoringCase(html, "<script") || containsIgnoringCase(html, "href=\"javascript")).as("unsafe HTML").isFalse();
            assertThat(KbMarkdown.plainText(md)).isNotNull();
            assertThat(KbMarkdown.fileReferences(md)).isNotNull();
        }));
    }

    /**
     * Without lower-casing the text: {@code String.toLowerCase} is quadratic on runs of some letters (40,000 'Σ'
     * took 33 s), and so is AssertJ's case-blind search.
     */
    static boolean containsIgnoringCase(String text, String ascii) {
        for (int i = 0; i + ascii.length() <= text.length(); i++) {
            if (text.regionMatches(true, i, ascii, 0, ascii.length())) {
                return true;
            }
        }
        return false;
    }

    // ---- generators

    static String run(Random r, int max) {
        var piece = HOSTILE[r.nextInt(HOSTILE.length)];
        return piece.repeat(1 + r.nextInt(Math.max(1, max / piece.length())));
    }

    /** Usually short, sometimes a run of thousands of one hostile piece. */
    static String text(Random r, int words) {
        var sb = new StringBuilder();
        for (int i = 0; i < words; i++) {
            switch (r.nextInt(10)) {
                case 0 -> sb.append(run(r, r.nextInt(20) == 0 ? 30_000 : 40));
                case 1 -> sb.append(HOSTILE[r.nextInt(HOSTILE.length)]);
                case 2 -> sb.append("=?utf-8?").append(r.nextBoolean() ? "Q?caf=C3=A9_" : "B?Y2Fmw6k=").append(r.nextBoolean() ? "?=" : "");
                case 3 -> sb.append("ann").append(r.nextInt(9)).append("@client.example");
                default -> sb.append("word").append(r.nextInt(100));
            }
            sb.append(r.nextInt(4) == 0 ? "" : " ");
        }
        return sb.toString();
    }

    static String reply(Random r) {
        String[] lines = {"> quoted", ">", "", "  ", "\t", "Thanks, it works.", "On Tue, 3 Mar 2026, Ann <a@b.example> wrote:",
                "On Mon wrote:", "Le mar. 3 mars 2026, Ann a écrit :", "Le lundi, Ann a écrit:", "-----Original Message-----",
                "-- Forwarded message --", "---- Message d'origine ----", "From: Ann <ann@client.example>", "De : Ann",
                "From: the logs", "Sent: Tuesday", "Envoyé : mardi", "Date: today", "To: support", "Subject: x", ">> deeper",
                "> On Mon, Bob wrote:", "On " + "x".repeat(301) + " wrote:", "Le " + "y".repeat(150) + " a écrit :"};
        int count = r.nextInt(10) == 0 ? 500 + r.nextInt(1_500) : r.nextInt(30);
        var eol = r.nextInt(4) == 0 ? "\r\n" : "\n";
        var sb = new StringBuilder();
        for (int i = 0; i < count; i++) {
            var line = r.nextInt(12) == 0 ? text(r, 1 + r.nextInt(4)).replace("\r", "").replace("\n", "") : lines[r.nextInt(lines.length)];
            sb.append(line).append(i < count - 1 || r.nextBoolean() ? eol : "");
        }
        return sb.toString();
    }

    static String addressLike(Random r) {
        String[] pieces = {"a", "Z", "0", ".", "..", "@", "-", "_", "+", "'", " ", "\t", "<", ">", ",", "\"", "é", "İ", "ß", "\u0301",
                "\uD83D\uDE00", "example", "client", "[1.2.3.4]", "(c)", "\u00a0"};
        var sb = new StringBuilder();
        int count = r.nextInt(30);
        for (int i = 0; i < count; i++) {
            var piece = pieces[r.nextInt(pieces.length)];
            sb.append(r.nextInt(40) == 0 ? piece.repeat(1 + r.nextInt(30_000)) : piece.repeat(1 + r.nextInt(r.nextInt(10) == 0 ? 70 : 3)));
        }
        return sb.toString();
    }

    static String search(Random r) {
        String[] fields = {"subject", "status", "priority", "channel", "org", "category", "group", "tag", "assignee", "requester",
                "created", "is", "from", "10", "http"};
        String[] values = {"open", "pending", "p1", "p9", "email", "acme", "\"Acme Corp\"", "me", "none", "mine", "7d", "9999d",
                "99999d", ">2026-01-31", "<2026-13-45", "12m", "1y", "x", "", "\"", "a,b,,", "open,closed", "ann@client.example", ":"};
        var sb = new StringBuilder();
        int count = r.nextInt(12);
        for (int i = 0; i < count; i++) {
            switch (r.nextInt(4)) {
                case 0, 1 -> sb.append(fields[r.nextInt(fields.length)]).append(':').append(values[r.nextInt(values.length)]);
                case 2 -> sb.append(text(r, 1));
                default -> sb.append(values[r.nextInt(values.length)]);
            }
            sb.append(r.nextInt(5) == 0 ? "" : " ");
        }
        var q = sb.toString();
        return q.length() > 600 ? q.substring(0, 500 + r.nextInt(100)) : q;
    }

    static String article(Random r) {
        String[] inline = {"*", "**", "_", "[", "]", "(", ")", "![", "](", "<", ">", "`", "<http://x.example>", "<ann@client.example>",
                "[a](<b", "[a](b", "<![CDATA[", "<!--", "<?", "<div a=b c='d'>", "&amp;", "&#", "\\", "|", "~", "file:12", "(file:3)",
                "[x](javascript:alert(1))", "<script>alert(1)</script>", "word", " ", "  "};
        String[] prefixes = {"", "> ", "- ", "* ", "+ ", "1. ", "2) ", "    ", "# ", "```", "| a | b |", "|---|---|", "  - "};
        var sb = new StringBuilder();
        int lines = r.nextInt(10) == 0 ? 200 + r.nextInt(2_000) : r.nextInt(40);
        for (int i = 0; i < lines && sb.length() < 200_000; i++) {
            int depth = r.nextInt(15) == 0 ? r.nextInt(100) : r.nextInt(3);
            for (int d = 0; d < depth; d++) {
                sb.append(prefixes[r.nextInt(prefixes.length)]);
            }
            int pieces = r.nextInt(20) == 0 ? r.nextInt(5_000) : r.nextInt(15);
            for (int p = 0; p < pieces && sb.length() < 200_000; p++) {
                sb.append(r.nextInt(30) == 0 ? run(r, 20_000) : inline[r.nextInt(inline.length)]);
            }
            sb.append(r.nextInt(5) == 0 ? "\n\n" : "\n");
        }
        return sb.length() > 200_000 ? sb.substring(0, 200_000) : sb.toString();
    }

    /** Raw MIME of random structure: headers, nesting (sometimes past the limit), parts, encodings and bodies. */
    static final class GeneratedMail {
        private static final String[] TYPES = {"text/plain", "text/html", "message/delivery-status", "text/rfc822-headers",
                "message/rfc822", "application/octet-stream", "image/png", "application/pdf", "text/calendar", "bogus"};
        private static final String[] MULTIPARTS = {"mixed", "alternative", "related", "signed", "report", "x-unknown"};
        private static final String[] HEADERS = {"From", "To", "Cc", "Reply-To", "Subject", "Message-ID", "In-Reply-To",
                "References", "Return-Path", "Sender", "Auto-Submitted", "X-Auto-Response-Suppress", "Date", "X-Custom"};
        private final Random r;
        private final StringBuilder out = new StringBuilder();
        private final String eol;
        private int boundaries;

        GeneratedMail(Random r) {
            this.r = r;
            this.eol = r.nextInt(5) == 0 ? "\n" : "\r\n";
        }

        String raw() {
            int headers = r.nextInt(10);
            for (int i = 0; i < headers; i++) {
                out.append(HEADERS[r.nextInt(HEADERS.length)]).append(": ").append(headerValue()).append(eol);
            }
            int depth = r.nextInt(12) == 0 ? 30 + r.nextInt(60) : r.nextInt(5);
            entity(depth);
            return out.toString();
        }

        private String headerValue() {
            return switch (r.nextInt(6)) {
                case 0 -> "Ann <ann@client.example>, " + text(r, r.nextInt(5));
                case 1 -> "<id" + r.nextInt(1000) + "@client.example> " + text(r, r.nextInt(3));
                case 2 -> "=?utf-8?q?" + run(r, 2_000) + "?=";
                default -> text(r, 1 + r.nextInt(6)).replace("\r", " ").replace("\n", " ");
            };
        }

        private void entity(int depth) {
            if (depth > 0 && out.length() < 60_000) {
                var boundary = "b" + boundaries++ + "x" + r.nextInt(1000);
                out.append("Content-Type: multipart/").append(MULTIPARTS[r.nextInt(MULTIPARTS.length)]).append("; boundary=")
                        .append(boundary).append(eol).append(eol);
                int children = r.nextInt(30) == 0 ? 300 + r.nextInt(400) : 1 + r.nextInt(depth > 3 ? 2 : 4);
                for (int i = 0; i < children && out.length() < 60_000; i++) {
                    out.append("--").append(boundary).append(eol);
                    entity(i == 0 ? depth - 1 : r.nextInt(depth));
                }
                if (r.nextInt(4) > 0) {
                    out.append("--").append(boundary).append("--").append(eol);
                }
                return;
            }
            var type = TYPES[r.nextInt(TYPES.length)];
            out.append("Content-Type: ").append(type);
            if (r.nextBoolean()) {
                out.append("; charset=").append(r.nextBoolean() ? "utf-8" : r.nextBoolean() ? "iso-8859-1" : "x-nope");
            }
            if (r.nextInt(4) == 0) {
                out.append("; name=\"").append(text(r, 2).replace("\"", "").replace("\r", "").replace("\n", "")).append('"');
            }
            out.append(eol);
            if (r.nextInt(4) == 0) {
                out.append("Content-Transfer-Encoding: ").append(r.nextBoolean() ? "base64" : r.nextBoolean() ? "quoted-printable" : "x-bogus")
                        .append(eol);
            }
            if (r.nextInt(5) == 0) {
                out.append("Content-ID: <img").append(r.nextInt(100)).append("@x>").append(eol);
            }
            out.append(eol);
            body(type);
        }

        private void body(String type) {
            switch (type) {
                case "message/delivery-status" -> out.append("Reporting-MTA: dns; mx.example").append(eol).append(eol)
                        .append("Final-Recipient: rfc822; ").append(r.nextInt(3) == 0 ? run(r, 30_000) : "gone@client.example").append(eol)
                        .append("Action: failed").append(eol);
                case "text/html" -> {
                    int nesting = r.nextInt(10) == 0 ? r.nextInt(1_000) : r.nextInt(5);
                    out.append("<div>".repeat(nesting)).append("<a href=\"http").append(r.nextInt(5) == 0 ? run(r, 30_000) : "s://x.example")
                            .append("\">").append(text(r, 5)).append("</a>").append("<p>").append(text(r, 10)).append("</p>");
                }
                case "message/rfc822", "text/rfc822-headers" -> out.append("Subject: ").append(headerValue()).append(eol)
                        .append("Message-ID: <relais.1.abcdefgh.00000000000000000000@relais.test>").append(eol).append(eol).append("inner");
                default -> {
                    int lines = r.nextInt(15) == 0 ? r.nextInt(2_000) : r.nextInt(10);
                    for (int i = 0; i < lines && out.length() < 60_000; i++) {
                        out.append(r.nextInt(3) == 0 ? "> " : "").append(text(r, r.nextInt(8))).append(eol);
                    }
                }
            }
            out.append(eol);
        }
    }

    /** What the stored form of an address is, by the rules written as a pattern (for short texts only). */
    private static final Pattern REFERENCE = Pattern.compile(
            "[a-z0-9.!#$%&'*+/=?^_`{|}~\\p{L}\\p{Nd}\\p{Mn}\\p{Mc}-]{1,64}@(?:[a-z0-9_\\p{L}\\p{Nd}\\p{Mn}\\p{Mc}-]{1,63}\\.)+"
                    + "[a-z0-9_\\p{L}\\p{Nd}\\p{Mn}\\p{Mc}-]{1,63}", Pattern.CASE_INSENSITIVE);

    static Optional<String> referenceAddress(String text) {
        if (text.length() > 320) {
            return Optional.empty();
        }
        var lower = text.strip().toLowerCase(Locale.ROOT);
        return lower.length() <= 320 && REFERENCE.matcher(lower).matches() && lower.length() - lower.indexOf('@') - 1 <= 255
                ? Optional.of(lower) : Optional.empty();
    }

    /** The folding patterns before they were replaced by a scan, as the reference on texts they can read. */
    static final class OldQuotePatterns {
        private static final Pattern[] MARKERS = {
                Pattern.compile("(?m)^On .{4,300}wrote:\\s*$"),
                Pattern.compile("(?m)^Le .{4,300}a écrit\\s?:\\s*$"),
                Pattern.compile("(?m)^-{2,}\\s*(Original Message|Message d'origine|Forwarded message|Message transféré)\\s*-{2,}"),
                Pattern.compile("(?m)^(From|De)\\s?: .+\\R(.*\\R){0,3}?(Sent|Envoyé|Date)\\s?: .+"),
                Pattern.compile("(?m)^(>.*(\\R|$))+\\s*\\z"),
        };

        static int start(String body) {
            int best = -1;
            for (var p : MARKERS) {
                var m = p.matcher(body);
                if (m.find() && m.start() > 0 && (best < 0 || m.start() < best)) {
                    best = m.start();
                }
            }
            return best;
        }
    }
}
