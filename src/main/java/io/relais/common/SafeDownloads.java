package io.relais.common;

import java.nio.charset.StandardCharsets;
import java.util.Set;
import org.springframework.http.ContentDisposition;
import org.springframework.http.HttpHeaders;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;

/**
 * Serves stored files safely, for every module that keeps some (ticket attachments, knowledge files):
 * inline only for raster images on an allow-list, everything else (SVG and HTML included) as a download of
 * opaque bytes, never sniffed, never scripted.
 */
public final class SafeDownloads {
    public static final Set<String> INLINE_TYPES = Set.of("image/png", "image/jpeg", "image/gif", "image/webp");

    private SafeDownloads() {}

    /** {@code etag} may be null; {@code maxAgeSeconds} is how long the reader's browser may keep it. */
    public static ResponseEntity<byte[]> serve(String filename, String contentType, byte[] content, boolean wantInline,
                                               String etag, int maxAgeSeconds) {
        var inline = wantInline && INLINE_TYPES.contains(contentType);
        var type = inline ? MediaType.parseMediaType(contentType) : MediaType.APPLICATION_OCTET_STREAM;
        var disposition = (inline ? ContentDisposition.inline() : ContentDisposition.attachment())
                .filename(filename, StandardCharsets.UTF_8).build();
        var response = ResponseEntity.ok()
                .contentType(type)
                .header(HttpHeaders.CONTENT_DISPOSITION, disposition.toString())
                .header("X-Content-Type-Options", "nosniff")
                .header("Content-Security-Policy", "default-src 'none'; sandbox")
                .header(HttpHeaders.CACHE_CONTROL, "private, max-age=" + maxAgeSeconds);
        if (etag != null) {
            response.eTag("\"" + etag + "\"");
        }
        return response.body(content);
    }
}
