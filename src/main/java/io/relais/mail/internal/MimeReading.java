package io.relais.mail.internal;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import org.apache.james.mime4j.MimeException;
import org.apache.james.mime4j.codec.DecodeMonitor;
import org.apache.james.mime4j.dom.Message;
import org.apache.james.mime4j.field.LenientFieldParser;
import org.apache.james.mime4j.message.DefaultBodyDescriptorBuilder;
import org.apache.james.mime4j.message.DefaultMessageBuilder;
import org.apache.james.mime4j.stream.BodyDescriptor;
import org.apache.james.mime4j.stream.BodyDescriptorBuilder;
import org.apache.james.mime4j.stream.Field;
import org.apache.james.mime4j.stream.MimeConfig;
import org.apache.james.mime4j.stream.RawField;

/**
 * mime4j's parse of a raw message, bounded while it reads. mime4j reads a nested part through one stream per
 * level, each calling the one above: 20,000 nested multiparts overflowed the stack before any limit of ours
 * was looked at. Here a multipart or an attached message deeper than the depth limit is read as one opaque
 * part, so the tree never grows deeper than the limit; and the source ends where the deadline passes or once
 * more parts than the limit have started (half a million small parts took 35 s), so that mime4j (which cannot
 * be interrupted) builds what it read so far and returns.
 */
final class MimeReading {
    /** The most read at once, so that the deadline is looked at while a large message is read. */
    private static final int CHUNK = 64 * 1024;

    private MimeReading() {}

    static Message read(Source source, MailParser.Limits limits) throws IOException {
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
        builder.setBodyDescriptorBuilder(new Nesting(new DefaultBodyDescriptorBuilder(null, LenientFieldParser.getParser(),
                DecodeMonitor.SILENT), 0, limits, source));
        return builder.parseMessage(source);
    }

    /** The raw message, which ends early when the deadline passes (or the reading thread is interrupted). */
    static final class Source extends ByteArrayInputStream {
        private final MailParser.Deadline deadline;
        private boolean cut;
        private int parts;

        Source(byte[] raw, MailParser.Deadline deadline) {
            super(raw);
            this.deadline = deadline;
        }

        @Override
        public synchronized int read() {
            return stopped() ? -1 : super.read();
        }

        @Override
        public synchronized int read(byte[] b, int off, int len) {
            return stopped() ? -1 : super.read(b, off, Math.min(len, CHUNK));
        }

        /** Whether the source was cut short by the deadline. */
        boolean cut() {
            return cut;
        }

        /** A part starts: past the limit, the rest of the source is not read. */
        void partStarts(int maxParts) {
            if (++parts > maxParts) {
                pos = count;
            }
        }

        /** Whether the source was cut short because it held more parts than the limit. */
        boolean overParts(int maxParts) {
            return parts > maxParts;
        }

        private boolean stopped() {
            if (!cut && pos < count && deadline.passed()) {
                cut = true;
            }
            return cut;
        }
    }

    /** Describes each part as mime4j's builder does, and a container below the depth limit as an opaque part. */
    private static final class Nesting implements BodyDescriptorBuilder {
        private final BodyDescriptorBuilder inner;
        private final int depth;
        private final MailParser.Limits limits;
        private final Source source;

        Nesting(BodyDescriptorBuilder inner, int depth, MailParser.Limits limits, Source source) {
            this.inner = inner;
            this.depth = depth;
            this.limits = limits;
            this.source = source;
        }

        @Override
        public void reset() {
            inner.reset();
        }

        @Override
        public Field addField(RawField field) throws MimeException {
            return inner.addField(field);
        }

        @Override
        public BodyDescriptor build() {
            var descriptor = inner.build();
            var type = descriptor.getMimeType();
            boolean container = type != null && (type.startsWith("multipart/") || type.startsWith("message/"));
            return depth > limits.maxDepth() && container ? new Opaque(descriptor) : descriptor;
        }

        @Override
        public BodyDescriptorBuilder newChild() {
            source.partStarts(limits.maxParts());
            return new Nesting(inner.newChild(), depth + 1, limits, source);
        }
    }

    private record Opaque(BodyDescriptor declared) implements BodyDescriptor {
        @Override
        public String getBoundary() {
            return null;
        }

        @Override
        public String getMimeType() {
            return "application/octet-stream";
        }

        @Override
        public String getMediaType() {
            return "application";
        }

        @Override
        public String getSubType() {
            return "octet-stream";
        }

        @Override
        public String getCharset() {
            return declared.getCharset();
        }

        @Override
        public String getTransferEncoding() {
            return declared.getTransferEncoding();
        }

        @Override
        public long getContentLength() {
            return declared.getContentLength();
        }
    }
}
