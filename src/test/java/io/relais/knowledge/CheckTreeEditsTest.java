package io.relais.knowledge;

import static org.assertj.core.api.Assertions.assertThat;

import io.relais.HeldLock;
import io.relais.IntegrationTest;
import io.relais.knowledge.CheckRecords.NodeForm;
import io.relais.knowledge.CheckRecords.NodeKind;
import io.relais.knowledge.CheckRecords.TreeForm;
import io.relais.security.Actor;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import javax.sql.DataSource;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.jdbc.core.simple.JdbcClient;

/** Two people editing one check at once each get the row they wrote. */
class CheckTreeEditsTest extends IntegrationTest {
    private final Actor admin = Actor.system("admin");

    @Autowired CheckTreeEditor checks;
    @Autowired DataSource dataSource;
    @Autowired JdbcClient jdbc;

    /**
     * One administrator adds an answer while another adds one to the same question and saves first, between the
     * first one's insert and the end of its save (held there by a lock on the tree's row, which the save touches).
     * The id returned is the first one's own answer, not the newest answer of the question.
     */
    @Test
    void anAnswerAddedWhileAnotherIsSavedIsTheOneReturned() throws Exception {
        var tree = checks.createTree(admin, new TreeForm("Two editors " + System.nanoTime(), "en", null, null, true));
        var question = checks.addNode(admin, tree, new NodeForm(NodeKind.QUESTION, "Is the screen on?", null, null, null, null), null);
        var pool = Executors.newSingleThreadExecutor();
        try (var lock = HeldLock.take(dataSource, "select id from check_tree where id = ? for update", tree)) {
            var mine = pool.submit(() -> checks.addAnswer(admin, question, "Yes, mine", null));
            lock.awaitWaiting(1, "check_tree");
            // the other editor's answer to the same question, written and committed while the first save waits
            lock.run("insert into check_answer (node_id, label, position) values (?, 'No, the other one''s', 9)", question);
            lock.commit();
            var id = mine.get(60, TimeUnit.SECONDS);
            assertThat(jdbc.sql("select label from check_answer where id = ?").param(id).query(String.class).single())
                    .isEqualTo("Yes, mine");
        } finally {
            pool.shutdownNow();
        }
        assertThat(checks.tree(admin, tree).node(question).answers()).extracting(CheckRecords.AnswerView::label)
                .containsExactlyInAnyOrder("Yes, mine", "No, the other one's");
    }
}
