package io.relais;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.function.Function;
import org.junit.jupiter.api.Test;

/** The runner of generated-input tests: a failure names its case and seed, and the seed replays it. */
class GeneratedTest {
    static final Function<Random, List<Integer>> LISTS = r -> {
        var list = new ArrayList<Integer>();
        for (int n = r.nextInt(6); n > 0; n--) {
            list.add(r.nextInt(100));
        }
        return list;
    };

    private static StackWalker.StackFrame here() {
        return StackWalker.getInstance().walk(frames -> frames.findFirst().orElseThrow());
    }

    @Test
    void aFailingCaseIsReportedWithItsSeedItsReplayCommandAndItsValue() {
        var failure = new IllegalStateException("no sevens");
        assertThatThrownBy(() -> Generated.run(42, here(), "lists hold no seven", 500, LISTS, list -> {
            if (list.contains(7)) {
                throw failure;
            }
        }))
                .isInstanceOf(AssertionError.class)
                .hasMessageContaining("property 'lists hold no seven' failed on case ")
                .hasMessageContaining("of 500 (seed 42)")
                .hasMessageContaining("-Drelais.seed=42 -Dtest='GeneratedTest#")
                .hasMessageMatching("(?s).*value: \\[[0-9, ]*7[0-9, ]*\\].*")
                .hasMessageContaining("failure: java.lang.IllegalStateException: no sevens")
                .cause().isSameAs(failure);
    }

    @Test
    void theSameSeedGivesTheSameCasesAndAnotherSeedOthers() {
        var first = new ArrayList<List<Integer>>();
        var again = new ArrayList<List<Integer>>();
        var other = new ArrayList<List<Integer>>();
        Generated.run(-7, here(), "collect", 50, LISTS, first::add);
        Generated.run(-7, here(), "collect", 50, LISTS, again::add);
        Generated.run(8, here(), "collect", 50, LISTS, other::add);
        assertThat(again).isEqualTo(first);
        assertThat(other).isNotEqualTo(first);
        assertThat(first).hasSize(50).contains(List.of());
    }

    @Test
    void theSeedComesFromTheCommandLineWhenGiven() {
        assertThat(Generated.seed("123")).isEqualTo(123);
        assertThat(Generated.seed(" -5 ")).isEqualTo(-5);
        assertThat(Generated.seed(null)).isNotEqualTo(Generated.seed(""));
        assertThatThrownBy(() -> Generated.seed("abc")).hasMessageContaining("-Drelais.seed must be a whole number");
    }
}
