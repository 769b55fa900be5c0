package io.relais.knowledge;

import io.relais.common.ConflictException;
import io.relais.common.NotFoundException;
import io.relais.knowledge.CheckRecords.NodeKind;
import io.relais.knowledge.CheckRecords.NodeView;
import io.relais.knowledge.CheckRecords.Outcome;
import io.relais.knowledge.CheckRecords.RunView;
import io.relais.knowledge.CheckRecords.Step;
import io.relais.knowledge.CheckRecords.TreeView;
import io.relais.knowledge.internal.CheckTreeStore;
import io.relais.security.Actor;
import io.relais.ticket.Status;
import io.relais.ticket.TicketCommands.TicketUpdate;
import io.relais.ticket.TicketReads;
import io.relais.ticket.TicketService;
import java.sql.Timestamp;
import java.time.Clock;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;

/**
 * Guided first checks as agents run them from a ticket (typically during a call). Each answer moves the run on and
 * is counted; the path taken goes on the ticket's timeline when the run ends, and an outcome can apply its action
 * (resolve, set the category, escalate to a group).
 */
@Service
public class CheckRuns {
    private final JdbcClient jdbc;
    private final CheckTreeStore store;
    private final TicketReads tickets;
    private final TicketService ticketService;
    private final Clock clock;

    CheckRuns(JdbcClient jdbc, CheckTreeStore store, TicketReads tickets, TicketService ticketService, Clock clock) {
        this.jdbc = jdbc;
        this.store = store;
        this.tickets = tickets;
        this.ticketService = ticketService;
        this.clock = clock;
    }

    @Transactional
    public RunView start(Actor actor, long treeId, long ticketId) {
        actor.requireAgent();
        requireTicket(actor, ticketId);
        var tree = store.tree(treeId).filter(t -> t.tree().active() || actor.isAdmin())
                .orElseThrow(() -> new NotFoundException("check", treeId));
        if (!tree.tree().active()) {
            throw new ConflictException("This check is switched off.");
        }
        if (tree.rootNodeId() == null) {
            throw new ConflictException("This check has no question yet.");
        }
        var runId = store.insertRun(treeId, ticketId, actor.agentId(), tree.rootNodeId(), clock.instant());
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
                        CheckTreeStore.instant(rs, 5), CheckTreeStore.instant(rs, 6), rs.getString(7), rs.getBoolean(8)})
                .optional().orElseThrow(() -> new NotFoundException("run", runId));
        var ticketId = (long) (Long) row[2];
        if (!tickets.visible(actor, ticketId)) {
            throw new NotFoundException("run", runId);
        }
        var steps = jdbc.sql("select seq, node_text, answer_label, at from check_step where run_id = :r order by seq")
                .param("r", runId)
                .query((rs, i) -> new Step(rs.getInt(1), rs.getString(2), rs.getString(3), CheckTreeStore.instant(rs, 4))).list();
        var currentId = (Long) row[3];
        NodeView current = null;
        if (currentId != null) {
            current = trees.computeIfAbsent((Long) row[0], t -> store.tree(t).orElseThrow()).node(currentId);
        }
        return new RunView(runId, (Long) row[0], (String) row[1], ticketId, current, steps, (Instant) row[4], (Instant) row[5],
                row[6] == null ? null : Outcome.valueOf((String) row[6]), (Boolean) row[7]);
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

    private void requireTicket(Actor actor, long ticketId) {
        if (!tickets.visible(actor, ticketId)) {
            throw new NotFoundException("ticket", ticketId);
        }
    }
}
