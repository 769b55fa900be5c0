package io.relais;

import java.util.Random;
import java.util.SplittableRandom;
import java.util.concurrent.ThreadLocalRandom;
import java.util.function.Consumer;
import java.util.function.Function;

/**
 * Runs a property over generated inputs: {@code tries} cases, each drawn from its own {@link Random}
 * derived from one seed and the case's index, so that a failure can be replayed exactly. The seed is
 * {@code -Drelais.seed=...} when given (on the Maven command line it reaches the test JVM), else a fresh
 * one. The first failing case stops the run with an {@link AssertionError} naming the property, the
 * case, the seed, the command that replays it and the generated value; the original failure is its
 * cause. No shrinking: generators should keep their values readable.
 */
public final class Generated {
    static final String SEED_PROPERTY = "relais.seed";
    /** A generated value longer than this is cut in the message (the seed replays it whole). */
    static final int MAX_SHOWN = 20_000;

    private Generated() {
    }

    /**
     * Checks {@code property} on {@code tries} values of {@code generator}. The property must not change
     * the value it is given (the value is printed after a failure).
     */
    public static <T> void forAll(String name, int tries, Function<Random, T> generator, Consumer<T> property) {
        var test = StackWalker.getInstance().walk(frames -> frames.skip(1).findFirst().orElseThrow());
        run(seed(System.getProperty(SEED_PROPERTY)), test, name, tries, generator, property);
    }

    static long seed(String given) {
        if (given == null || given.isBlank()) {
            return ThreadLocalRandom.current().nextLong();
        }
        try {
            return Long.parseLong(given.trim());
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("-D" + SEED_PROPERTY + " must be a whole number, not " + given, e);
        }
    }

    static <T> void run(long seed, StackWalker.StackFrame test, String name, int tries, Function<Random, T> generator,
                        Consumer<T> property) {
        for (int i = 0; i < tries; i++) {
            T value = null;
            boolean generated = false;
            try {
                value = generator.apply(random(seed, i));
                generated = true;
                property.accept(value);
            } catch (Throwable failure) {
                var simpleClass = test.getClassName().substring(test.getClassName().lastIndexOf('.') + 1);
                throw new AssertionError("property '" + name + "' failed on case " + i + " of " + tries
                        + " (seed " + seed + ")"
                        + "\n  replay: ./mvnw test -D" + SEED_PROPERTY + "=" + seed + " -Dtest='" + simpleClass + "#"
                        + test.getMethodName() + "'"
                        + "\n  " + (generated ? "value: " + shown(value) : "the generator itself failed")
                        + "\n  failure: " + cut(String.valueOf(failure), 2_000), failure);
            }
        }
    }

    /** The case's own generator: the seed and the index mixed, so neighbouring cases are not alike. */
    static Random random(long seed, int index) {
        return new Random(new SplittableRandom(seed + index).nextLong());
    }

    private static String shown(Object value) {
        return cut(String.valueOf(value), MAX_SHOWN);
    }

    private static String cut(String text, int max) {
        return text.length() <= max ? text : text.substring(0, max) + "… (" + text.length() + " characters in all)";
    }
}
