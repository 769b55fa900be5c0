package io.relais.knowledge;

import io.relais.ticket.TicketReads;
import java.time.Instant;
import java.util.List;
import java.util.Set;

/** What the knowledge base takes and shows. */
public final class KbRecords {
    private KbRecords() {}

    /** The languages an article (and a guided check) is written in. */
    public static final List<String> LANGUAGES = List.of("fr", "en");

    /** An article explains; a procedure is a sequence of steps to follow. */
    public enum Kind { ARTICLE, PROCEDURE }

    /** Internal: agents only. Public: customers too (the portal), within the article's organizations. */
    public enum Visibility { INTERNAL, PUBLIC }

    public enum Verdict { HELPED, OUTDATED }

    /**
     * An article as written in the editor. {@code organizationIds} empty: every client; else only these.
     * {@code expectedVersion}: the version the editor started from (a later save by someone else is a conflict).
     * {@code translationOf}: an article of the same family in the other language.
     */
    public record ArticleForm(String language, Kind kind, Long categoryId, String title, String body, String tags,
                              Visibility visibility, Set<Long> organizationIds, Long translationOf, Set<Long> sourceTicketIds,
                              String comment, Integer expectedVersion) {
        public ArticleForm {
            organizationIds = organizationIds == null ? Set.of() : Set.copyOf(organizationIds);
            sourceTicketIds = sourceTicketIds == null ? Set.of() : Set.copyOf(sourceTicketIds);
        }
    }

    public record ArticleView(long id, long familyId, String language, Kind kind, Long categoryId, String title, String body,
                              List<String> tags, Visibility visibility, List<Long> organizationIds, boolean archived,
                              int version, Instant createdAt, String createdBy, Instant updatedAt, String updatedBy,
                              int helped, int outdated, int used) {
        public boolean restricted() {
            return !organizationIds.isEmpty();
        }

        /** More agents found it outdated than helpful (or it was never found helpful and someone flagged it). */
        public boolean stale() {
            return outdated > 0 && outdated >= helped;
        }

        public ArticleForm toForm() {
            return new ArticleForm(language, kind, categoryId, title, body, String.join(", ", tags), visibility,
                    Set.copyOf(organizationIds), null, Set.of(), null, version);
        }
    }

    /** A line of the article list or of search results; highlights are escaped HTML with {@code <mark>}. */
    public record ArticleRow(long id, String language, Kind kind, String title, Visibility visibility, boolean restricted,
                             boolean archived, Instant updatedAt, int helped, int outdated, int used,
                             List<String> titleHighlights, List<String> bodyHighlights) {
        public boolean stale() {
            return outdated > 0 && outdated >= helped;
        }
    }

    public record ArticlePage(long total, List<ArticleRow> rows, Integer nextPage) {}

    /** The list's filters: {@code stale} puts articles flagged outdated first. */
    public record ArticleFilter(String q, Kind kind, String language, Long categoryId, String tag, boolean stale,
                                boolean archived) {
        public static ArticleFilter words(String q) {
            return new ArticleFilter(q, null, null, null, null, false, false);
        }
    }

    public record VersionView(int version, String title, String authorName, Instant createdAt, String comment) {}

    public record VersionContent(int version, String title, String body, String tags, Kind kind, Long categoryId,
                                 Visibility visibility, String organizations, String authorName, Instant createdAt,
                                 String comment) {}

    public enum DiffOp { SAME, ADDED, REMOVED }

    public record DiffLine(DiffOp op, String text) {}

    /** Two versions compared line by line, and which of the other fields changed. */
    public record Diff(VersionView from, VersionView to, List<DiffLine> title, List<DiffLine> body, List<String> changed) {}

    public record Translation(long id, String language, String title) {}

    public record FeedbackView(String agentName, Verdict verdict, String comment, Instant at) {}

    public record FileView(long id, String filename, String contentType, long size) {}

    public record FileContent(String filename, String contentType, byte[] content) {}

    public record Category(long id, String nameFr, String nameEn) {
        public String name(java.util.Locale locale) {
            return "fr".equals(locale.getLanguage()) ? nameFr : nameEn;
        }
    }

    /** An article named on a ticket: written from it, or used to solve it. */
    public record ArticleRef(long id, String title, String language, Kind kind, Instant at) {}

    /** The articles used to solve a ticket, and those written from it. */
    public record TicketArticlesView(List<ArticleRef> used, List<ArticleRef> writtenFrom) {}

    /** The tickets an article was written from, and those it helped solve. */
    public record ArticleTicketsView(List<TicketReads.Headline> sources, List<TicketReads.Headline> usedOn) {}

}
