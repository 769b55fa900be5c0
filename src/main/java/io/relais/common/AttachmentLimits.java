package io.relais.common;

import org.springframework.beans.factory.annotation.Value;
import org.springframework.stereotype.Component;
import org.springframework.util.unit.DataSize;

/**
 * What one request may carry, from the attachment settings: the ticket rules check files against it, and the web
 * layer bounds every request body by it before reading.
 */
@Component
public class AttachmentLimits {
    /** Files on one message. */
    public static final int MAX_FILES = 20;
    /** Room for what surrounds the files in a JSON body: a message of 100,000 characters, escaped, and the names. */
    private static final long JSON_MARGIN = 1024 * 1024;

    private final long maxFileBytes;
    private final long maxMultipartBytes;

    AttachmentLimits(@Value("${relais.attachments.max-size:25MB}") DataSize maxFile,
                     @Value("${spring.servlet.multipart.max-request-size:60MB}") DataSize maxMultipart) {
        this.maxFileBytes = maxFile.toBytes();
        this.maxMultipartBytes = maxMultipart.toBytes();
    }

    public long maxFileBytes() {
        return maxFileBytes;
    }

    /**
     * The largest request body: what a multipart request may carry (never more than {@link #MAX_FILES} files of
     * the largest size), in base64 (4 characters for 3 bytes, as JSON carries files), and the margin.
     */
    public long maxBodyBytes() {
        var files = Math.min(maxFileBytes * MAX_FILES, maxMultipartBytes);
        return (files + 2) / 3 * 4 + JSON_MARGIN;
    }
}
