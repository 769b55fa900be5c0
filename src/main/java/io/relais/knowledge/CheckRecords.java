package io.relais.knowledge;

import java.time.Instant;
import java.util.List;

/** Guided first checks: decision trees, their nodes and answers, and the runs of a ticket. */
public final class CheckRecords {
    private CheckRecords() {}

    /**
     * A question to ask, an action to suggest ("check the cable is in port 1"), an article to read (each with
     * answers leading on), or an outcome, where a run ends.
     */
    public enum NodeKind { QUESTION, ACTION, ARTICLE, OUTCOME }

    /** Solved at first contact (resolve the ticket), continue the diagnosis, or escalate to a group. */
    public enum Outcome { SOLVED, CONTINUE, ESCALATE }

    public record TreeForm(String title, String language, String description, Long categoryId, boolean active) {}

    public record NodeForm(NodeKind kind, String text, Long articleId, Outcome outcome, Long outcomeGroupId,
                           Long outcomeCategoryId) {}

    public record TreeSummary(long id, String title, String language, String description, Long categoryId, boolean active,
                              int nodes, int runs, int solved, int escalated, Instant updatedAt, String updatedBy) {
        /** Share of runs that ended solved, in percent (null before the first run). */
        public Integer solvedPercent() {
            return runs == 0 ? null : Math.round(100f * solved / runs);
        }
    }

    public record AnswerView(long id, String label, Long nextNodeId, int chosen) {}

    public record NodeView(long id, NodeKind kind, String text, Long articleId, String articleTitle, Outcome outcome,
                           Long outcomeGroupId, Long outcomeCategoryId, int visits, List<AnswerView> answers) {
        public boolean terminal() {
            return kind == NodeKind.OUTCOME || answers.isEmpty();
        }

        /** Share of visits that chose this answer, in percent (null before the first visit). */
        public Integer percent(AnswerView answer) {
            return visits == 0 ? null : Math.round(100f * answer.chosen() / visits);
        }
    }

    public record TreeView(TreeSummary tree, Long rootNodeId, List<NodeView> nodes) {
        public NodeView node(Long id) {
            return id == null ? null : nodes.stream().filter(n -> n.id() == id).findFirst().orElse(null);
        }
    }

    public record Step(int seq, String nodeText, String answerLabel, Instant at) {}

    /** A run of a tree on a ticket: its steps so far and where it stands. */
    public record RunView(long id, long treeId, String treeTitle, long ticketId, NodeView current, List<Step> steps,
                          Instant startedAt, Instant finishedAt, Outcome outcome, boolean applied) {
        public boolean finished() {
            return finishedAt != null;
        }
    }
}
