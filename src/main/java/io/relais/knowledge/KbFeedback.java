package io.relais.knowledge;

import io.relais.common.InvalidInputException;
import io.relais.directory.AgentsAndGroups;
import io.relais.knowledge.KbRecords.ArticleView;
import io.relais.knowledge.KbRecords.FeedbackView;
import io.relais.knowledge.KbRecords.Verdict;
import io.relais.knowledge.internal.KbArticles;
import io.relais.security.Actor;
import java.sql.Timestamp;
import java.time.Clock;
import java.time.OffsetDateTime;
import java.util.List;
import java.util.stream.Collectors;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;

/** Agents' verdicts on articles (helped, outdated): counted on the article, so that lists put stale ones first. */
@Service
public class KbFeedback {
    public static final int MAX_COMMENT = 1000;

    private final KbArticles articles;
    private final JdbcClient jdbc;
    private final AgentsAndGroups agentsAndGroups;
    private final Clock clock;

    KbFeedback(KbArticles articles, JdbcClient jdbc, AgentsAndGroups agentsAndGroups, Clock clock) {
        this.articles = articles;
        this.jdbc = jdbc;
        this.agentsAndGroups = agentsAndGroups;
        this.clock = clock;
    }

    /** An agent's verdict on an article (their latest counts once), with an optional comment ("step 3 changed"). */
    @Transactional
    public ArticleView feedback(Actor actor, long id, Verdict verdict, String comment) {
        actor.requireAgent();
        if (verdict == null) {
            throw InvalidInputException.field("verdict", "HELPED or OUTDATED");
        }
        var text = comment == null || comment.isBlank() ? null : comment.strip();
        if (text != null && text.length() > MAX_COMMENT) {
            throw InvalidInputException.field("comment", "at most " + MAX_COMMENT + " characters");
        }
        var article = articles.visible(actor, id);
        jdbc.sql("delete from kb_feedback where article_id = :a and agent_id = :p").param("a", id).param("p", actor.personId()).update();
        jdbc.sql("insert into kb_feedback (article_id, agent_id, verdict, comment, created_at) values (:a, :p, :v, :c, :t)")
                .param("a", id).param("p", actor.personId()).param("v", verdict.name()).param("c", text)
                .param("t", Timestamp.from(clock.instant())).update();
        articles.recount(article);
        return KbArticles.view(actor, article);
    }

    @Transactional(readOnly = true)
    public List<FeedbackView> feedbacks(Actor actor, long id) {
        actor.requireAgent();
        articles.visible(actor, id);
        var names = agentsAndGroups.agents().stream().collect(Collectors.toMap(a -> a.id(), a -> a.name(), (x, y) -> x));
        return jdbc.sql("select agent_id, verdict, comment, created_at from kb_feedback where article_id = :a order by created_at desc")
                .param("a", id)
                .query((rs, n) -> new FeedbackView(names.getOrDefault(rs.getLong(1), "#" + rs.getLong(1)),
                        Verdict.valueOf(rs.getString(2)), rs.getString(3), rs.getObject(4, OffsetDateTime.class).toInstant()))
                .list();
    }
}
