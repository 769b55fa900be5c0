package io.relais.ticket;

import io.relais.common.NotFoundException;
import io.relais.security.Actor;
import io.relais.ticket.TicketEnums.AttachmentRole;
import io.relais.ticket.TicketEnums.Priority;
import io.relais.ticket.TicketViews.ArticleView;
import io.relais.ticket.TicketViews.AttachmentContent;
import io.relais.ticket.TicketViews.AttachmentView;
import io.relais.ticket.TicketViews.LinkView;
import io.relais.ticket.TicketViews.Person;
import io.relais.ticket.TicketViews.Ref;
import io.relais.ticket.TicketViews.TicketView;
import io.relais.ticket.TicketViews.TimelineView;
import io.relais.ticket.internal.Attachment;
import io.relais.ticket.internal.AttachmentStorage;
import io.relais.ticket.internal.Ticket;
import io.relais.ticket.internal.TicketLink;
import io.relais.ticket.internal.TicketStore;
import io.relais.ticket.internal.TimelineEntry;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Collectors;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;

/**
 * Reads of one ticket for pages and the API (the ticket, its conversation, timeline, links and files), and of a few
 * for other modules (whether visible, their headlines); always within the actor's scope. Lists: {@link Queues}.
 */
@Service
public class TicketReads {
    private final TicketStore store;
    private final AttachmentStorage storage;
    private final JdbcClient jdbc;

    TicketReads(TicketStore store, AttachmentStorage storage, JdbcClient jdbc) {
        this.store = store;
        this.storage = storage;
        this.jdbc = jdbc;
    }

    @Transactional(readOnly = true)
    public Optional<TicketView> ticket(Actor actor, long id) {
        return view(actor, "t.id = :key", id);
    }

    @Transactional(readOnly = true)
    public Optional<TicketView> ticketByNumber(Actor actor, long number) {
        return view(actor, "t.number = :key", number);
    }

    /** The ticket and its last {@code limit} timeline entries: two queries, whatever the ticket. */
    @Transactional(readOnly = true)
    public Optional<TicketWithTimeline> ticketWithTimeline(Actor actor, long id, int limit) {
        // Customers do not see every kind of entry: read further back so that they still get up to `limit`.
        var read = actor.isAgent() ? limit : limit * 3;
        return ticket(actor, id).map(t -> new TicketWithTimeline(t, store.timelineTail(actor.scope(), id, read).stream()
                .map(TicketReads::view).filter(e -> actor.isAgent() || e.change().visibleToCustomer())
                .toList()).last(limit));
    }

    /** A ticket with its most recent timeline entries, what a client shows first. */
    public record TicketWithTimeline(TicketView ticket, List<TimelineView> recentTimeline) {
        TicketWithTimeline last(int limit) {
            var n = recentTimeline.size();
            return n <= limit ? this : new TicketWithTimeline(ticket, recentTimeline.subList(n - limit, n));
        }
    }

    public TicketView require(Actor actor, long id) {
        return ticket(actor, id).orElseThrow(() -> new NotFoundException("ticket", id));
    }

    /** Replies, call logs and (for agents) internal notes, oldest first, with their attachments. */
    @Transactional(readOnly = true)
    public List<ArticleView> conversation(Actor actor, long ticketId) {
        requireVisible(actor, ticketId);
        var files = store.attachments(actor.scope(), ticketId, actor.isAgent()).stream()
                .filter(a -> a.articleId() != null)
                .collect(Collectors.groupingBy(Attachment::articleId));
        return store.articles(actor.scope(), ticketId, actor.isAgent()).stream()
                .map(a -> {
                    var own = files.getOrDefault(a.id(), List.of());
                    var raw = own.stream().filter(f -> f.role() == AttachmentRole.RAW).map(Attachment::id).findFirst().orElse(null);
                    return new ArticleView(a.id(), a.kind(), a.internal(), a.authorName(), a.authorAgentId() != null,
                            a.body(), a.callDirection(), a.callNumber(), a.callSeconds(), a.createdAt(),
                            own.stream().filter(f -> f.role() == AttachmentRole.FILE).map(TicketReads::view).toList(),
                            a.origin(), a.bodyHtml() != null && !a.bodyHtml().isBlank(), a.mailFrom(), a.mailTo(),
                            a.mailCc(), a.automatic(), a.deliveryState(), a.deliveryDetail(), raw);
                })
                .toList();
    }

    /**
     * The sanitised HTML of a mail article, its inline images pointing at their attachment URLs.
     * Served on its own with a sandboxing CSP; never inserted into a page.
     */
    @Transactional(readOnly = true)
    public Optional<String> articleHtml(Actor actor, long ticketId, long articleId) {
        var article = store.article(actor.scope(), articleId)
                .filter(a -> a.ticketId() == ticketId && (actor.isAgent() || !a.internal())).orElse(null);
        if (article == null || article.bodyHtml() == null) {
            return Optional.empty();
        }
        var images = new java.util.HashMap<String, Long>();
        for (var f : store.attachments(actor.scope(), ticketId, actor.isAgent())) {
            if (f.role() == AttachmentRole.INLINE && f.contentId() != null && Long.valueOf(articleId).equals(f.articleId())) {
                images.put(f.contentId(), f.id());
            }
        }
        var doc = org.jsoup.Jsoup.parseBodyFragment(article.bodyHtml());
        for (var img : doc.select("img[src]")) {
            var src = img.attr("src");
            var id = src.regionMatches(true, 0, "cid:", 0, 4) ? images.get(src.substring(4)) : null;
            if (id != null) {
                img.attr("src", "/tickets/" + ticketId + "/attachments/" + id + "?inline=true");
            } else {
                img.removeAttr("src");
            }
        }
        var html = doc.body().html();
        return Optional.of(html);
    }

    @Transactional(readOnly = true)
    public List<TimelineView> timeline(Actor actor, long ticketId) {
        requireVisible(actor, ticketId);
        var entries = store.timeline(actor.scope(), ticketId).stream().map(TicketReads::view);
        if (actor.isAgent()) {
            return entries.toList();
        }
        return entries.filter(e -> e.change().visibleToCustomer()).toList();
    }

    @Transactional(readOnly = true)
    public List<LinkView> links(Actor actor, long ticketId) {
        requireVisible(actor, ticketId);
        return store.links(actor.scope(), ticketId).stream().map(row -> {
            var link = (TicketLink) row[0];
            var other = (Ticket) row[1];
            return new LinkView(link.id(), link.kind(), link.sourceId() == ticketId, other.id(), other.number(),
                    other.subject(), other.status());
        }).toList();
    }

    @Transactional(readOnly = true)
    public List<AttachmentView> attachments(Actor actor, long ticketId) {
        requireVisible(actor, ticketId);
        return store.attachments(actor.scope(), ticketId, actor.isAgent()).stream().map(TicketReads::view).toList();
    }

    @Transactional(readOnly = true)
    public AttachmentContent attachment(Actor actor, long ticketId, long attachmentId) {
        var a = store.attachment(actor.scope(), ticketId, attachmentId, actor.isAgent())
                .orElseThrow(() -> new NotFoundException("attachment", attachmentId));
        return new AttachmentContent(view(a), storage.load(a.sha256()));
    }

    /** Whether the actor may see the ticket (the same scope check as every read here). */
    @Transactional(readOnly = true)
    public boolean visible(Actor actor, long ticketId) {
        return store.ticket(actor.scope(), ticketId).isPresent();
    }

    /** A ticket's number and subject, for reports that list tickets. */
    public record Headline(long id, long number, String subject) {}

    /** The number and subject of each of these tickets the actor may see (one query per thousand ids). */
    @Transactional(readOnly = true)
    public Map<Long, Headline> headlines(Actor actor, java.util.Collection<Long> ids) {
        var out = new java.util.HashMap<Long, Headline>();
        var all = List.copyOf(ids);
        var clause = actor.scope().clause("t.organization_id", "t.requester_id");
        for (int i = 0; i < all.size(); i += 1000) {
            var params = new java.util.HashMap<String, Object>(clause.params());
            params.put("ids", all.subList(i, Math.min(all.size(), i + 1000)));
            jdbc.sql("select t.id, t.number, t.subject from ticket t where t.id in (:ids) and " + clause.sql()).params(params)
                    .query((rs, n) -> out.put(rs.getLong(1), new Headline(rs.getLong(1), rs.getLong(2), rs.getString(3)))).list();
        }
        return out;
    }

    private void requireVisible(Actor actor, long ticketId) {
        if (!visible(actor, ticketId)) {
            throw new NotFoundException("ticket", ticketId);
        }
    }

    /** The whole ticket view in one query: requester, organization, category, group and assignee joined. */
    private Optional<TicketView> view(Actor actor, String where, long key) {
        var clause = actor.scope().clause("t.organization_id", "t.requester_id");
        var french = "fr".equals(actor.locale().getLanguage());
        return jdbc.sql("select t.*, c.name as c_name, c.email as c_email, c.phone as c_phone, c.vip as c_vip,"
                        + " o.name as o_name, cat.name_en as cat_en, cat.name_fr as cat_fr, g.name as g_name, a.name as a_name"
                        + " from ticket t join contact c on c.id = t.requester_id join organization o on o.id = t.organization_id"
                        + " left join ticket_category cat on cat.id = t.category_id left join agent_group g on g.id = t.group_id"
                        + " left join agent a on a.id = t.assignee_id where " + where + " and " + clause.sql())
                .param("key", key).params(clause.params())
                .query((rs, n) -> {
                    var categoryId = (Long) rs.getObject("category_id", Long.class);
                    var groupId = (Long) rs.getObject("group_id", Long.class);
                    var assigneeId = (Long) rs.getObject("assignee_id", Long.class);
                    var tags = rs.getString("tags");
                    return new TicketView(rs.getLong("id"), new TicketNumber(rs.getLong("number")), rs.getString("subject"),
                            rs.getString("description"),
                            new Person(rs.getLong("requester_id"), rs.getString("c_name"), rs.getString("c_email"),
                                    rs.getString("c_phone"), rs.getBoolean("c_vip")),
                            new Ref(rs.getLong("organization_id"), rs.getString("o_name")),
                            categoryId == null ? null : new Ref(categoryId, rs.getString(french ? "cat_fr" : "cat_en")),
                            TicketEnums.Impact.valueOf(rs.getString("impact")), TicketEnums.Urgency.valueOf(rs.getString("urgency")),
                            Priority.valueOf(rs.getString("priority")), TicketEnums.Channel.valueOf(rs.getString("channel")),
                            Status.valueOf(rs.getString("status")),
                            groupId == null ? null : new Ref(groupId, rs.getString("g_name")),
                            assigneeId == null ? null : new Ref(assigneeId, rs.getString("a_name")),
                            io.relais.directory.SupportLevel.valueOf(rs.getString("support_level")),
                            tags == null || tags.isEmpty() ? List.of() : List.of(tags.split(",")),
                            (Long) rs.getObject("merged_into_id", Long.class),
                            instant(rs, "created_at"), instant(rs, "updated_at"), instant(rs, "first_response_at"),
                            instant(rs, "resolved_at"), instant(rs, "closed_at"), rs.getLong("version"),
                            rs.getBoolean("imported"), rs.getString("customer_urgency") == null ? null
                                    : TicketEnums.Urgency.valueOf(rs.getString("customer_urgency")));
                })
                .optional();
    }

    static TimelineView view(TimelineEntry e) {
        return new TimelineView(e.id(), e.ticketVersion(), e.at(), e.actorName(), e.change(), e.oldValue(),
                e.newValue(), e.articleId());
    }

    static AttachmentView view(Attachment a) {
        return new AttachmentView(a.id(), a.filename(), a.contentType(), a.size(), a.sha256());
    }

    static Instant instant(ResultSet rs, String column) throws SQLException {
        var value = rs.getObject(column, OffsetDateTime.class);
        return value == null ? null : value.toInstant();
    }
}
