package io.relais.ticket.internal;

import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;

/** The default: content in the attachment_blob table (one row per distinct content). */
@Component
@ConditionalOnProperty(name = "relais.attachments.storage", havingValue = "database", matchIfMissing = true)
class DatabaseAttachmentStorage implements AttachmentStorage {
    private final JdbcClient jdbc;

    DatabaseAttachmentStorage(JdbcClient jdbc) {
        this.jdbc = jdbc;
    }

    @Override
    public void store(String sha256, byte[] content) {
        jdbc.sql("insert into attachment_blob (sha256, size, content) values (:sha, :size, :content) on conflict do nothing")
                .param("sha", sha256).param("size", content.length).param("content", content)
                .update();
    }

    @Override
    public byte[] load(String sha256) {
        return jdbc.sql("select content from attachment_blob where sha256 = :sha").param("sha", sha256)
                .query(byte[].class).optional()
                .orElseThrow(() -> new IllegalStateException("attachment content missing: " + sha256));
    }
}
