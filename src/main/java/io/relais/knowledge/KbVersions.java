package io.relais.knowledge;

import io.relais.common.NotFoundException;
import io.relais.directory.Directory;
import io.relais.knowledge.KbRecords.ArticleView;
import io.relais.knowledge.KbRecords.Diff;
import io.relais.knowledge.KbRecords.VersionContent;
import io.relais.knowledge.KbRecords.VersionView;
import io.relais.knowledge.internal.ArticleValidator;
import io.relais.knowledge.internal.KbArticles;
import io.relais.knowledge.internal.KbVisibility;
import io.relais.knowledge.internal.LineDiff;
import io.relais.security.Actor;
import java.time.Clock;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.TreeSet;
import java.util.stream.Collectors;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;

/**
 * An article's versions (every save is one, kept whole): the list, one version, two compared, an earlier one made
 * current again. Each version is read by who could read the article when it was written
 * ({@link KbVisibility#permitsVersion}); for agents only.
 */
@Service
public class KbVersions {
    private final KbArticles articles;
    private final ArticleValidator validator;
    private final JdbcClient jdbc;
    private final Directory directory;
    private final Clock clock;

    KbVersions(KbArticles articles, ArticleValidator validator, JdbcClient jdbc, Directory directory, Clock clock) {
        this.articles = articles;
        this.validator = validator;
        this.jdbc = jdbc;
        this.directory = directory;
        this.clock = clock;
    }

    @Transactional(readOnly = true)
    public List<VersionView> versions(Actor actor, long id) {
        actor.requireAgent(); // an earlier version may have been internal or restricted
        articles.visible(actor, id);
        // only the versions the reader could have read when they were written
        return jdbc.sql("""
                select version, title, author_name, created_at, comment, organizations from kb_version
                where article_id = :id order by version desc""").param("id", id)
                .query((rs, n) -> KbVisibility.permitsVersion(actor, KbArticles.organizations(rs.getString(6)))
                        ? new VersionView(rs.getInt(1), rs.getString(2), rs.getString(3),
                        rs.getObject(4, OffsetDateTime.class).toInstant(), rs.getString(5)) : null)
                .list().stream().filter(Objects::nonNull).toList();
    }

    @Transactional(readOnly = true)
    public VersionContent version(Actor actor, long id, int version) {
        actor.requireAgent();
        articles.visible(actor, id);
        return readable(actor, id, version);
    }

    /** Version {@code from} against version {@code to}: title and text line by line, and which settings changed. */
    @Transactional(readOnly = true)
    public Diff diff(Actor actor, long id, int from, int to) {
        actor.requireAgent();
        articles.visible(actor, id);
        var a = readable(actor, id, from);
        var b = readable(actor, id, to);
        var changed = new ArrayList<String>();
        if (a.kind() != b.kind()) {
            changed.add("kind");
        }
        if (!Objects.equals(a.categoryId(), b.categoryId())) {
            changed.add("category");
        }
        if (!a.tags().equals(b.tags())) {
            changed.add("tags");
        }
        if (a.visibility() != b.visibility()) {
            changed.add("visibility");
        }
        if (!KbArticles.organizations(a.organizations()).equals(KbArticles.organizations(b.organizations()))) {
            changed.add("organizations");
        }
        return new Diff(summary(a), summary(b), LineDiff.diff(a.title(), b.title()), LineDiff.diff(a.body(), b.body()), changed);
    }

    /** Makes an earlier version the current one again (as a new version: nothing is lost). */
    @Transactional
    public ArticleView restore(Actor actor, long id, int version) {
        actor.requireAgent();
        var article = articles.visible(actor, id);
        var old = readable(actor, id, version);
        var organizations = KbArticles.organizations(old.organizations()).stream()
                .filter(o -> directory.organization(Actor.system("kb"), o).isPresent())
                .collect(Collectors.toCollection(TreeSet::new));
        var category = old.categoryId() != null && validator.categoryExists(old.categoryId()) ? old.categoryId() : null;
        article.write(old.kind(), category, old.title(), old.body(), old.tags(), old.visibility(), organizations, clock.instant(),
                actor.name());
        var comment = "fr".equals(actor.language()) ? "Version " + version + " restaurée" : "Restored version " + version;
        articles.saveVersion(article, actor, comment);
        return KbArticles.view(actor, article);
    }

    /** A version of a visible article, if the reader could have read it when it was written (else: not found). */
    private VersionContent readable(Actor actor, long id, int version) {
        return articles.version(id, version).filter(v -> KbVisibility.permitsVersion(actor, KbArticles.organizations(v.organizations())))
                .orElseThrow(() -> new NotFoundException("version", version));
    }

    private static VersionView summary(VersionContent v) {
        return new VersionView(v.version(), v.title(), v.authorName(), v.createdAt(), v.comment());
    }
}
