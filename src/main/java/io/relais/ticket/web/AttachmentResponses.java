package io.relais.ticket.web;

import io.relais.common.SafeDownloads;
import io.relais.ticket.TicketViews.AttachmentContent;
import org.springframework.http.ResponseEntity;

/** Serves attachment content with the safe-download rules ({@link SafeDownloads}), tagged by its hash. */
final class AttachmentResponses {
    private AttachmentResponses() {}

    static ResponseEntity<byte[]> serve(AttachmentContent file, boolean wantInline) {
        var meta = file.meta();
        return SafeDownloads.serve(meta.filename(), meta.contentType(), file.content(), wantInline, meta.sha256(), 3600);
    }
}
