package io.relais.knowledge;

import io.relais.common.InvalidInputException;
import io.relais.common.SignificantWords;
import io.relais.knowledge.KbRecords.ArticleFilter;
import io.relais.knowledge.KbRecords.ArticlePage;
import io.relais.knowledge.KbRecords.ArticleRow;
import io.relais.knowledge.KbRecords.Kind;
import io.relais.knowledge.KbRecords.Visibility;
import io.relais.knowledge.internal.KbArticle;
import io.relais.knowledge.internal.KbVisibility;
import io.relais.security.Actor;
import jakarta.persistence.EntityManager;
import jakarta.persistence.PersistenceContext;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import org.hibernate.search.engine.search.common.BooleanOperator;
import org.hibernate.search.engine.search.highlighter.dsl.HighlighterEncoder;
import org.hibernate.search.engine.search.predicate.dsl.PredicateFinalStep;
import org.hibernate.search.engine.search.predicate.dsl.SearchPredicateFactory;
import org.hibernate.search.engine.search.predicate.dsl.SimpleQueryFlag;
import org.hibernate.search.mapper.orm.Search;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;

/**
 * Finds articles in the search index, within what the reader may see ({@link KbVisibility}, a predicate of
 * the query itself): the list of the knowledge base, the search page, the API, and suggestions for a
 * ticket being read or written. The base holds thousands of articles, not millions: pages are numbered.
 */
@Service
public class KbSearch {
    public static final int PAGE_SIZE = 25;
    public static final int MAX_PAGE = 40;
    private static final Set<SimpleQueryFlag> FLAGS = Set.of(SimpleQueryFlag.AND, SimpleQueryFlag.OR, SimpleQueryFlag.NOT,
            SimpleQueryFlag.PHRASE, SimpleQueryFlag.PREFIX, SimpleQueryFlag.WHITESPACE, SimpleQueryFlag.PRECEDENCE,
            SimpleQueryFlag.ESCAPE);

    @PersistenceContext
    private EntityManager em;

    @Transactional(readOnly = true)
    public ArticlePage search(Actor actor, ArticleFilter filter, int page) {
        if (page < 0 || page >= MAX_PAGE) {
            throw InvalidInputException.field("page", "between 0 and " + (MAX_PAGE - 1));
        }
        var q = filter.q() == null ? "" : filter.q().strip();
        var session = Search.session(em);
        var result = session.search(KbArticle.class)
                .select(f -> columns(f, true))
                .where((f, root) -> {
                    root.add(KbVisibility.predicate(f, actor));
                    if (!filter.archived()) {
                        root.add(f.match().field("archived").matching(false));
                    }
                    if (!q.isEmpty()) {
                        root.add(text(f, q));
                    }
                    if (filter.kind() != null) {
                        root.add(f.match().field("kind").matching(filter.kind()));
                    }
                    if (filter.language() != null && !filter.language().isBlank()) {
                        root.add(f.match().field("language").matching(filter.language()));
                    }
                    if (filter.categoryId() != null) {
                        root.add(f.match().field("categoryId").matching(filter.categoryId()));
                    }
                    if (filter.tag() != null && !filter.tag().isBlank()) {
                        root.add(f.match().field("tag").matching(filter.tag().strip()));
                    }
                    if (filter.stale()) {
                        root.add(f.range().field("outdatedCount").atLeast(1));
                    }
                })
                .sort(f -> filter.stale() ? f.field("outdatedCount").desc().then().field("updatedAt").desc()
                        : q.isEmpty() ? f.field("updatedAt").desc() : f.score())
                .highlighter(f -> f.unified().encoder(HighlighterEncoder.HTML).numberOfFragments(2).tag("<mark>", "</mark>"))
                .fetch(page * PAGE_SIZE, PAGE_SIZE + 1);
        var rows = new ArrayList<ArticleRow>();
        for (var row : result.hits().subList(0, Math.min(PAGE_SIZE, result.hits().size()))) {
            rows.add(row(row));
        }
        var more = result.hits().size() > PAGE_SIZE && page + 1 < MAX_PAGE;
        return new ArticlePage(result.total().hitCount(), rows, more ? page + 1 : null);
    }

    /**
     * Articles matching a ticket's words (subject weighs more): any significant word may match, the more
     * the better; only articles the reader may see, never archived ones, and for a ticket of
     * {@code organizationId} (when given) only those for every client or for that one.
     */
    @Transactional(readOnly = true)
    public List<ArticleRow> suggest(Actor actor, String subject, String body, Long organizationId, int limit) {
        var words = SignificantWords.of(subject, body);
        if (words.isEmpty()) {
            return List.of();
        }
        var text = String.join(" ", words);
        var session = Search.session(em);
        var hits = session.search(KbArticle.class)
                .select(f -> columns(f, false))
                .where((f, root) -> {
                    root.add(KbVisibility.predicate(f, actor));
                    root.add(f.match().field("archived").matching(false));
                    if (organizationId != null) {
                        root.add(f.or(f.match().field("restricted").matching(false),
                                f.match().field("organizationId").matching(organizationId)));
                    }
                    root.add(f.simpleQueryString().field("title").boost(3f).field("title_fr").boost(2f).field("title_en").boost(2f)
                            .field("body").field("body_fr").field("body_en").field("tag").boost(3f)
                            .matching(text).defaultOperator(BooleanOperator.OR).minimumShouldMatchNumber(Math.min(2, words.size())));
                })
                .fetchHits(limit);
        return hits.stream().map(KbSearch::row).toList();
    }

    private static PredicateFinalStep text(SearchPredicateFactory f, String q) {
        return f.or()
                .add(f.simpleQueryString().field("title").boost(4f).field("body").field("tag").boost(3f)
                        .matching(q).defaultOperator(BooleanOperator.AND).flags(FLAGS).boost(2f))
                .add(f.simpleQueryString().field("title_fr").boost(2f).field("body_fr")
                        .matching(q).defaultOperator(BooleanOperator.AND).flags(FLAGS))
                .add(f.simpleQueryString().field("title_en").boost(2f).field("body_en")
                        .matching(q).defaultOperator(BooleanOperator.AND).flags(FLAGS));
    }

    /** What a row of results shows; highlights only where they are shown (a suggestion list has none). */
    private static org.hibernate.search.engine.search.projection.dsl.ProjectionFinalStep<List<?>> columns(
            org.hibernate.search.engine.search.projection.dsl.SearchProjectionFactory<?, ?> f, boolean highlighted) {
        return f.composite().from(f.id(Long.class), f.field("language", String.class), f.field("kind", Kind.class),
                f.field("title", String.class), f.field("visibility", Visibility.class), f.field("restricted", Boolean.class),
                f.field("archived", Boolean.class), f.field("updatedAt", Instant.class), f.field("helpedCount", Integer.class),
                f.field("outdatedCount", Integer.class), f.field("usedCount", Integer.class),
                highlighted ? f.highlight("title_fr") : f.constant(List.<String>of()),
                highlighted ? f.highlight("title_en") : f.constant(List.<String>of()),
                highlighted ? f.highlight("body_fr") : f.constant(List.<String>of()),
                highlighted ? f.highlight("body_en") : f.constant(List.<String>of())).asList();
    }

    @SuppressWarnings("unchecked")
    private static ArticleRow row(List<?> r) {
        var titleFr = (List<String>) r.get(11);
        var bodyFr = (List<String>) r.get(13);
        return new ArticleRow((Long) r.get(0), (String) r.get(1), (Kind) r.get(2), (String) r.get(3), (Visibility) r.get(4),
                (Boolean) r.get(5), (Boolean) r.get(6), (Instant) r.get(7), (Integer) r.get(8), (Integer) r.get(9),
                (Integer) r.get(10), titleFr.isEmpty() ? (List<String>) r.get(12) : titleFr,
                bodyFr.isEmpty() ? (List<String>) r.get(14) : bodyFr);
    }

}
