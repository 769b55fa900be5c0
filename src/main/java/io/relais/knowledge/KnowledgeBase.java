package io.relais.knowledge;

import io.relais.common.ConflictException;
import io.relais.common.InvalidInputException;
import io.relais.common.Letters;
import io.relais.common.NotFoundException;
import io.relais.directory.AgentsAndGroups;
import io.relais.directory.Directory;
import io.relais.knowledge.KbRecords.ArticleForm;
import io.relais.knowledge.KbRecords.ArticleRef;
import io.relais.knowledge.KbRecords.ArticleView;
import io.relais.knowledge.KbRecords.Category;
import io.relais.knowledge.KbRecords.Diff;
import io.relais.knowledge.KbRecords.FeedbackView;
import io.relais.knowledge.KbRecords.FileContent;
import io.relais.knowledge.KbRecords.FileView;
import io.relais.knowledge.KbRecords.Kind;
import io.relais.knowledge.KbRecords.Translation;
import io.relais.knowledge.KbRecords.Verdict;
import io.relais.knowledge.KbRecords.VersionContent;
import io.relais.knowledge.KbRecords.VersionView;
import io.relais.knowledge.KbRecords.Visibility;
import io.relais.knowledge.internal.KbArticle;
import io.relais.knowledge.internal.KbArticles;
import io.relais.knowledge.internal.KbVisibility;
import io.relais.knowledge.internal.LineDiff;
import io.relais.security.Actor;
import io.relais.ticket.TicketCommands.Upload;
import io.relais.ticket.TicketEnums.ArticleKind;
import io.relais.ticket.TicketReads;
import java.time.Clock;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;

/**
 * The knowledge base: articles and procedures, their versions (every save is one, kept whole: diff and
 * restore read them), translations, files, the tickets they came from and helped solve, and agents'
 * feedback. Who may read what is {@link KbVisibility}'s rule; writing is for agents, archiving for
 * supervisors.
 */
@Service
public class KnowledgeBase {
    public static final List<String> LANGUAGES = List.of("fr", "en");
    public static final int MAX_TITLE = 300;
    public static final int MAX_BODY = 200_000;
    public static final int MAX_TAGS = 1_000;
    public static final long MAX_FILE_BYTES = 10L * 1024 * 1024;
    private static final Pattern SAFE_NAME = Pattern.compile("[^\\p{L}\\p{N} ._()\\-]");

    private final KbArticles articles;
    private final JdbcClient jdbc;
    private final Directory directory;
    private final AgentsAndGroups agentsAndGroups;
    private final TicketReads tickets;
    private final Clock clock;

    KnowledgeBase(KbArticles articles, JdbcClient jdbc, Directory directory, AgentsAndGroups agentsAndGroups, TicketReads tickets, Clock clock) {
        this.articles = articles;
        this.jdbc = jdbc;
        this.directory = directory;
        this.agentsAndGroups = agentsAndGroups;
        this.tickets = tickets;
        this.clock = clock;
    }

    // ---- reading

    /**
     * The article if the reader may see it. Of the organizations it is restricted to, the reader learns those
     * they belong to or serve only (an edit keeps the others).
     */
    @Transactional(readOnly = true)
    public Optional<ArticleView> article(Actor actor, long id) {
        return articles.find(id).filter(a -> KbVisibility.permits(actor, a)).map(a -> viewFor(actor, a));
    }

    @Transactional(readOnly = true)
    public ArticleView require(Actor actor, long id) {
        return article(actor, id).orElseThrow(() -> new NotFoundException("article", id));
    }

    /** The other languages of the article, as far as the reader may see them. */
    @Transactional(readOnly = true)
    public List<Translation> translations(Actor actor, long id) {
        var article = visible(actor, id);
        return articles.family(article.getFamilyId()).stream()
                .filter(a -> !a.getId().equals(article.getId()) && KbVisibility.permits(actor, a))
                .map(a -> new Translation(a.getId(), a.getLanguage(), a.getTitle())).toList();
    }

    @Transactional(readOnly = true)
    public List<Category> categories() {
        return jdbc.sql("select id, name_fr, name_en from kb_category order by position, name_en")
                .query((rs, n) -> new Category(rs.getLong(1), rs.getString(2), rs.getString(3))).list();
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
        var key = new org.springframework.jdbc.support.GeneratedKeyHolder(); // the inserted row's id, never max(id)
        jdbc.sql("insert into kb_category (name_fr, name_en, position) values (:fr, :en, :p)")
                .param("fr", f).param("en", e).param("p", position).update(key, "id");
        long id = key.getKeyAs(Long.class);
        return new Category(id, f, e);
    }

    // ---- writing

    @Transactional
    public ArticleView create(Actor actor, ArticleForm form) {
        actor.requireAgent();
        var valid = validate(actor, form, Set.of());
        Long family = null;
        if (form.translationOf() != null) {
            var original = visible(actor, form.translationOf());
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
        articles.saveVersion(article, actor, blankToNull(form.comment()));
        for (var ticketId : form.sourceTicketIds()) {
            if (tickets.visible(actor, ticketId)) {
                jdbc.sql("insert into kb_source (article_id, ticket_id) values (:a, :t)")
                        .param("a", article.getId()).param("t", ticketId).update();
            }
        }
        return viewFor(actor, article);
    }

    @Transactional
    public ArticleView update(Actor actor, long id, ArticleForm form) {
        actor.requireAgent();
        var article = visible(actor, id);
        if (form.expectedVersion() != null && form.expectedVersion() != article.getVersion()) {
            throw new ConflictException("Version " + article.getVersion() + " was saved by " + article.getUpdatedBy()
                    + " while you were editing version " + form.expectedVersion() + ": reload it and apply your change again.");
        }
        // organizations the editor does not serve stay as they are: the form never showed them
        var hidden = article.getOrganizationIds().stream()
                .filter(o -> !actor.scope().includesOrganization(o)).collect(Collectors.toSet());
        var valid = validate(actor, form, hidden);
        if (!valid.language().equals(article.getLanguage())) {
            throw InvalidInputException.field("language", "a translation is a new article: use \"translate\"");
        }
        if (unchanged(article, valid)) {
            return viewFor(actor, article);
        }
        article.write(valid.kind(), valid.categoryId(), valid.title(), valid.body(), valid.tags(), valid.visibility(),
                valid.organizations(), clock.instant(), actor.name());
        articles.saveVersion(article, actor, blankToNull(form.comment()));
        return viewFor(actor, article);
    }

    /** Makes an earlier version the current one again (as a new version: nothing is lost). */
    @Transactional
    public ArticleView restore(Actor actor, long id, int version) {
        actor.requireAgent();
        var article = visible(actor, id);
        var old = readable(actor, id, version);
        var organizations = parseIds(old.organizations()).stream()
                .filter(o -> directory.organization(Actor.system("kb"), o).isPresent())
                .collect(Collectors.toCollection(TreeSet::new));
        article.write(old.kind(), old.categoryId() != null && categoryExists(old.categoryId()) ? old.categoryId() : null,
                old.title(), old.body(), old.tags(), old.visibility(), organizations, clock.instant(), actor.name());
        var comment = "fr".equals(actor.language()) ? "Version " + version + " restaurée" : "Restored version " + version;
        articles.saveVersion(article, actor, comment);
        return viewFor(actor, article);
    }

    /** Archived articles leave search and the portal; agents still open them by their link. */
    @Transactional
    public ArticleView archive(Actor actor, long id, boolean archived) {
        actor.requireSupervisor();
        var article = visible(actor, id);
        article.archive(archived);
        return viewFor(actor, article);
    }

    // ---- versions

    @Transactional(readOnly = true)
    public List<VersionView> versions(Actor actor, long id) {
        actor.requireAgent(); // an earlier version may have been internal or restricted
        visible(actor, id);
        // only the versions the reader could have read when they were written
        return jdbc.sql("""
                select version, title, author_name, created_at, comment, organizations from kb_version
                where article_id = :id order by version desc""").param("id", id)
                .query((rs, n) -> KbVisibility.permitsVersion(actor, parseIds(rs.getString(6)))
                        ? new VersionView(rs.getInt(1), rs.getString(2), rs.getString(3),
                        rs.getObject(4, java.time.OffsetDateTime.class).toInstant(), rs.getString(5)) : null)
                .list().stream().filter(java.util.Objects::nonNull).toList();
    }

    @Transactional(readOnly = true)
    public VersionContent version(Actor actor, long id, int version) {
        actor.requireAgent();
        visible(actor, id);
        return readable(actor, id, version);
    }

    /** A version of a visible article, if the reader could have read it when it was written (else: not found). */
    private VersionContent readable(Actor actor, long id, int version) {
        return articles.version(id, version).filter(v -> KbVisibility.permitsVersion(actor, parseIds(v.organizations())))
                .orElseThrow(() -> new NotFoundException("version", version));
    }

    /** Version {@code from} against version {@code to}: title and text line by line, and which settings changed. */
    @Transactional(readOnly = true)
    public Diff diff(Actor actor, long id, int from, int to) {
        actor.requireAgent();
        visible(actor, id);
        var a = readable(actor, id, from);
        var b = readable(actor, id, to);
        var changed = new ArrayList<String>();
        if (a.kind() != b.kind()) {
            changed.add("kind");
        }
        if (!java.util.Objects.equals(a.categoryId(), b.categoryId())) {
            changed.add("category");
        }
        if (!a.tags().equals(b.tags())) {
            changed.add("tags");
        }
        if (a.visibility() != b.visibility()) {
            changed.add("visibility");
        }
        if (!parseIds(a.organizations()).equals(parseIds(b.organizations()))) {
            changed.add("organizations");
        }
        return new Diff(summary(a), summary(b), LineDiff.diff(a.title(), b.title()), LineDiff.diff(a.body(), b.body()), changed);
    }

    private static VersionView summary(VersionContent v) {
        return new VersionView(v.version(), v.title(), v.authorName(), v.createdAt(), v.comment());
    }

    // ---- feedback

    /** An agent's verdict on an article (their latest counts once), with an optional comment ("step 3 changed"). */
    @Transactional
    public ArticleView feedback(Actor actor, long id, Verdict verdict, String comment) {
        actor.requireAgent();
        if (verdict == null) {
            throw InvalidInputException.field("verdict", "HELPED or OUTDATED");
        }
        var text = blankToNull(comment);
        if (text != null && text.length() > 1000) {
            throw InvalidInputException.field("comment", "at most 1000 characters");
        }
        var article = visible(actor, id);
        jdbc.sql("delete from kb_feedback where article_id = :a and agent_id = :p").param("a", id).param("p", actor.personId()).update();
        jdbc.sql("insert into kb_feedback (article_id, agent_id, verdict, comment, created_at) values (:a, :p, :v, :c, :t)")
                .param("a", id).param("p", actor.personId()).param("v", verdict.name()).param("c", text)
                .param("t", java.sql.Timestamp.from(clock.instant())).update();
        articles.recount(article);
        return viewFor(actor, article);
    }

    @Transactional(readOnly = true)
    public List<FeedbackView> feedbacks(Actor actor, long id) {
        actor.requireAgent();
        visible(actor, id);
        var names = agentsAndGroups.agents().stream().collect(Collectors.toMap(a -> a.id(), a -> a.name(), (x, y) -> x));
        return jdbc.sql("select agent_id, verdict, comment, created_at from kb_feedback where article_id = :a order by created_at desc")
                .param("a", id)
                .query((rs, n) -> new FeedbackView(names.getOrDefault(rs.getLong(1), "#" + rs.getLong(1)),
                        Verdict.valueOf(rs.getString(2)), rs.getString(3), rs.getObject(4, java.time.OffsetDateTime.class).toInstant()))
                .list();
    }

    // ---- tickets

    /** A draft article from a (typically resolved) ticket: its subject, the problem as described, the last answer given. */
    @Transactional(readOnly = true)
    public ArticleForm draftFromTicket(Actor actor, long ticketId) {
        actor.requireAgent();
        var ticket = tickets.require(actor, ticketId);
        var answer = tickets.conversation(actor, ticketId).stream()
                .filter(a -> a.byAgent() && !a.internal() && a.kind() == ArticleKind.REPLY)
                .reduce((first, second) -> second).map(a -> a.body()).orElse("");
        var french = "fr".equals(actor.language());
        var body = (french ? "## Symptôme\n\n" : "## Problem\n\n") + nullToEmpty(ticket.description()).strip() + "\n\n"
                + (french ? "## Cause\n\n\n\n## Solution\n\n" : "## Cause\n\n\n\n## Solution\n\n") + answer.strip() + "\n";
        return new ArticleForm(french ? "fr" : "en", Kind.ARTICLE, null, ticket.subject(), body, String.join(", ", ticket.tags()),
                Visibility.INTERNAL, Set.of(), null, Set.of(ticketId), null, null);
    }

    /** Records that an article helped solve a ticket (shown on both; counted on the article). */
    @Transactional
    public void markUsed(Actor actor, long articleId, long ticketId) {
        actor.requireAgent();
        var article = visible(actor, articleId);
        if (!tickets.visible(actor, ticketId)) {
            throw new NotFoundException("ticket", ticketId);
        }
        var exists = jdbc.sql("select count(*) from kb_use where ticket_id = :t and article_id = :a")
                .param("t", ticketId).param("a", articleId).query(Integer.class).single() > 0;
        if (!exists) {
            jdbc.sql("insert into kb_use (ticket_id, article_id, agent_id, used_at) values (:t, :a, :p, :at)")
                    .param("t", ticketId).param("a", articleId).param("p", actor.agentId())
                    .param("at", java.sql.Timestamp.from(clock.instant())).update();
            articles.recount(article);
        }
    }

    @Transactional
    public void unmarkUsed(Actor actor, long articleId, long ticketId) {
        actor.requireAgent();
        var article = visible(actor, articleId);
        if (!tickets.visible(actor, ticketId)) {
            throw new NotFoundException("ticket", ticketId);
        }
        jdbc.sql("delete from kb_use where ticket_id = :t and article_id = :a").param("t", ticketId).param("a", articleId).update();
        articles.recount(article);
    }

    /** The articles used to solve the ticket, and those written from it, as far as the reader may see them. */
    @Transactional(readOnly = true)
    public TicketKnowledge onTicket(Actor actor, long ticketId) {
        if (!tickets.visible(actor, ticketId)) {
            throw new NotFoundException("ticket", ticketId);
        }
        var used = refs(actor, "select article_id, used_at from kb_use where ticket_id = :t order by used_at", ticketId);
        var written = refs(actor, "select s.article_id, a.created_at from kb_source s join kb_article a on a.id = s.article_id"
                + " where s.ticket_id = :t order by a.created_at", ticketId);
        return new TicketKnowledge(used, written);
    }

    public record TicketKnowledge(List<ArticleRef> used, List<ArticleRef> writtenFrom) {}

    private List<ArticleRef> refs(Actor actor, String sql, long ticketId) {
        var rows = jdbc.sql(sql).param("t", ticketId)
                .query((rs, n) -> Map.entry(rs.getLong(1), rs.getObject(2, java.time.OffsetDateTime.class).toInstant())).list();
        var found = articles.findAll(rows.stream().map(Map.Entry::getKey).toList());
        var out = new ArrayList<ArticleRef>();
        for (var row : rows) {
            var a = found.get(row.getKey());
            if (a != null && KbVisibility.permits(actor, a)) {
                out.add(new ArticleRef(a.getId(), a.getTitle(), a.getLanguage(), a.getKind(), row.getValue()));
            }
        }
        return out;
    }

    /** The tickets the article was written from and those it helped solve, that the reader may see. */
    @Transactional(readOnly = true)
    public ArticleTickets ticketsOf(Actor actor, long articleId) {
        actor.requireAgent();
        visible(actor, articleId);
        var sources = jdbc.sql("select ticket_id from kb_source where article_id = :a").param("a", articleId).query(Long.class).list();
        var used = jdbc.sql("select ticket_id from kb_use where article_id = :a order by used_at desc fetch first 50 rows only")
                .param("a", articleId).query(Long.class).list();
        var all = new LinkedHashSet<Long>(sources);
        all.addAll(used);
        var headlines = tickets.headlines(actor, all);
        return new ArticleTickets(sources.stream().map(headlines::get).filter(java.util.Objects::nonNull).toList(),
                used.stream().map(headlines::get).filter(java.util.Objects::nonNull).toList());
    }

    public record ArticleTickets(List<TicketReads.Headline> sources, List<TicketReads.Headline> usedOn) {}

    // ---- files

    @Transactional
    public FileView attach(Actor actor, long articleId, Upload upload) {
        actor.requireAgent();
        visible(actor, articleId);
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
        var finalName = name;
        var finalType = type;
        var key = new org.springframework.jdbc.support.GeneratedKeyHolder(); // the inserted row's id, never max(id)
        jdbc.sql("insert into kb_file (article_id, filename, content_type, size, content, created_at) values (:a, :f, :c, :s, :b, :t)")
                .param("a", articleId).param("f", finalName).param("c", finalType).param("s", upload.content().length)
                .param("b", upload.content()).param("t", java.sql.Timestamp.from(clock.instant())).update(key, "id");
        long id = key.getKeyAs(Long.class);
        return new FileView(id, finalName, finalType, upload.content().length);
    }

    @Transactional(readOnly = true)
    public List<FileView> files(Actor actor, long articleId) {
        visible(actor, articleId);
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

    // ---- helpers

    private KbArticle visible(Actor actor, long id) {
        return articles.find(id).filter(a -> KbVisibility.permits(actor, a)).orElseThrow(() -> new NotFoundException("article", id));
    }

    private record Valid(String language, Kind kind, Long categoryId, String title, String body, String tags,
                         Visibility visibility, Set<Long> organizations) {}

    private Valid validate(Actor actor, ArticleForm form, Set<Long> keptOrganizations) {
        var problems = new ArrayList<InvalidInputException.FieldProblem>();
        var language = form.language() == null || form.language().isBlank() ? actor.language() : Letters.lower(form.language().strip());
        if (!LANGUAGES.contains(language)) {
            problems.add(new InvalidInputException.FieldProblem("language", "fr or en"));
        }
        var title = nullToEmpty(form.title()).strip();
        if (title.isEmpty()) {
            problems.add(new InvalidInputException.FieldProblem("title", "a title"));
        } else if (title.length() > MAX_TITLE) {
            problems.add(new InvalidInputException.FieldProblem("title", "at most " + MAX_TITLE + " characters"));
        }
        var body = nullToEmpty(form.body()).replace("\r\n", "\n");
        if (body.isBlank()) {
            problems.add(new InvalidInputException.FieldProblem("body", "the text of the article"));
        } else if (body.length() > MAX_BODY) {
            problems.add(new InvalidInputException.FieldProblem("body", "at most " + MAX_BODY + " characters"));
        }
        var tags = String.join(", ", KbArticles.tags(form.tags()));
        if (tags.length() > MAX_TAGS) {
            problems.add(new InvalidInputException.FieldProblem("tags", "at most " + MAX_TAGS + " characters"));
        }
        if (form.categoryId() != null && !categoryExists(form.categoryId())) {
            problems.add(new InvalidInputException.FieldProblem("categoryId", "a category of the knowledge base"));
        }
        var organizations = new TreeSet<Long>(keptOrganizations);
        for (var org : form.organizationIds()) {
            if (org == null || directory.organization(actor, org).isEmpty()) {
                problems.add(new InvalidInputException.FieldProblem("organizationIds", "organizations you serve"));
                break;
            }
            organizations.add(org);
        }
        if (!problems.isEmpty()) {
            throw new InvalidInputException("The article cannot be saved as it is.", problems);
        }
        return new Valid(language, form.kind() == null ? Kind.ARTICLE : form.kind(), form.categoryId(), title, body, tags,
                form.visibility() == null ? Visibility.INTERNAL : form.visibility(), organizations);
    }

    private static boolean unchanged(KbArticle a, Valid v) {
        return a.getKind() == v.kind() && java.util.Objects.equals(a.getCategoryId(), v.categoryId()) && a.getTitle().equals(v.title())
                && a.getBody().equals(v.body()) && a.getTags().equals(v.tags()) && a.getVisibility() == v.visibility()
                && a.getOrganizationIds().equals(v.organizations());
    }

    private boolean categoryExists(long id) {
        return jdbc.sql("select count(*) from kb_category where id = :id").param("id", id).query(Integer.class).single() > 0;
    }

    static Set<Long> parseIds(String csv) {
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

    private ArticleView viewFor(Actor actor, KbArticle a) {
        var v = view(a);
        if (actor.scope().allOrganizations()) {
            return v;
        }
        return new ArticleView(v.id(), v.familyId(), v.language(), v.kind(), v.categoryId(), v.title(), v.body(), v.tags(),
                v.visibility(), v.organizationIds().stream().filter(actor.scope()::includesOrganization).toList(), v.archived(),
                v.version(), v.createdAt(), v.createdBy(), v.updatedAt(), v.updatedBy(), v.helped(), v.outdated(), v.used());
    }

    private ArticleView view(KbArticle a) {
        return new ArticleView(a.getId(), a.getFamilyId(), a.getLanguage(), a.getKind(), a.getCategoryId(), a.getTitle(), a.getBody(),
                KbArticles.tags(a.getTags()), a.getVisibility(), a.getOrganizationIds().stream().sorted(Comparator.naturalOrder()).toList(),
                a.isArchived(), a.getVersion(), a.getCreatedAt(), a.getCreatedBy(), a.getUpdatedAt(), a.getUpdatedBy(),
                a.getHelpedCount(), a.getOutdatedCount(), a.getUsedCount());
    }

    private static String blankToNull(String s) {
        return s == null || s.isBlank() ? null : s.strip();
    }

    private static String nullToEmpty(String s) {
        return s == null ? "" : s;
    }
}
