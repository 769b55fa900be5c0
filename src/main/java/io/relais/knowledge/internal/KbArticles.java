package io.relais.knowledge.internal;

import io.relais.common.NotFoundException;
import io.relais.knowledge.KbRecords.ArticleView;
import io.relais.knowledge.KbRecords.Kind;
import io.relais.knowledge.KbRecords.VersionContent;
import io.relais.knowledge.KbRecords.Visibility;
import io.relais.security.Actor;
import jakarta.persistence.EntityManager;
import jakarta.persistence.PersistenceContext;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Collectors;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;

/** Storage of articles (the entity, indexed as it changes) and of their versions and counts. */
@Repository
public class KbArticles {
    @PersistenceContext
    private EntityManager em;
    private final JdbcClient jdbc;

    KbArticles(JdbcClient jdbc) {
        this.jdbc = jdbc;
    }

    public Optional<KbArticle> find(long id) {
        return Optional.ofNullable(em.find(KbArticle.class, id));
    }

    /** The article if the reader may see it ({@link KbVisibility}), else not found: its existence is not revealed. */
    public KbArticle visible(Actor actor, long id) {
        return find(id).filter(a -> KbVisibility.permits(actor, a)).orElseThrow(() -> new NotFoundException("article", id));
    }

    /** These articles by id, in one query (with their organizations). */
    public java.util.Map<Long, KbArticle> findAll(java.util.Collection<Long> ids) {
        if (ids.isEmpty()) {
            return java.util.Map.of();
        }
        return em.createQuery("select distinct a from KbArticle a left join fetch a.organizationIds where a.id in :ids", KbArticle.class)
                .setParameter("ids", ids).getResultList().stream()
                .collect(java.util.stream.Collectors.toMap(KbArticle::getId, a -> a));
    }

    public List<KbArticle> family(Long familyId) {
        return em.createQuery("select a from KbArticle a where a.familyId = :f order by a.language", KbArticle.class)
                .setParameter("f", familyId).getResultList();
    }

    public KbArticle create(String language, Kind kind, Instant now, String author) {
        return new KbArticle(language, kind, now, author);
    }

    /** Stores a new article; {@code family} is the family of the article it translates (else its own id). */
    public void persist(KbArticle article, Long family) {
        em.persist(article);
        em.flush();
        article.joinFamily(family == null ? article.getId() : family);
    }

    /** Writes the article's current content as its version row, whole. */
    public void saveVersion(KbArticle a, Actor actor, String comment) {
        em.flush();
        jdbc.sql("""
                insert into kb_version (article_id, version, title, body, tags, kind, category_id, visibility, restricted,
                                        organizations, author_id, author_name, created_at, comment)
                values (:a, :v, :title, :body, :tags, :kind, :cat, :vis, :restricted, :orgs, :author, :name, :at, :comment)""")
                .param("a", a.getId()).param("v", a.getVersion()).param("title", a.getTitle()).param("body", a.getBody())
                .param("tags", a.getTags()).param("kind", a.getKind().name()).param("cat", a.getCategoryId())
                .param("vis", a.getVisibility().name()).param("restricted", !a.getOrganizationIds().isEmpty())
                .param("orgs", a.getOrganizationIds().stream().sorted().map(String::valueOf).collect(Collectors.joining(",")))
                .param("author", actor.agentId()).param("name", actor.name())
                .param("at", java.sql.Timestamp.from(a.getUpdatedAt())).param("comment", comment).update();
    }

    public Optional<VersionContent> version(long articleId, int version) {
        return jdbc.sql("""
                select version, title, body, tags, kind, category_id, visibility, organizations, author_name, created_at, comment
                from kb_version where article_id = :a and version = :v""").param("a", articleId).param("v", version)
                .query((rs, n) -> new VersionContent(rs.getInt(1), rs.getString(2), rs.getString(3), rs.getString(4),
                        Kind.valueOf(rs.getString(5)), (Long) rs.getObject(6, Long.class), Visibility.valueOf(rs.getString(7)),
                        rs.getString(8), rs.getString(9), rs.getObject(10, OffsetDateTime.class).toInstant(), rs.getString(11)))
                .optional();
    }

    /** Counts of feedback and uses, kept on the article so that lists sort by them ("stale first"). */
    public void recount(KbArticle a) {
        var helped = count("select count(*) from kb_feedback where article_id = :a and verdict = 'HELPED'", a);
        var outdated = count("select count(*) from kb_feedback where article_id = :a and verdict = 'OUTDATED'", a);
        var used = count("select count(*) from kb_use where article_id = :a", a);
        a.counts(helped, outdated, used);
    }

    private int count(String sql, KbArticle a) {
        return jdbc.sql(sql).param("a", a.getId()).query(Integer.class).single();
    }

    public static List<String> tags(String tags) {
        return KbArticle.tagList(tags);
    }

    /** The organizations a version row was restricted to ("3,7"). */
    public static Set<Long> organizations(String csv) {
        var out = new TreeSet<Long>();
        if (csv != null) {
            for (var part : csv.split(",")) {
                if (!part.isBlank()) {
                    out.add(Long.parseLong(part.strip()));
                }
            }
        }
        return out;
    }

    /**
     * The article as the reader is shown it: of the organizations it is restricted to, only those they belong to or
     * serve (an edit keeps the others).
     */
    public static ArticleView view(Actor actor, KbArticle a) {
        var organizations = a.getOrganizationIds().stream().sorted(Comparator.naturalOrder())
                .filter(o -> actor.scope().allOrganizations() || actor.scope().includesOrganization(o)).toList();
        return new ArticleView(a.getId(), a.getFamilyId(), a.getLanguage(), a.getKind(), a.getCategoryId(), a.getTitle(), a.getBody(),
                tags(a.getTags()), a.getVisibility(), organizations, a.isArchived(), a.getVersion(), a.getCreatedAt(),
                a.getCreatedBy(), a.getUpdatedAt(), a.getUpdatedBy(), a.getHelpedCount(), a.getOutdatedCount(), a.getUsedCount());
    }
}
