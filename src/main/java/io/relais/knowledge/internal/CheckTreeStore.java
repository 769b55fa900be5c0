package io.relais.knowledge.internal;

import io.relais.common.NotFoundException;
import io.relais.knowledge.CheckRecords.AnswerView;
import io.relais.knowledge.CheckRecords.NodeForm;
import io.relais.knowledge.CheckRecords.NodeView;
import io.relais.knowledge.CheckRecords.Outcome;
import io.relais.knowledge.CheckRecords.TreeForm;
import io.relais.knowledge.CheckRecords.TreeSummary;
import io.relais.knowledge.CheckRecords.TreeView;
import io.relais.knowledge.CheckRecords.NodeKind;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Optional;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.jdbc.support.GeneratedKeyHolder;
import org.springframework.stereotype.Component;

/**
 * The guided checks' tables. A row's id is the key its insert generated, never {@code max(id)} read afterwards
 * (two people saving at once would each get the other's row).
 */
@Component
public class CheckTreeStore {
    private static final String SUMMARY = """
            select t.id, t.title, t.language, t.description, t.category_id, t.active,
                   (select count(*) from check_node n where n.tree_id = t.id), t.runs_count, t.solved_count,
                   t.escalated_count, t.updated_at, t.updated_by
            from check_tree t""";

    private final JdbcClient jdbc;

    CheckTreeStore(JdbcClient jdbc) {
        this.jdbc = jdbc;
    }

    /** Active trees, or every tree with {@code includeInactive}. */
    public List<TreeSummary> summaries(boolean includeInactive) {
        return jdbc.sql(SUMMARY + " where t.active = true or :all = true order by t.language, t.title")
                .param("all", includeInactive).query(CheckTreeStore::summary).list();
    }

    /** A whole tree: its summary, its start and every node with its answers. */
    public Optional<TreeView> tree(long treeId) {
        var summary = jdbc.sql(SUMMARY + " where t.id = :id").param("id", treeId).query(CheckTreeStore::summary).optional();
        if (summary.isEmpty()) {
            return Optional.empty();
        }
        var root = jdbc.sql("select root_node_id from check_tree where id = :id").param("id", treeId).query(Long.class).optional()
                .orElse(null);
        var answers = new HashMap<Long, List<AnswerView>>();
        jdbc.sql("""
                select a.node_id, a.id, a.label, a.next_node_id, a.chosen_count from check_answer a
                join check_node n on n.id = a.node_id where n.tree_id = :t order by a.node_id, a.position, a.id""")
                .param("t", treeId)
                .query((rs, i) -> answers.computeIfAbsent(rs.getLong(1), k -> new ArrayList<>())
                        .add(new AnswerView(rs.getLong(2), rs.getString(3), (Long) rs.getObject(4, Long.class), rs.getInt(5))))
                .list();
        var nodes = jdbc.sql("""
                select n.id, n.kind, n.text, n.article_id, a.title, n.outcome, n.outcome_group_id, n.outcome_category_id,
                       n.visits_count
                from check_node n left join kb_article a on a.id = n.article_id
                where n.tree_id = :t order by n.position, n.id""").param("t", treeId)
                .query((rs, i) -> node(rs, answers.getOrDefault(rs.getLong(1), List.of()))).list();
        return Optional.of(new TreeView(summary.get(), root, nodes));
    }

    public long insertTree(TreeForm f, Instant at, String by) {
        var key = new GeneratedKeyHolder();
        jdbc.sql("""
                insert into check_tree (title, language, description, category_id, active, updated_at, updated_by)
                values (:title, :lang, :desc, :cat, :active, :at, :by)""")
                .param("title", f.title()).param("lang", f.language()).param("desc", f.description()).param("cat", f.categoryId())
                .param("active", f.active()).param("at", Timestamp.from(at)).param("by", by).update(key, "id");
        return key.getKeyAs(Long.class);
    }

    public void updateTree(long treeId, TreeForm f, Instant at, String by) {
        jdbc.sql("""
                update check_tree set title = :title, language = :lang, description = :desc, category_id = :cat, active = :active,
                       updated_at = :at, updated_by = :by where id = :id""")
                .param("title", f.title()).param("lang", f.language()).param("desc", f.description()).param("cat", f.categoryId())
                .param("active", f.active()).param("at", Timestamp.from(at)).param("by", by).param("id", treeId).update();
    }

    /** A node at the end of its tree; the first one becomes the tree's start. */
    public long insertNode(long treeId, NodeForm f) {
        var position = jdbc.sql("select coalesce(max(position), 0) + 1 from check_node where tree_id = :t").param("t", treeId)
                .query(Integer.class).single();
        var key = new GeneratedKeyHolder();
        jdbc.sql("""
                insert into check_node (tree_id, kind, text, article_id, outcome, outcome_group_id, outcome_category_id, position)
                values (:t, :kind, :text, :article, :outcome, :group, :cat, :pos)""")
                .param("t", treeId).param("kind", f.kind().name()).param("text", f.text()).param("article", f.articleId())
                .param("outcome", f.outcome() == null ? null : f.outcome().name()).param("group", f.outcomeGroupId())
                .param("cat", f.outcomeCategoryId()).param("pos", position).update(key, "id");
        long id = key.getKeyAs(Long.class);
        jdbc.sql("update check_tree set root_node_id = :n where id = :t and root_node_id is null").param("n", id).param("t", treeId)
                .update();
        return id;
    }

    public void updateNode(long nodeId, NodeForm f) {
        jdbc.sql("""
                update check_node set kind = :kind, text = :text, article_id = :article, outcome = :outcome,
                       outcome_group_id = :group, outcome_category_id = :cat where id = :id""")
                .param("kind", f.kind().name()).param("text", f.text()).param("article", f.articleId())
                .param("outcome", f.outcome() == null ? null : f.outcome().name()).param("group", f.outcomeGroupId())
                .param("cat", f.outcomeCategoryId()).param("id", nodeId).update();
        if (f.kind() == NodeKind.OUTCOME) {
            jdbc.sql("delete from check_answer where node_id = :id").param("id", nodeId).update();
        }
    }

    public Optional<Long> root(long treeId) {
        return jdbc.sql("select root_node_id from check_tree where id = :t").param("t", treeId).query(Long.class).optional();
    }

    public int nodeCount(long treeId) {
        return jdbc.sql("select count(*) from check_node where tree_id = :t").param("t", treeId).query(Integer.class).single();
    }

    /** Removes a node: answers leading to it lead nowhere, runs standing on it stand nowhere. */
    public void deleteNode(long nodeId) {
        jdbc.sql("update check_answer set next_node_id = null where next_node_id = :n").param("n", nodeId).update();
        jdbc.sql("update check_run set current_node_id = null where current_node_id = :n").param("n", nodeId).update();
        jdbc.sql("update check_tree set root_node_id = null where root_node_id = :n").param("n", nodeId).update();
        jdbc.sql("delete from check_node where id = :n").param("n", nodeId).update();
    }

    public void setStart(long treeId, long nodeId) {
        jdbc.sql("update check_tree set root_node_id = :n where id = :t").param("n", nodeId).param("t", treeId).update();
    }

    public String kindOf(long nodeId) {
        return jdbc.sql("select kind from check_node where id = :n").param("n", nodeId).query(String.class).single();
    }

    public long insertAnswer(long nodeId, String label, Long nextNodeId) {
        var position = jdbc.sql("select coalesce(max(position), 0) + 1 from check_answer where node_id = :n").param("n", nodeId)
                .query(Integer.class).single();
        var key = new GeneratedKeyHolder();
        jdbc.sql("insert into check_answer (node_id, label, next_node_id, position) values (:n, :l, :next, :p)")
                .param("n", nodeId).param("l", label).param("next", nextNodeId).param("p", position).update(key, "id");
        return key.getKeyAs(Long.class);
    }

    public void updateAnswer(long answerId, String label, Long nextNodeId) {
        jdbc.sql("update check_answer set label = :l, next_node_id = :next where id = :a")
                .param("l", label).param("next", nextNodeId).param("a", answerId).update();
    }

    public void deleteAnswer(long answerId) {
        jdbc.sql("delete from check_answer where id = :a").param("a", answerId).update();
    }

    public void linkAnswer(long answerId, long nodeId) {
        jdbc.sql("update check_answer set next_node_id = :n where id = :a").param("n", nodeId).param("a", answerId).update();
    }

    public void touch(long treeId, Instant at, String by) {
        jdbc.sql("update check_tree set updated_at = :at, updated_by = :by where id = :t")
                .param("at", Timestamp.from(at)).param("by", by).param("t", treeId).update();
    }

    public boolean treeExists(long treeId) {
        return jdbc.sql("select count(*) from check_tree where id = :t").param("t", treeId).query(Integer.class).single() > 0;
    }

    public long treeOfNode(long nodeId) {
        return jdbc.sql("select tree_id from check_node where id = :n").param("n", nodeId).query(Long.class).optional()
                .orElseThrow(() -> new NotFoundException("node", nodeId));
    }

    public Optional<Long> treeOfNodeIfAny(long nodeId) {
        return jdbc.sql("select tree_id from check_node where id = :n").param("n", nodeId).query(Long.class).optional();
    }

    public long treeOfAnswer(long answerId) {
        return jdbc.sql("select n.tree_id from check_answer a join check_node n on n.id = a.node_id where a.id = :a")
                .param("a", answerId).query(Long.class).optional().orElseThrow(() -> new NotFoundException("answer", answerId));
    }

    // ---- runs

    /** A new run standing on the tree's start; its id is the generated key. */
    public long insertRun(long treeId, long ticketId, Long agentId, long startNodeId, Instant at) {
        var key = new GeneratedKeyHolder();
        jdbc.sql("""
                insert into check_run (tree_id, ticket_id, agent_id, current_node_id, started_at)
                values (:t, :ticket, :agent, :node, :at)""")
                .param("t", treeId).param("ticket", ticketId).param("agent", agentId).param("node", startNodeId)
                .param("at", Timestamp.from(at)).update(key, "id");
        jdbc.sql("update check_tree set runs_count = runs_count + 1 where id = :t").param("t", treeId).update();
        return key.getKeyAs(Long.class);
    }

    private static TreeSummary summary(ResultSet rs, int i) throws SQLException {
        return new TreeSummary(rs.getLong(1), rs.getString(2), rs.getString(3), rs.getString(4), rs.getObject(5, Long.class),
                rs.getBoolean(6), rs.getInt(7), rs.getInt(8), rs.getInt(9), rs.getInt(10), instant(rs, 11), rs.getString(12));
    }

    private static NodeView node(ResultSet rs, List<AnswerView> answers) throws SQLException {
        var outcome = rs.getString(6);
        return new NodeView(rs.getLong(1), NodeKind.valueOf(rs.getString(2)), rs.getString(3), rs.getObject(4, Long.class),
                rs.getString(5), outcome == null ? null : Outcome.valueOf(outcome), rs.getObject(7, Long.class),
                rs.getObject(8, Long.class), rs.getInt(9), List.copyOf(answers));
    }

    public static Instant instant(ResultSet rs, int column) throws SQLException {
        var t = rs.getObject(column, OffsetDateTime.class);
        return t == null ? null : t.toInstant();
    }
}
