package io.relais.common;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;

import io.relais.Generated;
import java.time.Duration;
import java.util.Locale;
import java.util.Random;
import org.junit.jupiter.api.Test;

class LettersTest {
    /** Each took minutes with the JDK's conversion (40,000 'Σ' took 33 s, and the cost grows with the square). */
    private static final Duration GUARD = Duration.ofSeconds(20);
    private static final String[] PIECES = {"a", "Z", "é", "É", "Σ", "σ", "ς", "İ", "ı", "ß", "ŉ", "ǰ", "ΐ", "ﬁ", "Ω", "ǅ", " ",
        "-", "'", "\u0301", "1", "@", ".", "\uD801\uDC00", "\uD801\uDC28", "\uD835\uDC00", "\uD801", "\uDC00", "ΌΣΟΣ", "ΟΔΥΣΣΕΥΣ"};

    @Test
    void givesTheJdksCaseOnTextWhereFinalSigmaIsPlain() {
        Generated.forAll("case", 3000, LettersTest::text, s -> {
            assertThat(Letters.upper(s)).isEqualTo(s.toUpperCase(Locale.ROOT));
            if (!s.contains("Σ")) {
                assertThat(Letters.lower(s)).isEqualTo(s.toLowerCase(Locale.ROOT));
            }
        });
        // words of letters: final sigma where the JDK puts it
        for (var word : new String[] {"ΟΔΥΣΣΕΥΣ", "ΌΣΟΣ ΚΑΙ ΣΟΦΟΣ", "Σ", "ΑΣ1", "ΑΣ-Β", "Σ\u0301Α", "ΑΣ\u0301", "ΑΣ'Β", "ΑΣ. Β", "İSTANBUL ΣΟΦΟΣ.", "x@ΑΣ.gr"}) {
            assertThat(Letters.lower(word)).as(word).isEqualTo(word.toLowerCase(Locale.ROOT));
        }
    }

    @Test
    void runsOfTheSlowLettersTakeLinearTime() {
        for (var letter : new String[] {"Σ", "İ", "ß", "aΣ", "Σ\u0301", "ŉ"}) {
            var run = letter.repeat(1_000_000 / letter.length());
            assertTimeoutPreemptively(GUARD, () -> {
                assertThat(Letters.lower(run)).hasSizeGreaterThanOrEqualTo(run.length());
                assertThat(Letters.upper(run)).hasSizeGreaterThanOrEqualTo(run.length());
            }, letter);
        }
    }

    private static String text(Random r) {
        var out = new StringBuilder();
        int n = r.nextInt(r.nextBoolean() ? 12 : 700);
        for (int i = 0; i < n; i++) {
            out.append(PIECES[r.nextInt(PIECES.length)]);
        }
        return out.toString();
    }
}
