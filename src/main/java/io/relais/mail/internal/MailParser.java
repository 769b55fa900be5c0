package io.relais.mail.internal;

import io.relais.mail.internal.ParsedMail.Address;
import io.relais.mail.internal.ParsedMail.DeliveryReport;
import io.relais.mail.internal.ParsedMail.Part;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.Charset;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.regex.Pattern;
import org.apache.james.mime4j.codec.DecodeMonitor;
import org.apache.james.mime4j.codec.DecoderUtil;
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
import org.apache.james.mime4j.message.DefaultMessageBuilder;
import org.apache.james.mime4j.message.DefaultMessageWriter;
import org.apache.james.mime4j.stream.Field;
import org.apache.james.mime4j.stream.MimeConfig;

/**
 * Reads a raw message with Apache James mime4j, leniently: mis-declared charsets are guessed,
 * 8-bit headers read as UTF-8 (or Windows-1252 when they are not UTF-8), RFC 2047 words decoded.
 * Limits on parts and nesting stop a hostile structure; what was read up to the limit is kept.
 */
public final class MailParser {
    private static final Pattern ANGLE_ID = Pattern.compile("<([^<>\\s]{1,500})>");
    private static final Pattern EMAIL = Pattern.compile("[\\w.!#$%&'*+/=?^`{|}~-]+@[\\w-]+(?:\\.[\\w-]+)+");
    private static final Charset WINDOWS_1252 = Charset.forName("windows-1252");

    public record Limits(int maxParts, int maxDepth, int maxHeaderCount, int maxHeaderLength) {
        public static Limits defaults() {
            return new Limits(500, 30, 2000, 256 * 1024);
        }
    }

    /** A structure beyond the limits: the mail is taken with what was read, and says so. */
    public static final class LimitExceeded extends RuntimeException {
        public LimitExceeded(String message) {
            super(message);
        }
    }

    private final Limits limits;

    public MailParser(Limits limits) {
        this.limits = limits;
    }

    public ParsedMail parse(byte[] raw) throws IOException {
        var builder = new DefaultMessageBuilder();
        builder.setMimeEntityConfig(MimeConfig.custom()
                .setStrictParsing(false)
                .setMaxLineLen(-1)
                .setMaxHeaderCount(limits.maxHeaderCount())
                .setMaxHeaderLen(limits.maxHeaderLength())
                .setMaxContentLen(-1)
                .setMalformedHeaderStartsBody(true)
                .build());
        builder.setDecodeMonitor(DecodeMonitor.SILENT);
        Message message;
        try {
            message = builder.parseMessage(new ByteArrayInputStream(raw));
        } catch (IOException e) {
            var cause = e.getCause() != null ? e.getCause() : e;
            if (cause.getClass().getSimpleName().startsWith("Max")) {
                throw new LimitExceeded("headers over the limit: " + cause.getMessage());
            }
            throw e;
        }
        try {
            var walk = new Walk();
            var headers = headers(message.getHeader());
            walk.visit(message, 0, false);
            String html = walk.html.isEmpty() ? null : MailHtml.sanitize(String.join("\n<hr>\n", walk.html));
            var text = walk.text.isEmpty() ? (walk.html.isEmpty() ? "" : MailHtml.toText(String.join("\n", walk.html)))
                    : String.join("\n\n", walk.text);
            DeliveryReport report = null;
            if (walk.reportStatus != null || walk.reportReturned != null) {
                report = new DeliveryReport(failedRecipients(walk.reportStatus),
                        messageIds(walk.reportReturned == null ? "" : walk.reportReturned),
                        walk.reportHuman == null ? text : walk.reportHuman);
            }
            return new ParsedMail(firstId(first(headers, "message-id")), firstId(first(headers, "in-reply-to")),
                    messageIds(String.join(" ", headers.getOrDefault("references", List.of()))),
                    first(headers, "subject"), first(addresses(first(headers, "from"))),
                    addresses(first(headers, "to")), addresses(first(headers, "cc")),
                    addresses(first(headers, "reply-to")), first(headers, "return-path"), headers, text, html,
                    walk.parts, report, walk.problems);
        } finally {
            message.dispose();
        }
    }

    /** A cheap read of From and Subject from the first bytes, for a message the parser cannot take. */
    public static ParsedMail headersOnly(byte[] raw, String problem) {
        var head = decode8bit(java.util.Arrays.copyOf(raw, Math.min(raw.length, 64 * 1024)));
        var end = head.indexOf("\r\n\r\n") >= 0 ? head.indexOf("\r\n\r\n") : head.indexOf("\n\n");
        if (end >= 0) {
            head = head.substring(0, end);
        }
        var headers = new LinkedHashMap<String, List<String>>();
        for (var line : head.replaceAll("\\r?\\n[ \\t]+", " ").split("\\r?\\n")) {
            var colon = line.indexOf(':');
            if (colon > 0 && colon < 80) {
                var name = line.substring(0, colon).trim().toLowerCase(Locale.ROOT);
                var value = DecoderUtil.decodeEncodedWords(line.substring(colon + 1).trim(), DecodeMonitor.SILENT);
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
        final List<String> text = new ArrayList<>();
        final List<String> html = new ArrayList<>();
        final List<Part> parts = new ArrayList<>();
        final List<String> problems = new ArrayList<>();
        int count;
        String reportStatus;
        String reportReturned;
        String reportHuman;

        void visit(Entity entity, int depth, boolean inRelated) throws IOException {
            if (++count > limits.maxParts()) {
                throw new LimitExceeded("more than " + limits.maxParts() + " parts");
            }
            if (depth > limits.maxDepth()) {
                throw new LimitExceeded("nested deeper than " + limits.maxDepth() + " levels");
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
                var subject = nested.getSubject();
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
            parts.add(new Part(filename != null ? filename : defaultName(type, parts.size() + 1), type, content,
                    contentId, inline, kind(type, filename)));
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
                    parts.add(new Part(filename(sig) != null ? filename(sig) : "signature" + extension(mimeType(sig)),
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
            var result = MailParser.decodeText(bytes, declared);
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

    record Decoded(String text, String charset, boolean guessed) {}

    /**
     * The declared charset when the bytes fit it; UTF-8 when they are valid UTF-8 (the most common
     * mis-declaration is UTF-8 text labelled Latin-1 or ASCII); Windows-1252 otherwise, which never fails.
     */
    static Decoded decodeText(byte[] bytes, String declared) {
        Charset charset = null;
        if (declared != null) {
            try {
                charset = Charset.forName(declared.trim().replace("\"", ""));
            } catch (RuntimeException e) {
                charset = null;
            }
        }
        var latinish = charset == null || charset.equals(StandardCharsets.US_ASCII)
                || charset.equals(StandardCharsets.ISO_8859_1) || charset.equals(WINDOWS_1252);
        if (latinish && hasHighBytes(bytes)) {
            var utf8 = strict(bytes, StandardCharsets.UTF_8);
            if (utf8 != null) {
                return new Decoded(utf8, "UTF-8", charset != null && !charset.equals(StandardCharsets.UTF_8));
            }
        }
        if (charset != null) {
            var text = strict(bytes, charset);
            if (text != null) {
                return new Decoded(text, charset.name(), false);
            }
        }
        var utf8 = strict(bytes, StandardCharsets.UTF_8);
        if (utf8 != null) {
            return new Decoded(utf8, "UTF-8", declared != null);
        }
        return new Decoded(new String(bytes, WINDOWS_1252), "windows-1252", true);
    }

    private static boolean hasHighBytes(byte[] bytes) {
        for (var b : bytes) {
            if (b < 0) {
                return true;
            }
        }
        return false;
    }

    private static String strict(byte[] bytes, Charset charset) {
        try {
            return charset.newDecoder().onMalformedInput(CodingErrorAction.REPORT)
                    .onUnmappableCharacter(CodingErrorAction.REPORT).decode(ByteBuffer.wrap(bytes)).toString();
        } catch (CharacterCodingException | UnsupportedOperationException e) {
            return null;
        }
    }

    static String decode8bit(byte[] bytes) {
        var utf8 = strict(bytes, StandardCharsets.UTF_8);
        return utf8 != null ? utf8 : new String(bytes, WINDOWS_1252);
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
            var line = decode8bit(field.getRaw().toByteArray());
            var colon = line.indexOf(':');
            raw = colon < 0 ? line : line.substring(colon + 1);
        } else {
            raw = field.getBody() == null ? "" : field.getBody();
        }
        var unfolded = raw.replaceAll("\\r?\\n(?=[ \\t])", "").replaceAll("[\\r\\n]", " ").trim();
        return DecoderUtil.decodeEncodedWords(unfolded, DecodeMonitor.SILENT).replaceAll("\\p{Cntrl}", " ").trim();
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
            var m = EMAIL.matcher(value);
            while (m.find() && out.size() < 100) {
                out.add(new Address(null, m.group().toLowerCase(Locale.ROOT)));
            }
        }
        return out;
    }

    private static void add(List<Address> out, Mailbox m) {
        if (m.getLocalPart() == null || m.getDomain() == null || out.size() >= 100) {
            return;
        }
        var email = (m.getLocalPart() + "@" + m.getDomain()).toLowerCase(Locale.ROOT);
        if (email.length() <= 320 && EMAIL.matcher(email).matches()) {
            out.add(new Address(m.getName() == null ? null : cut(m.getName().trim(), 200), email));
        }
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

    private static List<String> failedRecipients(String status) {
        if (status == null) {
            return List.of();
        }
        var out = new LinkedHashSet<String>();
        for (var line : status.split("\\r?\\n")) {
            var lower = line.toLowerCase(Locale.ROOT);
            if (lower.startsWith("final-recipient:") || lower.startsWith("original-recipient:")) {
                var m = EMAIL.matcher(line);
                if (m.find()) {
                    out.add(m.group().toLowerCase(Locale.ROOT));
                }
            }
        }
        return List.copyOf(out);
    }

    // ---- parts

    private static String mimeType(Entity entity) {
        var type = entity.getMimeType();
        return type == null ? "text/plain" : type.toLowerCase(Locale.ROOT);
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
        return cut(DecoderUtil.decodeEncodedWords(name, DecodeMonitor.SILENT).replaceAll("\\p{Cntrl}", "_").trim(), 200);
    }

    private static String kind(String type, String filename) {
        var name = filename == null ? "" : filename.toLowerCase(Locale.ROOT);
        if (name.equals("winmail.dat") || type.equals("application/ms-tnef") || type.equals("application/vnd.ms-tnef")) {
            return "winmail";
        }
        if (type.equals("text/calendar") || name.endsWith(".ics")) {
            return "calendar";
        }
        if (type.endsWith("pkcs7-signature") || type.equals("application/pgp-signature")) {
            return "signature";
        }
        return "file";
    }

    private static String defaultName(String type, int n) {
        return switch (type) {
            case "text/calendar" -> "invite.ics";
            case "text/html" -> "part-" + n + ".html";
            case "text/plain" -> "part-" + n + ".txt";
            default -> "part-" + n + extension(type);
        };
    }

    private static String extension(String type) {
        return switch (type) {
            case "image/png" -> ".png";
            case "image/jpeg" -> ".jpg";
            case "image/gif" -> ".gif";
            case "application/pdf" -> ".pdf";
            case "application/pkcs7-signature", "application/x-pkcs7-signature" -> ".p7s";
            case "application/pgp-signature" -> ".asc";
            default -> ".bin";
        };
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
