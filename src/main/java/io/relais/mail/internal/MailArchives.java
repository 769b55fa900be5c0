package io.relais.mail.internal;

import io.relais.common.Letters;
import java.io.BufferedInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.RandomAccessFile;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.Iterator;
import java.util.List;
import java.util.NoSuchElementException;
import java.util.stream.Stream;

/**
 * The messages of mail archives: {@code .eml} files, mbox files (any name; recognised by their first
 * {@code From } line) and Maildir folders ({@code cur/} and {@code new/}, Maildir++ subfolders too),
 * given as files or folders searched recursively. A first pass only lists where each message is and its
 * date, so that a large archive is never held in memory; {@link #read} then reads them one at a time,
 * oldest first. Other files (a Dovecot index, a {@code .DS_Store}) are listed as skipped.
 */
final class MailArchives {
    /** Where a message is: a whole file, or a slice of an mbox file; its date for the order. */
    record Entry(Path file, long offset, long length, boolean mbox, Instant date, long order) {
        String where() {
            return mbox ? file + " @" + offset : file.toString();
        }
    }

    record Listing(List<Entry> entries, List<String> skipped) {}

    private static final int HEAD = 64 * 1024;

    private MailArchives() {}

    /** Lists every message under {@code paths}, oldest first (then in the order found). */
    static Listing list(List<Path> paths, Instant now) throws IOException {
        var entries = new ArrayList<Entry>();
        var skipped = new ArrayList<String>();
        for (var path : paths) {
            if (!Files.exists(path)) {
                throw new java.io.FileNotFoundException("No such file or folder: " + path);
            }
            walk(path, entries, skipped, now);
        }
        entries.sort(Comparator.comparing(Entry::date).thenComparingLong(Entry::order));
        return new Listing(List.copyOf(entries), List.copyOf(skipped));
    }

    private static void walk(Path path, List<Entry> entries, List<String> skipped, Instant now) throws IOException {
        if (Files.isDirectory(path)) {
            var maildir = Files.isDirectory(path.resolve("cur")) || Files.isDirectory(path.resolve("new"));
            List<Path> children;
            try (Stream<Path> list = Files.list(path)) {
                children = list.sorted().toList();
            }
            for (var child : children) {
                var name = child.getFileName().toString();
                if (Files.isSymbolicLink(child) && Files.isDirectory(child)) {
                    skipped.add(child + " (a link to a folder: not followed)");
                    continue;
                }
                if (maildir && Files.isDirectory(child) && (name.equals("cur") || name.equals("new"))) {
                    try (Stream<Path> list = Files.list(child)) {
                        for (var file : list.filter(Files::isRegularFile).sorted().toList()) {
                            entries.add(file(file, maildirTime(file), entries.size(), now));
                        }
                    }
                } else if (maildir && name.equals("tmp")) {
                    continue; // messages still being delivered
                } else if (Files.isDirectory(child)) {
                    walk(child, entries, skipped, now);
                } else if (Files.isRegularFile(child)) {
                    one(child, entries, skipped, now, maildir);
                }
            }
        } else {
            one(path, entries, skipped, now, false);
        }
    }

    private static void one(Path file, List<Entry> entries, List<String> skipped, Instant now, boolean inMaildir) throws IOException {
        var name = Letters.lower(file.getFileName().toString());
        if (startsWithFromLine(file)) {
            mbox(file, entries, now);
        } else if (name.endsWith(".eml") && !inMaildir) {
            entries.add(file(file, Files.getLastModifiedTime(file).toInstant(), entries.size(), now));
        } else {
            skipped.add(file.toString());
        }
    }

    private static Entry file(Path file, Instant fallback, long order, Instant now) throws IOException {
        byte[] head;
        try (var in = Files.newInputStream(file)) {
            head = withoutSeparator(in.readNBytes(HEAD));
        }
        var date = MailDates.of(MailParser.headersOnly(head, "").header("date"), now).orElse(fallback);
        return new Entry(file, 0, Files.size(file), false, date, order);
    }

    /** A Maildir file name starts with its delivery time in seconds; else the file's time. */
    private static Instant maildirTime(Path file) throws IOException {
        var name = file.getFileName().toString();
        var dot = name.indexOf('.');
        if (dot > 0 && name.substring(0, dot).matches("\\d{9,11}")) {
            return Instant.ofEpochSecond(Long.parseLong(name.substring(0, dot)));
        }
        return Files.getLastModifiedTime(file).toInstant();
    }

    private static boolean startsWithFromLine(Path file) throws IOException {
        try (var in = Files.newInputStream(file)) {
            var start = in.readNBytes(5);
            return new String(start, StandardCharsets.US_ASCII).equals("From ");
        }
    }

    /**
     * The messages of an mbox: a line starting with {@code From } opens one when it follows an empty line
     * (or starts the file), or when it ends with a date as separators do.
     */
    private static void mbox(Path file, List<Entry> entries, Instant now) throws IOException {
        try (InputStream in = new BufferedInputStream(Files.newInputStream(file), 1 << 16)) {
            var lines = new LineReader(in);
            long start = -1;
            Instant separatorDate = null;
            String date = null;
            boolean inHeaders = false;
            boolean previousBlank = true;
            String lastHeader = null;
            while (true) {
                long lineStart = lines.position();
                var line = lines.next();
                if (line == null) {
                    break;
                }
                var text = line.length >= 5 ? new String(line, 0, Math.min(line.length, 200), StandardCharsets.ISO_8859_1) : "";
                var blank = isBlank(line);
                if (text.startsWith("From ") && (previousBlank || MailDates.ofSeparator(text, now).isPresent())) {
                    if (start >= 0) {
                        entries.add(slice(file, start, lineStart, separatorDate, date, entries.size(), now));
                    }
                    start = lines.position();
                    separatorDate = MailDates.ofSeparator(text, now).orElse(null);
                    date = null;
                    lastHeader = null;
                    inHeaders = true;
                    previousBlank = false;
                    continue;
                }
                if (inHeaders) {
                    if (blank) {
                        inHeaders = false;
                    } else {
                        var header = new String(line, StandardCharsets.ISO_8859_1);
                        if (header.startsWith(" ") || header.startsWith("\t")) {
                            if ("date".equals(lastHeader) && date != null) {
                                date = date + " " + header.strip();
                            }
                        } else {
                            var colon = header.indexOf(':');
                            lastHeader = colon > 0 ? Letters.lower(header.substring(0, colon).strip()) : null;
                            if ("date".equals(lastHeader) && date == null) {
                                date = header.substring(colon + 1).strip();
                            }
                        }
                    }
                }
                previousBlank = blank;
            }
            if (start >= 0) {
                entries.add(slice(file, start, lines.position(), separatorDate, date, entries.size(), now));
            }
        }
    }

    private static Entry slice(Path file, long start, long end, Instant separatorDate, String date, long order, Instant now)
            throws IOException {
        var fallback = separatorDate != null ? separatorDate : Files.getLastModifiedTime(file).toInstant();
        return new Entry(file, start, Math.max(0, end - start), true, MailDates.of(date, now).orElse(fallback), order);
    }

    private static boolean isBlank(byte[] line) {
        for (var b : line) {
            if (b != '\r' && b != '\n' && b != ' ' && b != '\t') {
                return false;
            }
        }
        return true;
    }

    /** The messages of {@code entries}, read one at a time, with the date each is sorted by as its fallback date. */
    static Iterator<MailIntake.Archived> read(List<Entry> entries) {
        return new Iterator<>() {
            int next;

            @Override
            public boolean hasNext() {
                return next < entries.size();
            }

            @Override
            public MailIntake.Archived next() {
                if (!hasNext()) {
                    throw new NoSuchElementException();
                }
                var entry = entries.get(next++);
                try {
                    return new MailIntake.Archived(bytes(entry), entry.date());
                } catch (IOException e) {
                    throw new java.io.UncheckedIOException("Cannot read " + entry.where(), e);
                }
            }
        };
    }

    /** The raw message; in an mbox, {@code >From } lines lose one {@code >} (mboxrd, and mboxo's usual case). */
    static byte[] bytes(Entry entry) throws IOException {
        if (!entry.mbox()) {
            return withoutSeparator(Files.readAllBytes(entry.file()));
        }
        if (entry.length() > Integer.MAX_VALUE - 16) {
            throw new IOException("message too large to read: " + entry.length() + " bytes");
        }
        var raw = new byte[(int) entry.length()];
        try (var file = new RandomAccessFile(entry.file().toFile(), "r")) {
            file.seek(entry.offset());
            file.readFully(raw);
        }
        // the empty line before the next separator is the mbox's, not the message's
        int length = raw.length;
        if (length >= 4 && raw[length - 1] == '\n' && raw[length - 2] == '\r' && raw[length - 3] == '\n' && raw[length - 4] == '\r') {
            length -= 2;
        } else if (length >= 2 && raw[length - 1] == '\n' && raw[length - 2] == '\n') {
            length -= 1;
        }
        return unescape(java.util.Arrays.copyOf(raw, length));
    }

    /** Some tools keep an mbox separator line ({@code From sender date}) at the top of a Maildir or .eml file: not a header. */
    private static byte[] withoutSeparator(byte[] raw) {
        if (raw.length < 5 || raw[0] != 'F' || raw[1] != 'r' || raw[2] != 'o' || raw[3] != 'm' || raw[4] != ' ') {
            return raw;
        }
        for (int i = 5; i < raw.length; i++) {
            if (raw[i] == '\n') {
                return java.util.Arrays.copyOfRange(raw, i + 1, raw.length);
            }
        }
        return raw;
    }

    static byte[] unescape(byte[] raw) {
        var out = new ByteArrayOutputStream(raw.length);
        int lineStart = 0;
        for (int i = 0; i <= raw.length; i++) {
            if (i == raw.length || raw[i] == '\n') {
                int end = i == raw.length ? i : i + 1;
                int gt = lineStart;
                while (gt < end && raw[gt] == '>') {
                    gt++;
                }
                boolean escaped = gt > lineStart && end - gt >= 5 && raw[gt] == 'F' && raw[gt + 1] == 'r' && raw[gt + 2] == 'o'
                        && raw[gt + 3] == 'm' && raw[gt + 4] == ' ';
                out.write(raw, escaped ? lineStart + 1 : lineStart, end - (escaped ? lineStart + 1 : lineStart));
                lineStart = end;
            }
        }
        return out.toByteArray();
    }

    /** Lines as bytes (with their end of line), and the byte position after the last line read. */
    private static final class LineReader {
        private final InputStream in;
        private long position;
        private final ByteArrayOutputStream line = new ByteArrayOutputStream(256);

        LineReader(InputStream in) {
            this.in = in;
        }

        long position() {
            return position;
        }

        byte[] next() throws IOException {
            line.reset();
            int b;
            while ((b = in.read()) >= 0) {
                position++;
                line.write(b);
                if (b == '\n') {
                    break;
                }
            }
            return line.size() == 0 && b < 0 ? null : line.toByteArray();
        }
    }
}
