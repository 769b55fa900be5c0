package io.relais.knowledge;

import io.relais.common.ConflictException;
import io.relais.common.InvalidInputException;
import io.relais.common.NotFoundException;
import io.relais.directory.Directory;
import io.relais.knowledge.CheckRecords.AnswerView;
import io.relais.knowledge.CheckRecords.NodeForm;
import io.relais.knowledge.CheckRecords.NodeKind;
import io.relais.knowledge.CheckRecords.NodeView;
import io.relais.knowledge.CheckRecords.Outcome;
import io.relais.knowledge.CheckRecords.RunView;
import io.relais.knowledge.CheckRecords.Step;
import io.relais.knowledge.CheckRecords.TreeForm;
import io.relais.knowledge.CheckRecords.TreeSummary;
import io.relais.knowledge.CheckRecords.TreeView;
import io.relais.security.Actor;
import io.relais.ticket.Status;
import io.relais.ticket.TicketCommands.TicketUpdate;
import io.relais.ticket.TicketQueries;
import io.relais.ticket.TicketService;
import io.relais.ticket.TicketSettings;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Clock;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;

/**
 * Guided first checks: administrators edit decision trees; agents run one from a ticket (typically during
 * a call). Each answer moves the run on and is counted; the path taken goes on the ticket's timeline when
 * the run ends, and an outcome can apply its action (resolve, set the category, escalate to a group).
 */
@Service
public class GuidedChecks {
    public static final int MAX_TEXT = 2000;
    public static final int MAX_LABEL = 300;

    private final JdbcClient jdbc;
    private final TicketQueries tickets;
    private final TicketService ticketService;
    private final TicketSettings settings;
    private final Directory directory;
    private final KnowledgeBase kb;
    private final Clock clock;

    GuidedChecks(JdbcClient jdbc, TicketQueries tickets, TicketService ticketService, TicketSettings settings, Directory directory,
                 KnowledgeBase kb, Clock clock) {
        this.jdbc = jdbc;
        this.tickets = tickets;
        this.ticketService = ticketService;
        this.settings = settings;
        this.directory = directory;
        this.kb = kb;
        this.clock = clock;
    }

    // ---- trees

    /** Trees an agent may run (active ones), or every tree for an administrator's list. */
    @Transactional(readOnly = true)
    public List<TreeSummary> trees(Actor actor, boolean includeInactive) {
        actor.requireAgent();
        var all = includeInactive && actor.isAdmin();
        return jdbc.sql("""
                select t.id, t.title, t.language, t.description, t.category_id, t.active,
                       (select count(*) from check_node n where n.tree_id = t.id), t.runs_count, t.solved_count,
                       t.escalated_count, t.updated_at, t.updated_by
                from check_tree t where t.active = true or :all = true order by t.language, t.title""")
                .param("all", all).query(GuidedChecks::summary).list();
    }

    @Transactional(readOnly = true)
    public TreeView tree(Actor actor, long treeId) {
        actor.requireAgent();
        var summary = jdbc.sql("""
                select t.id, t.title, t.language, t.description, t.category_id, t.active,
                       (select count(*) from check_node n where n.tree_id = t.id), t.runs_count, t.solved_count,
                       t.escalated_count, t.updated_at, t.updated_by
                from check_tree t where t.id = :id""").param("id", treeId).query(GuidedChecks::summary).optional()
                .filter(t -> t.active() || actor.isAdmin())
                .orElseThrow(() -> new NotFoundException("check", treeId));
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
        return new TreeView(summary, root, nodes);
    }

    @Transactional
    public long createTree(Actor actor, TreeForm form) {
        actor.requireAdmin();
        var f = validTree(form);
        jdbc.sql("""
                insert into check_tree (title, language, description, category_id, active, updated_at, updated_by)
                values (:title, :lang, :desc, :cat, :active, :at, :by)""")
                .param("title", f.title()).param("lang", f.language()).param("desc", f.description()).param("cat", f.categoryId())
                .param("active", f.active()).param("at", Timestamp.from(clock.instant())).param("by", actor.name()).update();
        return jdbc.sql("select max(id) from check_tree").query(Long.class).single();
    }

    @Transactional
    public void updateTree(Actor actor, long treeId, TreeForm form) {
        actor.requireAdmin();
        requireTree(treeId);
        var f = validTree(form);
        jdbc.sql("""
                update check_tree set title = :title, language = :lang, description = :desc, category_id = :cat, active = :active,
                       updated_at = :at, updated_by = :by where id = :id""")
                .param("title", f.title()).param("lang", f.language()).param("desc", f.description()).param("cat", f.categoryId())
                .param("active", f.active()).param("at", Timestamp.from(clock.instant())).param("by", actor.name())
                .param("id", treeId).update();
    }

    /**
     * Adds a node to the tree; the first node becomes the tree's start. With {@code fromAnswerId}, that answer
     * now leads to the new node (building the tree step by step).
     */
    @Transactional
    public long addNode(Actor actor, long treeId, NodeForm form, Long fromAnswerId) {
        actor.requireAdmin();
        requireTree(treeId);
        var f = validNode(actor, form);
        var position = jdbc.sql("select coalesce(max(position), 0) + 1 from check_node where tree_id = :t").param("t", treeId)
                .query(Integer.class).single();
        jdbc.sql("""
                insert into check_node (tree_id, kind, text, article_id, outcome, outcome_group_id, outcome_category_id, position)
                values (:t, :kind, :text, :article, :outcome, :group, :cat, :pos)""")
                .param("t", treeId).param("kind", f.kind().name()).param("text", f.text()).param("article", f.articleId())
                .param("outcome", f.outcome() == null ? null : f.outcome().name()).param("group", f.outcomeGroupId())
                .param("cat", f.outcomeCategoryId()).param("pos", position).update();
        var id = jdbc.sql("select max(id) from check_node where tree_id = :t").param("t", treeId).query(Long.class).single();
        jdbc.sql("update check_tree set root_node_id = :n where id = :t and root_node_id is null").param("n", id).param("t", treeId)
                .update();
        if (fromAnswerId != null) {
            var answerTree = treeOfAnswer(fromAnswerId);
            if (answerTree != treeId) {
                throw InvalidInputException.field("fromAnswerId", "an answer of this tree");
            }
            jdbc.sql("update check_answer set next_node_id = :n where id = :a").param("n", id).param("a", fromAnswerId).update();
        }
        touch(treeId, actor);
        return id;
    }

    @Transactional
    public void updateNode(Actor actor, long nodeId, NodeForm form) {
        actor.requireAdmin();
        var treeId = treeOfNode(nodeId);
        var f = validNode(actor, form);
        jdbc.sql("""
                update check_node set kind = :kind, text = :text, article_id = :article, outcome = :outcome,
                       outcome_group_id = :group, outcome_category_id = :cat where id = :id""")
                .param("kind", f.kind().name()).param("text", f.text()).param("article", f.articleId())
                .param("outcome", f.outcome() == null ? null : f.outcome().name()).param("group", f.outcomeGroupId())
                .param("cat", f.outcomeCategoryId()).param("id", nodeId).update();
        if (f.kind() == NodeKind.OUTCOME) {
            jdbc.sql("delete from check_answer where node_id = :id").param("id", nodeId).update();
        }
        touch(treeId, actor);
    }

    /** Removes a node (answers leading to it then lead nowhere); the start node goes last. */
    @Transactional
    public void deleteNode(Actor actor, long nodeId) {
        actor.requireAdmin();
        var treeId = treeOfNode(nodeId);
        var root = jdbc.sql("select root_node_id from check_tree where id = :t").param("t", treeId).query(Long.class).optional();
        var count = jdbc.sql("select count(*) from check_node where tree_id = :t").param("t", treeId).query(Integer.class).single();
        if (root.isPresent() && root.get() == nodeId && count > 1) {
            throw new ConflictException("This is where the tree starts: make another node the start first.");
        }
        jdbc.sql("update check_answer set next_node_id = null where next_node_id = :n").param("n", nodeId).update();
        jdbc.sql("update check_run set current_node_id = null where current_node_id = :n").param("n", nodeId).update();
        jdbc.sql("update check_tree set root_node_id = null where root_node_id = :n").param("n", nodeId).update();
        jdbc.sql("delete from check_node where id = :n").param("n", nodeId).update();
        touch(treeId, actor);
    }

    @Transactional
    public void setStart(Actor actor, long nodeId) {
        actor.requireAdmin();
        var treeId = treeOfNode(nodeId);
        jdbc.sql("update check_tree set root_node_id = :n where id = :t").param("n", nodeId).param("t", treeId).update();
        touch(treeId, actor);
    }

    @Transactional
    public long addAnswer(Actor actor, long nodeId, String label, Long nextNodeId) {
        actor.requireAdmin();
        var treeId = treeOfNode(nodeId);
        var kind = jdbc.sql("select kind from check_node where id = :n").param("n", nodeId).query(String.class).single();
        if (NodeKind.OUTCOME.name().equals(kind)) {
            throw InvalidInputException.field("label", "an outcome ends the check: it has no answers");
        }
        var l = validLabel(label);
        checkNext(treeId, nextNodeId);
        var position = jdbc.sql("select coalesce(max(position), 0) + 1 from check_answer where node_id = :n").param("n", nodeId)
                .query(Integer.class).single();
        jdbc.sql("insert into check_answer (node_id, label, next_node_id, position) values (:n, :l, :next, :p)")
                .param("n", nodeId).param("l", l).param("next", nextNodeId).param("p", position).update();
        touch(treeId, actor);
        return jdbc.sql("select max(id) from check_answer where node_id = :n").param("n", nodeId).query(Long.class).single();
    }

    @Transactional
    public void updateAnswer(Actor actor, long answerId, String label, Long nextNodeId) {
        actor.requireAdmin();
        var treeId = treeOfAnswer(answerId);
        var l = validLabel(label);
        checkNext(treeId, nextNodeId);
        jdbc.sql("update check_answer set label = :l, next_node_id = :next where id = :a")
                .param("l", l).param("next", nextNodeId).param("a", answerId).update();
        touch(treeId, actor);
    }

    @Transactional
    public void deleteAnswer(Actor actor, long answerId) {
        actor.requireAdmin();
        var treeId = treeOfAnswer(answerId);
        jdbc.sql("delete from check_answer where id = :a").param("a", answerId).update();
        touch(treeId, actor);
    }

    // ---- runs

    @Transactional
    public RunView start(Actor actor, long treeId, long ticketId) {
        actor.requireAgent();
        requireTicket(actor, ticketId);
        var tree = tree(actor, treeId);
        if (!tree.tree().active()) {
            throw new ConflictException("This check is switched off.");
        }
        if (tree.rootNodeId() == null) {
            throw new ConflictException("This check has no question yet.");
        }
        jdbc.sql("""
                insert into check_run (tree_id, ticket_id, agent_id, current_node_id, started_at)
                values (:t, :ticket, :agent, :node, :at)""")
                .param("t", treeId).param("ticket", ticketId).param("agent", actor.agentId()).param("node", tree.rootNodeId())
                .param("at", Timestamp.from(clock.instant())).update();
        var runId = jdbc.sql("select max(id) from check_run where ticket_id = :t").param("t", ticketId).query(Long.class).single();
        jdbc.sql("update check_tree set runs_count = runs_count + 1 where id = :t").param("t", treeId).update();
        visit(tree.rootNodeId());
        return finishIfOutcome(actor, run(actor, runId));
    }

    /** The agent chose an answer at the run's current step. A second click on the same answer changes nothing. */
    @Transactional
    public RunView answer(Actor actor, long runId, long answerId) {
        actor.requireAgent();
        var run = lockedRun(actor, runId);
        if (run.finished()) {
            return run;
        }
        var current = run.current();
        var answer = current == null ? null : current.answers().stream().filter(a -> a.id() == answerId).findFirst().orElse(null);
        if (answer == null) {
            throw new ConflictException("This answer is not one of the current question's: reload the check.");
        }
        step(runId, run.steps().size() + 1, current, answer.label());
        jdbc.sql("update check_answer set chosen_count = chosen_count + 1 where id = :a").param("a", answerId).update();
        var next = answer.nextNodeId();
        jdbc.sql("update check_run set current_node_id = :n where id = :r").param("n", next).param("r", runId).update();
        if (next == null) {
            // an answer that leads nowhere yet: the check ends here, the diagnosis goes on
            return finish(actor, run(actor, runId), null);
        }
        visit(next);
        return finishIfOutcome(actor, run(actor, runId));
    }

    /** Ends a run before its outcome; the path taken so far goes on the timeline. */
    @Transactional
    public RunView stop(Actor actor, long runId) {
        actor.requireAgent();
        var run = lockedRun(actor, runId);
        return run.finished() ? run : finish(actor, run, null);
    }

    /**
     * Applies the outcome the run reached: solved resolves the ticket; escalate hands it to the outcome's
     * group (unassigned, for that group to take); any outcome sets its category. Once.
     */
    @Transactional
    public RunView apply(Actor actor, long runId) {
        actor.requireAgent();
        var run = lockedRun(actor, runId);
        if (!run.finished() || run.outcome() == null || run.current() == null) {
            throw new ConflictException("This check has not reached an outcome.");
        }
        if (run.applied()) {
            return run;
        }
        var node = run.current();
        var status = run.outcome() == Outcome.SOLVED ? Status.RESOLVED : null;
        var group = run.outcome() == Outcome.ESCALATE ? node.outcomeGroupId() : null;
        var category = node.outcomeCategoryId();
        if (status != null || group != null || category != null) {
            ticketService.update(run.ticketId(), new TicketUpdate(null, null, status, null, null, category, group, null,
                    group != null ? Boolean.TRUE : null, null, null), actor);
        }
        jdbc.sql("update check_run set applied = true where id = :r").param("r", runId).update();
        return run(actor, runId);
    }

    /** The runs of a ticket, latest first. */
    @Transactional(readOnly = true)
    public List<RunView> runs(Actor actor, long ticketId) {
        actor.requireAgent();
        requireTicket(actor, ticketId);
        var ids = jdbc.sql("select id from check_run where ticket_id = :t order by id desc fetch first 10 rows only")
                .param("t", ticketId).query(Long.class).list();
        var trees = new HashMap<Long, TreeView>(); // each tree read once, however many runs use it
        return ids.stream().map(id -> run(actor, id, trees)).toList();
    }

    @Transactional(readOnly = true)
    public RunView run(Actor actor, long runId) {
        return run(actor, runId, new HashMap<>());
    }

    private RunView run(Actor actor, long runId, Map<Long, TreeView> trees) {
        actor.requireAgent();
        var row = jdbc.sql("""
                select r.tree_id, t.title, r.ticket_id, r.current_node_id, r.started_at, r.finished_at, r.outcome, r.applied
                from check_run r join check_tree t on t.id = r.tree_id where r.id = :r""").param("r", runId)
                .query((rs, i) -> new Object[] {rs.getLong(1), rs.getString(2), rs.getLong(3), rs.getObject(4, Long.class),
                        instant(rs, 5), instant(rs, 6), rs.getString(7), rs.getBoolean(8)})
                .optional().orElseThrow(() -> new NotFoundException("run", runId));
        var ticketId = (long) (Long) row[2];
        if (!tickets.visible(actor, ticketId)) {
            throw new NotFoundException("run", runId);
        }
        var steps = jdbc.sql("select seq, node_text, answer_label, at from check_step where run_id = :r order by seq")
                .param("r", runId).query((rs, i) -> new Step(rs.getInt(1), rs.getString(2), rs.getString(3), instant(rs, 4))).list();
        var currentId = (Long) row[3];
        NodeView current = null;
        if (currentId != null) {
            current = trees.computeIfAbsent((Long) row[0], t -> tree(Actor.system("checks"), t)).node(currentId);
        }
        return new RunView(runId, (Long) row[0], (String) row[1], ticketId, current, steps, (Instant) row[4], (Instant) row[5],
                row[6] == null ? null : Outcome.valueOf((String) row[6]), (Boolean) row[7]);
    }

    // ---- helpers

    private RunView lockedRun(Actor actor, long runId) {
        jdbc.sql("select id from check_run where id = :r for update").param("r", runId).query(Long.class).optional()
                .orElseThrow(() -> new NotFoundException("run", runId));
        return run(actor, runId);
    }

    private RunView finishIfOutcome(Actor actor, RunView run) {
        var node = run.current();
        if (node != null && node.kind() == NodeKind.OUTCOME) {
            return finish(actor, run, node);
        }
        return run;
    }

    /** Ends the run: the outcome reached (or none), counted on the tree, and the path on the ticket's timeline. */
    private RunView finish(Actor actor, RunView run, NodeView outcomeNode) {
        var outcome = outcomeNode == null ? null : outcomeNode.outcome();
        if (outcomeNode != null) {
            step(run.id(), run.steps().size() + 1, outcomeNode, null);
        }
        jdbc.sql("update check_run set finished_at = :at, outcome = :o where id = :r")
                .param("at", Timestamp.from(clock.instant())).param("o", outcome == null ? null : outcome.name())
                .param("r", run.id()).update();
        if (outcome == Outcome.SOLVED) {
            jdbc.sql("update check_tree set solved_count = solved_count + 1 where id = :t").param("t", run.treeId()).update();
        } else if (outcome == Outcome.ESCALATE) {
            jdbc.sql("update check_tree set escalated_count = escalated_count + 1 where id = :t").param("t", run.treeId()).update();
        }
        var done = run(actor, run.id());
        ticketService.recordGuidedCheck(run.ticketId(), run.treeTitle(), path(done), actor);
        return done;
    }

    /** "Question → answer · Question → answer · ⇒ outcome" as the timeline shows it. */
    static String path(RunView run) {
        var out = new StringBuilder();
        for (var step : run.steps()) {
            if (!out.isEmpty()) {
                out.append(" · ");
            }
            if (step.answerLabel() == null) {
                out.append("⇒ ").append(step.nodeText());
            } else {
                out.append(step.nodeText()).append(" → ").append(step.answerLabel());
            }
        }
        if (run.outcome() == null) {
            out.append(out.isEmpty() ? "" : " · ").append("…");
        }
        return out.toString();
    }

    private void step(long runId, int seq, NodeView node, String answerLabel) {
        jdbc.sql("""
                insert into check_step (run_id, seq, node_id, answer_id, node_text, answer_label, at)
                values (:r, :s, :n, null, :text, :label, :at)""")
                .param("r", runId).param("s", seq).param("n", node.id()).param("text", node.text()).param("label", answerLabel)
                .param("at", Timestamp.from(clock.instant())).update();
    }

    private void visit(long nodeId) {
        jdbc.sql("update check_node set visits_count = visits_count + 1 where id = :n").param("n", nodeId).update();
    }

    private void touch(long treeId, Actor actor) {
        jdbc.sql("update check_tree set updated_at = :at, updated_by = :by where id = :t")
                .param("at", Timestamp.from(clock.instant())).param("by", actor.name()).param("t", treeId).update();
    }

    private void requireTicket(Actor actor, long ticketId) {
        if (!tickets.visible(actor, ticketId)) {
            throw new NotFoundException("ticket", ticketId);
        }
    }

    private void requireTree(long treeId) {
        if (jdbc.sql("select count(*) from check_tree where id = :t").param("t", treeId).query(Integer.class).single() == 0) {
            throw new NotFoundException("check", treeId);
        }
    }

    private long treeOfNode(long nodeId) {
        return jdbc.sql("select tree_id from check_node where id = :n").param("n", nodeId).query(Long.class).optional()
                .orElseThrow(() -> new NotFoundException("node", nodeId));
    }

    private long treeOfAnswer(long answerId) {
        return jdbc.sql("select n.tree_id from check_answer a join check_node n on n.id = a.node_id where a.id = :a")
                .param("a", answerId).query(Long.class).optional().orElseThrow(() -> new NotFoundException("answer", answerId));
    }

    private void checkNext(long treeId, Long nextNodeId) {
        if (nextNodeId != null) {
            var tree = jdbc.sql("select tree_id from check_node where id = :n").param("n", nextNodeId).query(Long.class).optional();
            if (tree.isEmpty() || tree.get() != treeId) {
                throw InvalidInputException.field("nextNodeId", "a node of this tree");
            }
        }
    }

    private static String validLabel(String label) {
        var l = label == null ? "" : label.strip();
        if (l.isEmpty() || l.length() > MAX_LABEL) {
            throw InvalidInputException.field("label", "an answer of 1 to " + MAX_LABEL + " characters");
        }
        return l;
    }

    private static TreeForm validTree(TreeForm form) {
        var problems = new ArrayList<InvalidInputException.FieldProblem>();
        var title = form.title() == null ? "" : form.title().strip();
        if (title.isEmpty() || title.length() > 200) {
            problems.add(new InvalidInputException.FieldProblem("title", "a title of 1 to 200 characters"));
        }
        var language = form.language() == null ? "" : form.language().strip();
        if (!KnowledgeBase.LANGUAGES.contains(language)) {
            problems.add(new InvalidInputException.FieldProblem("language", "fr or en"));
        }
        var description = form.description() == null || form.description().isBlank() ? null : form.description().strip();
        if (description != null && description.length() > 1000) {
            problems.add(new InvalidInputException.FieldProblem("description", "at most 1000 characters"));
        }
        if (!problems.isEmpty()) {
            throw new InvalidInputException("The check cannot be saved as it is.", problems);
        }
        return new TreeForm(title, language, description, form.categoryId(), form.active());
    }

    private NodeForm validNode(Actor actor, NodeForm form) {
        var problems = new ArrayList<InvalidInputException.FieldProblem>();
        var kind = form.kind() == null ? NodeKind.QUESTION : form.kind();
        var text = form.text() == null ? "" : form.text().strip();
        if (text.isEmpty() || text.length() > MAX_TEXT) {
            problems.add(new InvalidInputException.FieldProblem("text", "a text of 1 to " + MAX_TEXT + " characters"));
        }
        Long article = null;
        if (kind == NodeKind.ARTICLE) {
            if (form.articleId() == null || kb.article(actor, form.articleId()).isEmpty()) {
                problems.add(new InvalidInputException.FieldProblem("articleId", "an article of the knowledge base"));
            }
            article = form.articleId();
        }
        Outcome outcome = null;
        Long group = null;
        Long category = null;
        if (kind == NodeKind.OUTCOME) {
            outcome = form.outcome() == null ? Outcome.CONTINUE : form.outcome();
            if (outcome == Outcome.ESCALATE) {
                group = form.outcomeGroupId();
                if (group == null || directory.group(group).isEmpty()) {
                    problems.add(new InvalidInputException.FieldProblem("outcomeGroupId", "the group to escalate to"));
                }
            }
            category = form.outcomeCategoryId();
            var c = category;
            if (c != null && settings.categories().stream().noneMatch(x -> x.id() == c)) {
                problems.add(new InvalidInputException.FieldProblem("outcomeCategoryId", "a ticket category"));
            }
        }
        if (!problems.isEmpty()) {
            throw new InvalidInputException("The step cannot be saved as it is.", problems);
        }
        return new NodeForm(kind, text, article, outcome, group, category);
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

    private static Instant instant(ResultSet rs, int column) throws SQLException {
        var t = rs.getObject(column, OffsetDateTime.class);
        return t == null ? null : t.toInstant();
    }
}
