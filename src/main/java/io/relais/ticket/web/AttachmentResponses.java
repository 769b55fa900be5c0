package io.relais.ticket.web;

import io.relais.ticket.TicketViews.AttachmentContent;
import java.util.Set;
import org.springframework.http.ContentDisposition;
import org.springframework.http.HttpHeaders;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;

/**
 * Serves attachment content safely: inline only for raster images on an allow-list, everything
 * else (SVG and HTML included) as a download of opaque bytes, never sniffed, never scripted.
 */
final class AttachmentResponses {
    static final Set<String> INLINE_TYPES = Set.of("image/png", "image/jpeg", "image/gif", "image/webp");

    private AttachmentResponses() {}

    static ResponseEntity<byte[]> serve(AttachmentContent file, boolean wantInline) {
        var meta = file.meta();
        var inline = wantInline && INLINE_TYPES.contains(meta.contentType());
        var type = inline ? MediaType.parseMediaType(meta.contentType()) : MediaType.APPLICATION_OCTET_STREAM;
        var disposition = (inline ? ContentDisposition.inline() : ContentDisposition.attachment())
                .filename(meta.filename(), java.nio.charset.StandardCharsets.UTF_8).build();
        return ResponseEntity.ok()
                .contentType(type)
                .header(HttpHeaders.CONTENT_DISPOSITION, disposition.toString())
                .header("X-Content-Type-Options", "nosniff")
                .header("Content-Security-Policy", "default-src 'none'; sandbox")
                .header(HttpHeaders.CACHE_CONTROL, "private, max-age=3600")
                .eTag("\"" + meta.sha256() + "\"")
                .body(file.content());
    }
}
