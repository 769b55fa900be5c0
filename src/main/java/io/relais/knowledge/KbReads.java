package io.relais.knowledge;

import io.relais.common.NotFoundException;
import io.relais.knowledge.KbRecords.ArticleView;
import io.relais.knowledge.KbRecords.Category;
import io.relais.knowledge.KbRecords.Translation;
import io.relais.knowledge.internal.KbArticles;
import io.relais.knowledge.internal.KbVisibility;
import io.relais.security.Actor;
import java.util.List;
import java.util.Optional;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;

/**
 * Reading the knowledge base one article at a time: the article, its other languages, the categories. Who may
 * read what is {@link KbVisibility}'s rule; lists and searches are {@link KbSearch}'s.
 */
@Service
public class KbReads {
    private final KbArticles articles;
    private final JdbcClient jdbc;

    KbReads(KbArticles articles, JdbcClient jdbc) {
        this.articles = articles;
        this.jdbc = jdbc;
    }

    /**
     * The article if the reader may see it. Of the organizations it is restricted to, the reader learns those
     * they belong to or serve only (an edit keeps the others).
     */
    @Transactional(readOnly = true)
    public Optional<ArticleView> article(Actor actor, long id) {
        return articles.find(id).filter(a -> KbVisibility.permits(actor, a)).map(a -> KbArticles.view(actor, a));
    }

    @Transactional(readOnly = true)
    public ArticleView require(Actor actor, long id) {
        return article(actor, id).orElseThrow(() -> new NotFoundException("article", id));
    }

    /** The other languages of the article, as far as the reader may see them. */
    @Transactional(readOnly = true)
    public List<Translation> translations(Actor actor, long id) {
        var article = articles.visible(actor, id);
        return articles.family(article.getFamilyId()).stream()
                .filter(a -> !a.getId().equals(article.getId()) && KbVisibility.permits(actor, a))
                .map(a -> new Translation(a.getId(), a.getLanguage(), a.getTitle())).toList();
    }

    @Transactional(readOnly = true)
    public List<Category> categories() {
        return jdbc.sql("select id, name_fr, name_en from kb_category order by position, name_en")
                .query((rs, n) -> new Category(rs.getLong(1), rs.getString(2), rs.getString(3))).list();
    }
}
