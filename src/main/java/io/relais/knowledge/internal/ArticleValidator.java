package io.relais.knowledge.internal;

import io.relais.common.InvalidInputException;
import io.relais.common.InvalidInputException.FieldProblem;
import io.relais.common.Letters;
import io.relais.directory.Directory;
import io.relais.knowledge.KbRecords;
import io.relais.knowledge.KbRecords.ArticleForm;
import io.relais.knowledge.KbRecords.Kind;
import io.relais.knowledge.KbRecords.Visibility;
import io.relais.security.Actor;
import java.util.ArrayList;
import java.util.Objects;
import java.util.Set;
import java.util.TreeSet;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;

/**
 * An article as written in the editor or sent to the API, checked field by field (every problem at once, each
 * named after its field) and made ready to store.
 */
@Component
public class ArticleValidator {
    public static final int MAX_TITLE = 300;
    public static final int MAX_BODY = 200_000;
    public static final int MAX_TAGS = 1_000;
    public static final int MAX_COMMENT = 500;

    private final JdbcClient jdbc;
    private final Directory directory;

    ArticleValidator(JdbcClient jdbc, Directory directory) {
        this.jdbc = jdbc;
        this.directory = directory;
    }

    /** What is stored: stripped, defaulted, with the organizations kept that the editor was never shown. */
    public record Valid(String language, Kind kind, Long categoryId, String title, String body, String tags,
                        Visibility visibility, Set<Long> organizations, String comment) {
        /** Nothing a reader would see differs from the stored article: no new version. */
        public boolean sameAs(KbArticle a) {
            return a.getKind() == kind && Objects.equals(a.getCategoryId(), categoryId) && a.getTitle().equals(title)
                    && a.getBody().equals(body) && a.getTags().equals(tags) && a.getVisibility() == visibility
                    && a.getOrganizationIds().equals(organizations);
        }
    }

    public Valid validate(Actor actor, ArticleForm form, Set<Long> keptOrganizations) {
        var problems = new ArrayList<FieldProblem>();
        var language = form.language() == null || form.language().isBlank() ? actor.language() : Letters.lower(form.language().strip());
        if (!KbRecords.LANGUAGES.contains(language)) {
            problems.add(new FieldProblem("language", "fr or en"));
        }
        var title = nullToEmpty(form.title()).strip();
        if (title.isEmpty()) {
            problems.add(new FieldProblem("title", "a title"));
        } else if (title.length() > MAX_TITLE) {
            problems.add(new FieldProblem("title", "at most " + MAX_TITLE + " characters"));
        }
        var body = nullToEmpty(form.body()).replace("\r\n", "\n");
        if (body.isBlank()) {
            problems.add(new FieldProblem("body", "the text of the article"));
        } else if (body.length() > MAX_BODY) {
            problems.add(new FieldProblem("body", "at most " + MAX_BODY + " characters"));
        }
        var tags = String.join(", ", KbArticles.tags(form.tags()));
        if (tags.length() > MAX_TAGS) {
            problems.add(new FieldProblem("tags", "at most " + MAX_TAGS + " characters"));
        }
        if (form.categoryId() != null && !categoryExists(form.categoryId())) {
            problems.add(new FieldProblem("categoryId", "a category of the knowledge base"));
        }
        var organizations = new TreeSet<Long>(keptOrganizations);
        for (var org : form.organizationIds()) {
            if (org == null || directory.organization(actor, org).isEmpty()) {
                problems.add(new FieldProblem("organizationIds", "organizations you serve"));
                break;
            }
            organizations.add(org);
        }
        var comment = form.comment() == null || form.comment().isBlank() ? null : form.comment().strip();
        if (comment != null && comment.length() > MAX_COMMENT) {
            problems.add(new FieldProblem("comment", "at most " + MAX_COMMENT + " characters"));
        }
        if (!problems.isEmpty()) {
            throw new InvalidInputException("The article cannot be saved as it is.", problems);
        }
        return new Valid(language, form.kind() == null ? Kind.ARTICLE : form.kind(), form.categoryId(), title, body, tags,
                form.visibility() == null ? Visibility.INTERNAL : form.visibility(), organizations, comment);
    }

    public boolean categoryExists(long id) {
        return jdbc.sql("select count(*) from kb_category where id = :id").param("id", id).query(Integer.class).single() > 0;
    }

    private static String nullToEmpty(String s) {
        return s == null ? "" : s;
    }
}
