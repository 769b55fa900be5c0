package io.relais.mail.internal;

import io.relais.common.EmailAddress;
import io.relais.common.Letters;
import io.relais.mail.internal.ParsedMail.Address;
import io.relais.mail.internal.ParsedMail.DeliveryReport;
import io.relais.mail.internal.ParsedMail.Part;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.function.BooleanSupplier;
import java.util.regex.Pattern;
import org.apache.james.mime4j.codec.DecodeMonitor;
import org.apache.james.mime4j.dom.BinaryBody;
import org.apache.james.mime4j.dom.Entity;
import org.apache.james.mime4j.dom.Header;
import org.apache.james.mime4j.dom.Message;
import org.apache.james.mime4j.dom.Multipart;
import org.apache.james.mime4j.dom.SingleBody;
import org.apache.james.mime4j.dom.TextBody;
import org.apache.james.mime4j.dom.address.Group;
import org.apache.james.mime4j.dom.address.Mailbox;
import org.apache.james.mime4j.field.address.DefaultAddressParser;
import org.apache.james.mime4j.message.DefaultMessageWriter;
import org.apache.james.mime4j.stream.Field;

/**
 * Reads a raw message with Apache James mime4j, leniently: mis-declared charsets are guessed,
 * 8-bit headers read as UTF-8 (or Windows-1252 when they are not UTF-8), RFC 2047 words decoded.
 * Limits on parts, nesting and time stop a hostile structure; what was read up to the limit is kept. Every step
 * is linear in the message and bounded (no regular expression that backtracks, no recursion deeper than the
 * nesting limit), and the work stops where its deadline passes or its thread is interrupted.
 */
public final class MailParser {
    private static final Pattern ANGLE_ID = Pattern.compile("<([^<>\\s]{1,500})>");

    public record Limits(int maxParts, int maxDepth, int maxHeaderCount, int maxHeaderLength) {
        public static Limits defaults() {
            return new Limits(500, 30, 2000, 256 * 1024);
        }
    }

    /**
     * When reading must stop: looked at between parts and while the source is read, so that a parse can be
     * abandoned (mime4j and regular expressions do not look at interruption; these checks do).
     */
    public record Deadline(BooleanSupplier over, String description) {
        public static Deadline none() {
            return new Deadline(() -> false, "never");
        }

        public static Deadline after(Duration budget) {
            long end = System.nanoTime() + budget.toNanos();
            return new Deadline(() -> System.nanoTime() - end >= 0, budget.toSeconds() + " s");
        }

        boolean passed() {
            return Thread.currentThread().isInterrupted() || over.getAsBoolean();
        }
    }

    /**
     * A message beyond a limit (parts, nesting, headers, time): the mail is taken with what was read, and says so.
     * The message completes "This message is …".
     */
    public static final class LimitExceeded extends RuntimeException {
        private final transient ParsedMail partial;

        public LimitExceeded(String message) {
            this(message, null);
        }

        LimitExceeded(String message, ParsedMail partial) {
            super(message);
            this.partial = partial;
        }

        /** What was read before the limit, when the headers could be read. */
        public java.util.Optional<ParsedMail> partial() {
            return java.util.Optional.ofNullable(partial);
        }
    }

    private final Limits limits;

    public MailParser(Limits limits) {
        this.limits = limits;
    }

    public ParsedMail parse(byte[] raw) throws IOException {
        return parse(raw, Deadline.none());
    }

    /** The message; {@link LimitExceeded} (with what was read) past a limit or the deadline. */
    public ParsedMail parse(byte[] raw, Deadline deadline) throws IOException {
        var source = new MimeReading.Source(raw, deadline);
        Message message;
        try {
            message = MimeReading.read(source, limits);
        } catch (IOException e) {
            var cause = e.getCause() != null ? e.getCause() : e;
            if (cause.getClass().getSimpleName().startsWith("Max")) {
                throw new LimitExceeded("headers over the limit: " + cause.getMessage());
            }
            throw e;
        }
        try {
            var walk = new Walk(deadline);
            var headers = headers(message.getHeader());
            walk.visit(message, 0, false);
            if (source.overParts(limits.maxParts())) {
                walk.stop("more than " + limits.maxParts() + " parts");
            }
            if (source.cut()) {
                walk.stop(timeNote(deadline));
            }
            String html = null;
            String text = String.join("\n\n", walk.text);
            if (!walk.html.isEmpty()) {
                if (deadline.passed()) {
                    walk.stop(timeNote(deadline));
                } else {
                    html = MailHtml.sanitize(String.join("\n<hr>\n", walk.html));
                    text = walk.text.isEmpty() ? MailHtml.toText(String.join("\n", walk.html)) : text;
                }
            }
            DeliveryReport report = null;
            if (walk.reportStatus != null || walk.reportReturned != null) {
                report = new DeliveryReport(failedRecipients(walk.reportStatus),
                        messageIds(walk.reportReturned == null ? "" : walk.reportReturned),
                        walk.reportHuman == null ? text : walk.reportHuman);
            }
            var mail = new ParsedMail(firstId(first(headers, "message-id")), firstId(first(headers, "in-reply-to")),
                    messageIds(String.join(" ", headers.getOrDefault("references", List.of()))),
                    first(headers, "subject"), first(addresses(first(headers, "from"))),
                    addresses(first(headers, "to")), addresses(first(headers, "cc")),
                    addresses(first(headers, "reply-to")), first(headers, "return-path"), headers, text, html,
                    walk.parts, report, walk.problems);
            if (walk.limit != null) {
                throw new LimitExceeded(walk.limit, mail);
            }
            return mail;
        } finally {
            message.dispose();
        }
    }

    private static String timeNote(Deadline deadline) {
        return Thread.currentThread().isInterrupted() ? "read only in part: its reading was abandoned"
                : "read only in part: reading it took longer than " + deadline.description();
    }

    /** A cheap read of From and Subject from the first bytes, for a message the parser cannot take. */
    public static ParsedMail headersOnly(byte[] raw, String problem) {
        var head = MailCharsets.decode8bit(java.util.Arrays.copyOf(raw, Math.min(raw.length, 64 * 1024)));
        var end = head.indexOf("\r\n\r\n") >= 0 ? head.indexOf("\r\n\r\n") : head.indexOf("\n\n");
        if (end >= 0) {
            head = head.substring(0, end);
        }
        var headers = new LinkedHashMap<String, List<String>>();
        for (var line : head.replaceAll("\\r?\\n[ \\t]+", " ").split("\\r?\\n")) {
            var colon = line.indexOf(':');
            if (colon > 0 && colon < 80) {
                var name = Letters.lower(line.substring(0, colon).trim());
                var value = EncodedWords.decode(line.substring(colon + 1).trim());
                headers.computeIfAbsent(name, k -> new ArrayList<>()).add(cut(value, 2000));
            }
        }
        return new ParsedMail(firstId(first(headers, "message-id")), firstId(first(headers, "in-reply-to")),
                messageIds(String.join(" ", headers.getOrDefault("references", List.of()))), first(headers, "subject"),
                first(addresses(first(headers, "from"))), addresses(first(headers, "to")),
                addresses(first(headers, "cc")), List.of(), first(headers, "return-path"), headers, "", null, List.of(),
                null, List.of(problem));
    }

    // ---- the walk over the MIME tree

    private final class Walk {
        final Deadline deadline;
        final List<String> text = new ArrayList<>();
        final List<String> html = new ArrayList<>();
        final List<Part> parts = new ArrayList<>();
        final List<String> problems = new ArrayList<>();
        int count;
        String reportStatus;
        String reportReturned;
        String reportHuman;
        /** The first limit reached: the walk stops there. */
        String limit;

        Walk(Deadline deadline) {
            this.deadline = deadline;
        }

        void stop(String why) {
            if (limit == null) {
                limit = why;
            }
        }

        void visit(Entity entity, int depth, boolean inRelated) throws IOException {
            if (limit != null) {
                return;
            }
            // past the deadline, what was read is still walked (the source was cut: this is linear in it), unless abandoned
            if (Thread.currentThread().isInterrupted()) {
                stop(timeNote(deadline));
                return;
            }
            if (++count > limits.maxParts()) {
                stop("more than " + limits.maxParts() + " parts");
                return;
            }
            if (depth > limits.maxDepth()) {
                stop("nested deeper than " + limits.maxDepth() + " levels");
                return;
            }
            var type = mimeType(entity);
            var body = entity.getBody();
            if (body instanceof Multipart multipart) {
                visitMultipart(entity, multipart, type, depth);
                return;
            }
            if (body instanceof Message nested) {
                if (isReportChild(entity)) {
                    reportReturned = headerText(nested.getHeader());
                }
                var subject = header(nested.getHeader(), "subject");
                parts.add(new Part(cut(subject == null || subject.isBlank() ? "forwarded message" : subject, 150) + ".eml",
                        "message/rfc822", write(nested), null, false, "forwarded"));
                return;
            }
            if (!(body instanceof SingleBody single)) {
                return;
            }
            var filename = filename(entity);
            var disposition = entity.getDispositionType();
            var attachment = "attachment".equalsIgnoreCase(disposition) || filename != null;
            if (isReportChild(entity) && type.equals("message/delivery-status")) {
                reportStatus = decodeText(bytes(single), entity.getCharset());
                return;
            }
            if (isReportChild(entity) && type.equals("text/rfc822-headers")) {
                reportReturned = decodeText(bytes(single), entity.getCharset());
                return;
            }
            if (!attachment && type.equals("text/plain")) {
                var decoded = decodeText(bytes(single), entity.getCharset());
                if (isReportChild(entity) && reportHuman == null) {
                    reportHuman = decoded;
                }
                text.add(decoded);
                return;
            }
            if (!attachment && type.equals("text/html")) {
                html.add(decodeText(bytes(single), entity.getCharset()));
                return;
            }
            var content = bytes(single);
            var contentId = firstId(header(entity.getHeader(), "content-id"));
            var inline = contentId != null && type.startsWith("image/") && !"attachment".equalsIgnoreCase(disposition);
            parts.add(new Part(filename != null ? filename : PartNames.defaultName(type, parts.size() + 1), type, content,
                    contentId, inline, PartNames.kind(type, filename)));
        }

        void visitMultipart(Entity entity, Multipart multipart, String type, int depth) throws IOException {
            var children = multipart.getBodyParts();
            if (type.equals("multipart/alternative")) {
                // Keep the last text and the last HTML version (the richest ones), and every file.
                int textBefore = text.size(), htmlBefore = html.size();
                for (var child : children) {
                    visit(child, depth + 1, false);
                }
                keepLast(text, textBefore);
                keepLast(html, htmlBefore);
                return;
            }
            if (type.equals("multipart/signed") && children.size() >= 2) {
                visit(children.get(0), depth + 1, false);
                for (int i = 1; i < children.size(); i++) {
                    var sig = children.get(i);
                    var content = sig.getBody() instanceof SingleBody s ? bytes(s) : new byte[0];
                    parts.add(new Part(filename(sig) != null ? filename(sig) : "signature" + PartNames.extension(mimeType(sig)),
                            mimeType(sig), content, null, false, "signature"));
                }
                return;
            }
            for (var child : children) {
                visit(child, depth + 1, type.equals("multipart/related"));
            }
        }

        boolean isReportChild(Entity entity) {
            // mime4j: a body part's parent is the entity that holds the multipart.
            var parent = entity.getParent();
            return parent != null && "multipart/report".equals(mimeType(parent));
        }

        byte[] bytes(SingleBody body) throws IOException {
            try (InputStream in = body.getInputStream()) {
                return in.readAllBytes();
            } catch (IOException e) {
                problems.add("a part could not be decoded: " + e.getMessage());
                return new byte[0];
            }
        }

        String decodeText(byte[] bytes, String declared) {
            var result = MailCharsets.decodeText(bytes, declared);
            if (result.guessed()) {
                problems.add("charset " + (declared == null ? "(none)" : declared) + " did not fit; read as " + result.charset());
            }
            return result.text();
        }
    }

    private static void keepLast(List<String> list, int from) {
        while (list.size() > from + 1) {
            list.remove(from);
        }
    }

    // ---- headers

    private static Map<String, List<String>> headers(Header header) {
        var map = new LinkedHashMap<String, List<String>>();
        for (var field : header.getFields()) {
            map.computeIfAbsent(field.getNameLowerCase(), k -> new ArrayList<>()).add(cut(value(field), 8000));
        }
        return map;
    }

    private static String header(Header header, String name) {
        var field = header.getField(name);
        return field == null ? null : value(field);
    }

    /** A header's value from its raw bytes: 8-bit text as UTF-8 or Windows-1252, unfolded, RFC 2047 decoded. */
    static String value(Field field) {
        String raw;
        if (field.getRaw() != null) {
            var line = MailCharsets.decode8bit(field.getRaw().toByteArray());
            var colon = line.indexOf(':');
            raw = colon < 0 ? line : line.substring(colon + 1);
        } else {
            raw = field.getBody() == null ? "" : field.getBody();
        }
        var unfolded = raw.replaceAll("\\r?\\n(?=[ \\t])", "").replaceAll("[\\r\\n]", " ").trim();
        return EncodedWords.decode(unfolded).replaceAll("\\p{Cntrl}", " ").trim();
    }

    private static String headerText(Header header) {
        var sb = new StringBuilder();
        for (var field : header.getFields()) {
            sb.append(field.getName()).append(": ").append(value(field)).append('\n');
        }
        return sb.toString();
    }

    private static String first(Map<String, List<String>> headers, String name) {
        var values = headers.get(name);
        return values == null || values.isEmpty() ? null : values.get(0);
    }

    private static <T> T first(List<T> list) {
        return list.isEmpty() ? null : list.get(0);
    }

    static List<Address> addresses(String value) {
        if (value == null || value.isBlank()) {
            return List.of();
        }
        var out = new ArrayList<Address>();
        try {
            var list = DefaultAddressParser.DEFAULT.parseAddressList(value, DecodeMonitor.SILENT);
            for (var address : list) {
                if (address instanceof Mailbox m) {
                    add(out, m);
                } else if (address instanceof Group g) {
                    g.getMailboxes().forEach(m -> add(out, m));
                }
            }
        } catch (Exception | StackOverflowError e) {
            // not RFC 5322: take what looks like addresses
        }
        if (out.isEmpty()) {
            EmailAddress.findIn(value, 100).forEach(e -> out.add(new Address(null, e.value())));
        }
        return out;
    }

    private static void add(List<Address> out, Mailbox m) {
        if (m.getLocalPart() == null || m.getDomain() == null || out.size() >= 100) {
            return;
        }
        EmailAddress.parse(m.getLocalPart() + "@" + m.getDomain())
                .ifPresent(e -> out.add(new Address(m.getName() == null ? null : cut(m.getName().trim(), 200), e.value())));
    }

    /** Message-IDs without their angle brackets, in order, without duplicates. */
    static List<String> messageIds(String value) {
        var ids = new LinkedHashSet<String>();
        if (value != null) {
            var m = ANGLE_ID.matcher(value);
            while (m.find() && ids.size() < 100) {
                ids.add(m.group(1));
            }
        }
        return List.copyOf(ids);
    }

    private static String firstId(String value) {
        if (value == null) {
            return null;
        }
        var ids = messageIds(value);
        if (!ids.isEmpty()) {
            return ids.get(0);
        }
        var bare = value.trim();
        return bare.isEmpty() || bare.length() > 500 || bare.contains(" ") ? null : bare;
    }

    /** The addresses of "Final-Recipient: rfc822; ann@client.example" (and Original-Recipient) lines, in one pass. */
    private static List<String> failedRecipients(String status) {
        if (status == null) {
            return List.of();
        }
        var out = new LinkedHashSet<String>();
        status.lines().filter(line -> line.regionMatches(true, 0, "final-recipient:", 0, 16)
                        || line.regionMatches(true, 0, "original-recipient:", 0, 19))
                .limit(100)
                .forEach(line -> EmailAddress.findIn(line.substring(line.indexOf(':') + 1), 1).forEach(e -> out.add(e.value())));
        return List.copyOf(out);
    }

    // ---- parts

    private static String mimeType(Entity entity) {
        var type = entity.getMimeType();
        return type == null ? "text/plain" : Letters.lower(type);
    }

    private static String filename(Entity entity) {
        String name = null;
        try {
            name = entity.getFilename();
        } catch (RuntimeException e) {
            name = null;
        }
        if (name == null) {
            var ct = entity.getHeader().getField("content-type");
            if (ct instanceof org.apache.james.mime4j.dom.field.ContentTypeField f) {
                name = f.getParameter("name");
            }
        }
        if (name == null || name.isBlank()) {
            return null;
        }
        return cut(EncodedWords.decode(name).replaceAll("\\p{Cntrl}", "_").trim(), 200);
    }

    private static byte[] write(Message message) throws IOException {
        var out = new ByteArrayOutputStream();
        new DefaultMessageWriter().writeMessage(message, out);
        return out.toByteArray();
    }

    static String cut(String s, int max) {
        return s == null || s.length() <= max ? s : s.substring(0, max);
    }
}
