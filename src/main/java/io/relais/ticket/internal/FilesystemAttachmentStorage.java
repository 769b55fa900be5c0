package io.relais.ticket.internal;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;

/**
 * Content in files under {@code relais.attachments.directory}/ab/cd/abcd...; the database keeps only
 * the blob row (without content) so that attachments keep their foreign key.
 */
@Component
@ConditionalOnProperty(name = "relais.attachments.storage", havingValue = "filesystem")
class FilesystemAttachmentStorage implements AttachmentStorage {
    private final Path root;
    private final JdbcClient jdbc;

    FilesystemAttachmentStorage(@Value("${relais.attachments.directory}") Path root, JdbcClient jdbc) {
        this.root = root;
        this.jdbc = jdbc;
    }

    @Override
    public void store(String sha256, byte[] content) {
        var file = pathOf(sha256);
        try {
            if (!Files.exists(file)) {
                Files.createDirectories(file.getParent());
                var tmp = Files.createTempFile(file.getParent(), sha256, ".part");
                Files.write(tmp, content);
                Files.move(tmp, file, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot store attachment " + sha256 + " under " + root, e);
        }
        jdbc.sql("insert into attachment_blob (sha256, size, content) values (:sha, :size, null) on conflict do nothing")
                .param("sha", sha256).param("size", content.length).update();
    }

    @Override
    public byte[] load(String sha256) {
        try {
            return Files.readAllBytes(pathOf(sha256));
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read attachment " + sha256, e);
        }
    }

    private Path pathOf(String sha256) {
        if (!sha256.matches("[0-9a-f]{64}")) {
            throw new IllegalArgumentException("not a SHA-256");
        }
        return root.resolve(sha256.substring(0, 2)).resolve(sha256.substring(2, 4)).resolve(sha256);
    }
}
