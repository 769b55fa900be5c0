package io.relais.knowledge.web;

import io.relais.knowledge.KbRecords.ArticleForm;
import io.relais.knowledge.KbRecords.ArticleView;
import io.relais.knowledge.KbRecords.Kind;
import io.relais.knowledge.KbRecords.Visibility;
import java.util.Set;

/**
 * The article editor as the page posts it, shown again as typed when it is refused; built from the stored article
 * (or a draft) when the page opens. {@code expectedVersion}: the version the editor started from.
 */
record ArticleFields(String language, Kind kind, Long categoryId, String title, String body, String tags, Visibility visibility,
                     Set<Long> organizationIds, Long translationOf, Set<Long> sourceTicketIds, String comment,
                     Integer expectedVersion) {
    /** No box ticked is not posted at all: none. */
    ArticleFields {
        organizationIds = organizationIds == null ? Set.of() : Set.copyOf(organizationIds);
        sourceTicketIds = sourceTicketIds == null ? Set.of() : Set.copyOf(sourceTicketIds);
    }

    static ArticleFields empty(String language) {
        return new ArticleFields(language, Kind.ARTICLE, null, "", "", "", Visibility.INTERNAL, Set.of(), null, Set.of(), null, null);
    }

    static ArticleFields of(ArticleForm f) {
        return new ArticleFields(f.language(), f.kind(), f.categoryId(), f.title(), f.body(), f.tags(), f.visibility(),
                f.organizationIds(), f.translationOf(), f.sourceTicketIds(), f.comment(), f.expectedVersion());
    }

    static ArticleFields of(ArticleView a) {
        return of(a.toForm());
    }

    /** A translation of {@code original}: its text to translate, in the other language. */
    static ArticleFields translating(ArticleView original) {
        var other = "fr".equals(original.language()) ? "en" : "fr";
        return new ArticleFields(other, original.kind(), original.categoryId(), original.title(), original.body(),
                String.join(", ", original.tags()), original.visibility(), Set.copyOf(original.organizationIds()), original.id(),
                Set.of(), null, null);
    }

    ArticleForm form() {
        return new ArticleForm(language, kind, categoryId, title, body, tags, visibility, organizationIds, translationOf,
                sourceTicketIds, comment, expectedVersion);
    }
}
