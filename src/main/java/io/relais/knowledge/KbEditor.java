package io.relais.knowledge;

import io.relais.common.ConflictException;
import io.relais.common.InvalidInputException;
import io.relais.knowledge.KbRecords.ArticleForm;
import io.relais.knowledge.KbRecords.ArticleView;
import io.relais.knowledge.KbRecords.Category;
import io.relais.knowledge.internal.ArticleValidator;
import io.relais.knowledge.internal.KbArticles;
import io.relais.security.Actor;
import io.relais.ticket.TicketReads;
import java.time.Clock;
import java.util.Set;
import java.util.stream.Collectors;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.jdbc.support.GeneratedKeyHolder;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;

/**
 * Writing articles and procedures: every save is a version, kept whole ({@link KbVersions} compares and restores
 * them); a translation is a new article of the same family. Writing is for agents, archiving for supervisors,
 * categories for administrators.
 */
@Service
public class KbEditor {
    private final KbArticles articles;
    private final ArticleValidator validator;
    private final JdbcClient jdbc;
    private final TicketReads tickets;
    private final Clock clock;

    KbEditor(KbArticles articles, ArticleValidator validator, JdbcClient jdbc, TicketReads tickets, Clock clock) {
        this.articles = articles;
        this.validator = validator;
        this.jdbc = jdbc;
        this.tickets = tickets;
        this.clock = clock;
    }

    @Transactional
    public ArticleView create(Actor actor, ArticleForm form) {
        actor.requireAgent();
        var valid = validator.validate(actor, form, Set.of());
        Long family = null;
        if (form.translationOf() != null) {
            var original = articles.visible(actor, form.translationOf());
            family = original.getFamilyId();
            if (articles.family(family).stream().anyMatch(a -> a.getLanguage().equals(valid.language()) && !a.isArchived())) {
                throw InvalidInputException.field("language", "this article already has a version in " + valid.language());
            }
        }
        var now = clock.instant();
        var article = articles.create(valid.language(), valid.kind(), now, actor.name());
        article.write(valid.kind(), valid.categoryId(), valid.title(), valid.body(), valid.tags(), valid.visibility(),
                valid.organizations(), now, actor.name());
        articles.persist(article, family);
        articles.saveVersion(article, actor, valid.comment());
        for (var ticketId : form.sourceTicketIds()) {
            if (tickets.visible(actor, ticketId)) {
                jdbc.sql("insert into kb_source (article_id, ticket_id) values (:a, :t)")
                        .param("a", article.getId()).param("t", ticketId).update();
            }
        }
        return KbArticles.view(actor, article);
    }

    /** A new version; refused (409) when someone saved another since {@code expectedVersion}. */
    @Transactional
    public ArticleView update(Actor actor, long id, ArticleForm form) {
        actor.requireAgent();
        var article = articles.visible(actor, id);
        if (form.expectedVersion() != null && form.expectedVersion() != article.getVersion()) {
            throw new ConflictException("Version " + article.getVersion() + " was saved by " + article.getUpdatedBy()
                    + " while you were editing version " + form.expectedVersion() + ": reload it and apply your change again.");
        }
        // organizations the editor does not serve stay as they are: the form never showed them
        var hidden = article.getOrganizationIds().stream()
                .filter(o -> !actor.scope().includesOrganization(o)).collect(Collectors.toSet());
        var valid = validator.validate(actor, form, hidden);
        if (!valid.language().equals(article.getLanguage())) {
            throw InvalidInputException.field("language", "a translation is a new article: use \"translate\"");
        }
        if (valid.sameAs(article)) {
            return KbArticles.view(actor, article);
        }
        article.write(valid.kind(), valid.categoryId(), valid.title(), valid.body(), valid.tags(), valid.visibility(),
                valid.organizations(), clock.instant(), actor.name());
        articles.saveVersion(article, actor, valid.comment());
        return KbArticles.view(actor, article);
    }

    /** Archived articles leave search and the portal; agents still open them by their link. */
    @Transactional
    public ArticleView archive(Actor actor, long id, boolean archived) {
        actor.requireSupervisor();
        var article = articles.visible(actor, id);
        article.archive(archived);
        return KbArticles.view(actor, article);
    }

    @Transactional
    public Category createCategory(Actor actor, String nameFr, String nameEn) {
        actor.requireAdmin();
        var fr = nameFr == null ? "" : nameFr.strip();
        var en = nameEn == null ? "" : nameEn.strip();
        if (fr.isEmpty() && en.isEmpty()) {
            throw InvalidInputException.field("nameEn", "a name in French or in English");
        }
        if (fr.length() > 120 || en.length() > 120) {
            throw InvalidInputException.field("nameEn", "at most 120 characters");
        }
        var f = fr.isEmpty() ? en : fr;
        var e = en.isEmpty() ? fr : en;
        var position = jdbc.sql("select coalesce(max(position), 0) + 1 from kb_category").query(Integer.class).single();
        var key = new GeneratedKeyHolder(); // the inserted row's id, never max(id)
        jdbc.sql("insert into kb_category (name_fr, name_en, position) values (:fr, :en, :p)")
                .param("fr", f).param("en", e).param("p", position).update(key, "id");
        long id = key.getKeyAs(Long.class);
        return new Category(id, f, e);
    }
}
