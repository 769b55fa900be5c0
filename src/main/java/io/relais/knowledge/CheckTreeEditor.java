package io.relais.knowledge;

import io.relais.common.ConflictException;
import io.relais.common.InvalidInputException;
import io.relais.common.NotFoundException;
import io.relais.directory.AgentsAndGroups;
import io.relais.directory.Directory;
import io.relais.knowledge.CheckRecords.NodeForm;
import io.relais.knowledge.CheckRecords.NodeKind;
import io.relais.knowledge.CheckRecords.Outcome;
import io.relais.knowledge.CheckRecords.TreeForm;
import io.relais.knowledge.CheckRecords.TreeSummary;
import io.relais.knowledge.CheckRecords.TreeView;
import io.relais.knowledge.internal.CheckTreeStore;
import io.relais.security.Actor;
import io.relais.ticket.TicketSettings;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;

/**
 * Guided first checks as administrators build them: decision trees of questions, articles to read and outcomes
 * (resolve, set the category, escalate to a group), linked by answers. Agents read the active ones to run them
 * ({@link CheckRuns}).
 */
@Service
public class CheckTreeEditor {
    public static final int MAX_TEXT = 2000;
    public static final int MAX_LABEL = 300;

    private final CheckTreeStore store;
    private final TicketSettings settings;
    private final Directory directory;
    private final AgentsAndGroups agentsAndGroups;
    private final KbReads kb;
    private final Clock clock;

    CheckTreeEditor(CheckTreeStore store, TicketSettings settings, Directory directory, AgentsAndGroups agentsAndGroups, KbReads kb, Clock clock) {
        this.store = store;
        this.settings = settings;
        this.directory = directory;
        this.agentsAndGroups = agentsAndGroups;
        this.kb = kb;
        this.clock = clock;
    }

    /** Trees an agent may run (active ones), or every tree for an administrator's list. */
    @Transactional(readOnly = true)
    public List<TreeSummary> trees(Actor actor, boolean includeInactive) {
        actor.requireAgent();
        return store.summaries(includeInactive && actor.isAdmin());
    }

    /** A tree with its nodes; a switched-off tree only for administrators. */
    @Transactional(readOnly = true)
    public TreeView tree(Actor actor, long treeId) {
        actor.requireAgent();
        return store.tree(treeId).filter(t -> t.tree().active() || actor.isAdmin())
                .orElseThrow(() -> new NotFoundException("check", treeId));
    }

    @Transactional
    public long createTree(Actor actor, TreeForm form) {
        actor.requireAdmin();
        return store.insertTree(validTree(form), clock.instant(), actor.name());
    }

    @Transactional
    public void updateTree(Actor actor, long treeId, TreeForm form) {
        actor.requireAdmin();
        requireTree(treeId);
        store.updateTree(treeId, validTree(form), clock.instant(), actor.name());
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
        var id = store.insertNode(treeId, f);
        if (fromAnswerId != null) {
            if (store.treeOfAnswer(fromAnswerId) != treeId) {
                throw InvalidInputException.field("fromAnswerId", "an answer of this tree");
            }
            store.linkAnswer(fromAnswerId, id);
        }
        store.touch(treeId, clock.instant(), actor.name());
        return id;
    }

    @Transactional
    public void updateNode(Actor actor, long nodeId, NodeForm form) {
        actor.requireAdmin();
        var treeId = store.treeOfNode(nodeId);
        store.updateNode(nodeId, validNode(actor, form));
        store.touch(treeId, clock.instant(), actor.name());
    }

    /** Removes a node (answers leading to it then lead nowhere); the start node goes last. */
    @Transactional
    public void deleteNode(Actor actor, long nodeId) {
        actor.requireAdmin();
        var treeId = store.treeOfNode(nodeId);
        var root = store.root(treeId);
        if (root.isPresent() && root.get() == nodeId && store.nodeCount(treeId) > 1) {
            throw new ConflictException("This is where the tree starts: make another node the start first.");
        }
        store.deleteNode(nodeId);
        store.touch(treeId, clock.instant(), actor.name());
    }

    @Transactional
    public void setStart(Actor actor, long nodeId) {
        actor.requireAdmin();
        var treeId = store.treeOfNode(nodeId);
        store.setStart(treeId, nodeId);
        store.touch(treeId, clock.instant(), actor.name());
    }

    @Transactional
    public long addAnswer(Actor actor, long nodeId, String label, Long nextNodeId) {
        actor.requireAdmin();
        var treeId = store.treeOfNode(nodeId);
        if (NodeKind.OUTCOME.name().equals(store.kindOf(nodeId))) {
            throw InvalidInputException.field("label", "an outcome ends the check: it has no answers");
        }
        var l = validLabel(label);
        checkNext(treeId, nextNodeId);
        var id = store.insertAnswer(nodeId, l, nextNodeId);
        store.touch(treeId, clock.instant(), actor.name());
        return id;
    }

    @Transactional
    public void updateAnswer(Actor actor, long answerId, String label, Long nextNodeId) {
        actor.requireAdmin();
        var treeId = store.treeOfAnswer(answerId);
        var l = validLabel(label);
        checkNext(treeId, nextNodeId);
        store.updateAnswer(answerId, l, nextNodeId);
        store.touch(treeId, clock.instant(), actor.name());
    }

    @Transactional
    public void deleteAnswer(Actor actor, long answerId) {
        actor.requireAdmin();
        var treeId = store.treeOfAnswer(answerId);
        store.deleteAnswer(answerId);
        store.touch(treeId, clock.instant(), actor.name());
    }

    // ---- checks of what is written

    private void requireTree(long treeId) {
        if (!store.treeExists(treeId)) {
            throw new NotFoundException("check", treeId);
        }
    }

    private void checkNext(long treeId, Long nextNodeId) {
        if (nextNodeId != null) {
            var tree = store.treeOfNodeIfAny(nextNodeId);
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

    private TreeForm validTree(TreeForm form) {
        var problems = new ArrayList<InvalidInputException.FieldProblem>();
        var title = form.title() == null ? "" : form.title().strip();
        if (title.isEmpty() || title.length() > 200) {
            problems.add(new InvalidInputException.FieldProblem("title", "a title of 1 to 200 characters"));
        }
        var language = form.language() == null ? "" : form.language().strip();
        if (!KbRecords.LANGUAGES.contains(language)) {
            problems.add(new InvalidInputException.FieldProblem("language", "fr or en"));
        }
        var description = form.description() == null || form.description().isBlank() ? null : form.description().strip();
        if (description != null && description.length() > 1000) {
            problems.add(new InvalidInputException.FieldProblem("description", "at most 1000 characters"));
        }
        var category = form.categoryId();
        if (category != null && settings.categories().stream().noneMatch(c -> c.id() == category)) {
            problems.add(new InvalidInputException.FieldProblem("categoryId", "a ticket category"));
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
                if (group == null || agentsAndGroups.group(group).isEmpty()) {
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
}
