package io.relais.knowledge;

import io.relais.common.NotFoundException;
import io.relais.knowledge.KbRecords.ArticleForm;
import io.relais.knowledge.KbRecords.ArticleRef;
import io.relais.knowledge.KbRecords.ArticleTicketsView;
import io.relais.knowledge.KbRecords.Kind;
import io.relais.knowledge.KbRecords.TicketArticlesView;
import io.relais.knowledge.KbRecords.Visibility;
import io.relais.knowledge.internal.KbArticles;
import io.relais.knowledge.internal.KbVisibility;
import io.relais.security.Actor;
import io.relais.ticket.TicketEnums.ArticleKind;
import io.relais.ticket.TicketReads;
import java.sql.Timestamp;
import java.time.Clock;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;

/**
 * Articles and tickets: a draft written from a ticket, the articles that helped solve one (counted on the article),
 * and both sides of these links as far as the reader may see them.
 */
@Service
public class KbTickets {
    private final KbArticles articles;
    private final JdbcClient jdbc;
    private final TicketReads tickets;
    private final Clock clock;

    KbTickets(KbArticles articles, JdbcClient jdbc, TicketReads tickets, Clock clock) {
        this.articles = articles;
        this.jdbc = jdbc;
        this.tickets = tickets;
        this.clock = clock;
    }

    /** A draft article from a (typically resolved) ticket: its subject, the problem as described, the last answer given. */
    @Transactional(readOnly = true)
    public ArticleForm draftFromTicket(Actor actor, long ticketId) {
        actor.requireAgent();
        var ticket = tickets.require(actor, ticketId);
        var answer = tickets.conversation(actor, ticketId).stream()
                .filter(a -> a.byAgent() && !a.internal() && a.kind() == ArticleKind.REPLY)
                .reduce((first, second) -> second).map(a -> a.body()).orElse("");
        var french = "fr".equals(actor.language());
        var description = ticket.description() == null ? "" : ticket.description();
        var body = (french ? "## Symptôme\n\n" : "## Problem\n\n") + description.strip() + "\n\n"
                + (french ? "## Cause\n\n\n\n## Solution\n\n" : "## Cause\n\n\n\n## Solution\n\n") + answer.strip() + "\n";
        return new ArticleForm(french ? "fr" : "en", Kind.ARTICLE, null, ticket.subject(), body, String.join(", ", ticket.tags()),
                Visibility.INTERNAL, Set.of(), null, Set.of(ticketId), null, null);
    }

    /** Records that an article helped solve a ticket (shown on both; counted on the article). */
    @Transactional
    public void markUsed(Actor actor, long articleId, long ticketId) {
        actor.requireAgent();
        var article = articles.visible(actor, articleId);
        if (!tickets.visible(actor, ticketId)) {
            throw new NotFoundException("ticket", ticketId);
        }
        var exists = jdbc.sql("select count(*) from kb_use where ticket_id = :t and article_id = :a")
                .param("t", ticketId).param("a", articleId).query(Integer.class).single() > 0;
        if (!exists) {
            jdbc.sql("insert into kb_use (ticket_id, article_id, agent_id, used_at) values (:t, :a, :p, :at)")
                    .param("t", ticketId).param("a", articleId).param("p", actor.agentId())
                    .param("at", Timestamp.from(clock.instant())).update();
            articles.recount(article);
        }
    }

    @Transactional
    public void unmarkUsed(Actor actor, long articleId, long ticketId) {
        actor.requireAgent();
        var article = articles.visible(actor, articleId);
        if (!tickets.visible(actor, ticketId)) {
            throw new NotFoundException("ticket", ticketId);
        }
        jdbc.sql("delete from kb_use where ticket_id = :t and article_id = :a").param("t", ticketId).param("a", articleId).update();
        articles.recount(article);
    }

    /** The articles used to solve the ticket, and those written from it, as far as the reader may see them. */
    @Transactional(readOnly = true)
    public TicketArticlesView onTicket(Actor actor, long ticketId) {
        if (!tickets.visible(actor, ticketId)) {
            throw new NotFoundException("ticket", ticketId);
        }
        var used = refs(actor, "select article_id, used_at from kb_use where ticket_id = :t order by used_at", ticketId);
        var written = refs(actor, "select s.article_id, a.created_at from kb_source s join kb_article a on a.id = s.article_id"
                + " where s.ticket_id = :t order by a.created_at", ticketId);
        return new TicketArticlesView(used, written);
    }

    /** The tickets the article was written from and those it helped solve, that the reader may see. */
    @Transactional(readOnly = true)
    public ArticleTicketsView ticketsOf(Actor actor, long articleId) {
        actor.requireAgent();
        articles.visible(actor, articleId);
        var sources = jdbc.sql("select ticket_id from kb_source where article_id = :a").param("a", articleId).query(Long.class).list();
        var used = jdbc.sql("select ticket_id from kb_use where article_id = :a order by used_at desc fetch first 50 rows only")
                .param("a", articleId).query(Long.class).list();
        var all = new LinkedHashSet<Long>(sources);
        all.addAll(used);
        var headlines = tickets.headlines(actor, all);
        return new ArticleTicketsView(sources.stream().map(headlines::get).filter(Objects::nonNull).toList(),
                used.stream().map(headlines::get).filter(Objects::nonNull).toList());
    }

    private List<ArticleRef> refs(Actor actor, String sql, long ticketId) {
        var rows = jdbc.sql(sql).param("t", ticketId)
                .query((rs, n) -> Map.entry(rs.getLong(1), rs.getObject(2, OffsetDateTime.class).toInstant())).list();
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
}
