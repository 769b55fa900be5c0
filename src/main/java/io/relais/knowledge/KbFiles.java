package io.relais.knowledge;

import io.relais.common.InvalidInputException;
import io.relais.common.Letters;
import io.relais.common.NotFoundException;
import io.relais.knowledge.KbRecords.FileContent;
import io.relais.knowledge.KbRecords.FileView;
import io.relais.knowledge.internal.KbArticles;
import io.relais.knowledge.internal.KbVisibility;
import io.relais.security.Actor;
import io.relais.ticket.TicketCommands.Upload;
import java.sql.Timestamp;
import java.time.Clock;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.jdbc.support.GeneratedKeyHolder;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;

/** Files and images of an article (written in its text as {@code [name](file:id)}), read by who may read the article. */
@Service
public class KbFiles {
    public static final long MAX_FILE_BYTES = 10L * 1024 * 1024;
    private static final Pattern SAFE_NAME = Pattern.compile("[^\\p{L}\\p{N} ._()\\-]");

    private final KbArticles articles;
    private final JdbcClient jdbc;
    private final Clock clock;

    KbFiles(KbArticles articles, JdbcClient jdbc, Clock clock) {
        this.articles = articles;
        this.jdbc = jdbc;
        this.clock = clock;
    }

    @Transactional
    public FileView attach(Actor actor, long articleId, Upload upload) {
        actor.requireAgent();
        articles.visible(actor, articleId);
        if (upload == null || upload.content() == null || upload.content().length == 0) {
            throw InvalidInputException.field("file", "a file to attach");
        }
        if (upload.content().length > MAX_FILE_BYTES) {
            throw InvalidInputException.field("file", "at most " + (MAX_FILE_BYTES / 1024 / 1024) + " MB");
        }
        var name = SAFE_NAME.matcher(nullToEmpty(upload.filename())).replaceAll("_").strip();
        if (name.isEmpty()) {
            name = "file";
        }
        if (name.length() > 200) {
            name = name.substring(name.length() - 200);
        }
        var type = Letters.lower(nullToEmpty(upload.contentType()));
        if (!type.matches("[a-z0-9.+-]{1,60}/[a-z0-9.+-]{1,60}")) {
            type = "application/octet-stream";
        }
        var key = new GeneratedKeyHolder(); // the inserted row's id, never max(id)
        jdbc.sql("insert into kb_file (article_id, filename, content_type, size, content, created_at) values (:a, :f, :c, :s, :b, :t)")
                .param("a", articleId).param("f", name).param("c", type).param("s", upload.content().length)
                .param("b", upload.content()).param("t", Timestamp.from(clock.instant())).update(key, "id");
        long id = key.getKeyAs(Long.class);
        return new FileView(id, name, type, upload.content().length);
    }

    @Transactional(readOnly = true)
    public List<FileView> files(Actor actor, long articleId) {
        articles.visible(actor, articleId);
        return jdbc.sql("select id, filename, content_type, size from kb_file where article_id = :a order by id").param("a", articleId)
                .query((rs, n) -> new FileView(rs.getLong(1), rs.getString(2), rs.getString(3), rs.getLong(4))).list();
    }

    /** A file of an article the reader may see (else not found: its existence is not revealed). */
    @Transactional(readOnly = true)
    public FileContent file(Actor actor, long fileId) {
        var row = jdbc.sql("select article_id, filename, content_type, content from kb_file where id = :id").param("id", fileId)
                .query((rs, n) -> Map.entry(rs.getLong(1), new FileContent(rs.getString(2), rs.getString(3), rs.getBytes(4))))
                .optional().orElseThrow(() -> new NotFoundException("file", fileId));
        if (articles.find(row.getKey()).filter(a -> KbVisibility.permits(actor, a)).isEmpty()) {
            throw new NotFoundException("file", fileId);
        }
        return row.getValue();
    }

    private static String nullToEmpty(String s) {
        return s == null ? "" : s;
    }
}
