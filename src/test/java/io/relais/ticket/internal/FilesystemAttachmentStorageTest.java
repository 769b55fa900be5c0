package io.relais.ticket.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.relais.IntegrationTest;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.util.HexFormat;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.jdbc.core.simple.JdbcClient;

class FilesystemAttachmentStorageTest extends IntegrationTest {
    @Autowired JdbcClient jdbc;
    @TempDir Path root;

    @Test
    void contentIsStoredOnceUnderItsHashAndReadBack() throws Exception {
        var storage = new FilesystemAttachmentStorage(root, jdbc);
        var content = ("spool log " + System.nanoTime()).getBytes(StandardCharsets.UTF_8);
        var sha = HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(content));
        storage.store(sha, content);
        storage.store(sha, content);
        var file = root.resolve(sha.substring(0, 2)).resolve(sha.substring(2, 4)).resolve(sha);
        assertThat(file).exists().hasBinaryContent(content);
        try (var files = Files.walk(root)) {
            assertThat(files.filter(Files::isRegularFile).count()).isEqualTo(1);
        }
        assertThat(storage.load(sha)).isEqualTo(content);
        assertThat(jdbc.sql("select count(*) from attachment_blob where sha256 = :s and content is null").param("s", sha)
                .query(Integer.class).single()).isEqualTo(1);
    }

    @Test
    void aNameThatIsNotAHashNeverBecomesAPath() {
        var storage = new FilesystemAttachmentStorage(root, jdbc);
        assertThatThrownBy(() -> storage.load("../../etc/passwd")).isInstanceOf(IllegalArgumentException.class);
    }
}
