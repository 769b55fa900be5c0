package io.relais;

import java.util.Random;
import java.util.function.Consumer;
import java.util.function.Function;

/**
 * A small seeded runner for properties over generated values. Case {@code i} is generated from
 * {@code new Random(seed + i)}; the seed is {@code -Drelais.seed=…} when given, else random, and a
 * failure names it so that the failing case can be run again.
 */
public final class Generated {
    private static final int SHOWN = 2_000;

    private Generated() {}

    public static <T> void forAll(String name, int tries, Function<Random, T> generator, Consumer<T> property) {
        var given = System.getProperty("relais.seed");
        long seed = given != null && !given.isBlank() ? Long.parseLong(given.trim()) : new Random().nextLong();
        for (int i = 0; i < tries; i++) {
            T value = null;
            try {
                value = generator.apply(new Random(seed + i));
                property.accept(value);
            } catch (Throwable failure) {
                if (failure instanceof VirtualMachineError && !(failure instanceof StackOverflowError)) {
                    throw (VirtualMachineError) failure;
                }
                var shown = String.valueOf(value);
                if (shown.length() > SHOWN) {
                    shown = shown.substring(0, SHOWN) + "… (" + shown.length() + " characters)";
                }
                throw new AssertionError("Property '" + name + "' failed on case " + i + " of " + tries + " (seed " + seed
                        + "; replay with -Drelais.seed=" + seed + "): " + failure + "\nValue: " + shown, failure);
            }
        }
    }
}
