package io.relais.knowledge.web;

import io.relais.knowledge.CheckRecords.NodeForm;
import io.relais.knowledge.CheckRecords.NodeKind;
import io.relais.knowledge.CheckRecords.Outcome;
import io.relais.knowledge.CheckRecords.TreeForm;
import io.relais.knowledge.CheckRecords.TreeSummary;

/**
 * The guided-check editor's forms as the pages post them, shown again as typed when they are refused. The editor's
 * page holds many forms (the tree, each step, each answer, the new ones): {@code posted} names the one a refusal
 * belongs to, so that its problems show beside its fields and nowhere else.
 */
final class CheckForms {
    private CheckForms() {}

    /** {@code active}: ticked or not posted at all (the list's short form): offered to agents. */
    record TreeFields(String title, String language, String description, Long categoryId, Boolean active) {
        static TreeFields empty(String language) {
            return new TreeFields("", language, "", null, true);
        }

        static TreeFields of(TreeSummary t) {
            return new TreeFields(t.title(), t.language(), t.description(), t.categoryId(), t.active());
        }

        TreeForm form() {
            return new TreeForm(title, language, description, categoryId, active == null || active);
        }
    }

    /** {@code fromAnswerId}: the answer that leads to the new step (building the tree step by step). */
    record NodeFields(NodeKind kind, String text, Long articleId, Outcome outcome, Long outcomeGroupId, Long outcomeCategoryId,
                      Long fromAnswerId) {
        NodeForm form() {
            return new NodeForm(kind, text, articleId, outcome, outcomeGroupId, outcomeCategoryId);
        }
    }

    /** {@code nodeId}: the step the answer belongs to (where the page returns). */
    record AnswerFields(String label, Long nextNodeId, Long nodeId) {}

    /** Which form of the editor's page was posted. */
    static String tree() {
        return "tree";
    }

    static String node(long nodeId) {
        return "node-" + nodeId;
    }

    static String newNode(Long fromAnswerId) {
        return fromAnswerId == null ? "new-node" : "new-node-" + fromAnswerId;
    }

    static String answer(long answerId) {
        return "answer-" + answerId;
    }

    static String newAnswer(long nodeId) {
        return "new-answer-" + nodeId;
    }
}
