package io.relais.common;

import java.util.Locale;

/**
 * Upper and lower case in time linear in the text's length: the only way Relais changes the case of text.
 *
 * <p>The JDK's {@code String.toLowerCase} and {@code toUpperCase} are quadratic on runs of some letters: each capital
 * sigma sets a word iterator over the whole text to decide between 'σ' and final 'ς' (40,000 'Σ' in a login took 33
 * s on JDK 17), and each letter whose case is longer than itself ('İ' lower-cased, 'ß' upper-cased) copies the whole
 * result so far. A form field, a header or a login is attacker text, so {@code HouseRulesTest} forbids those methods
 * outside this class. The results are the JDK's with {@link Locale#ROOT}; only the choice of final sigma may differ, where
 * the JDK's word iterator draws a word's end differently from the simple rule of {@code inWord}.
 */
public final class Letters {
    /** Where the JDK's own conversion takes its text in pieces of this length: its cost grows with the piece's square. */
    private static final int PIECE = 256;

    private Letters() {
    }

    /** {@code s.toLowerCase(Locale.ROOT)}, linear. */
    public static String lower(String s) {
        if (s.indexOf('\u03A3') < 0 && s.indexOf('\u0130') < 0) {
            // none of the two letters whose lower case the JDK computes the slow way
            return s.toLowerCase(Locale.ROOT);
        }
        int n = s.length();
        // before[i]: a cased letter is before i in the same word; after[i]: one is at i or after it in the same word
        var before = new boolean[n + 1];
        for (int i = 0; i < n; i++) {
            before[i + 1] = inWord(s, i) && (before[i] || cased(s.charAt(i)));
        }
        var after = new boolean[n + 1];
        for (int i = n - 1; i >= 0; i--) {
            after[i] = inWord(s, i) && (after[i + 1] || cased(s.charAt(i)));
        }
        var out = new StringBuilder(n + 8);
        for (int i = 0; i < n; i++) {
            char c = s.charAt(i);
            if (c == '\u03A3') {
                out.append(before[i] && !after[i + 1] ? '\u03C2' : '\u03C3');
            } else if (c == '\u0130') {
                out.append("i\u0307");
            } else if (Character.isHighSurrogate(c) && i + 1 < n && Character.isLowSurrogate(s.charAt(i + 1))) {
                out.appendCodePoint(Character.toLowerCase(Character.toCodePoint(c, s.charAt(++i))));
            } else {
                out.append(Character.toLowerCase(c));
            }
        }
        return out.toString();
    }

    /** {@code s.toUpperCase(Locale.ROOT)}, linear: upper case depends on no context, so pieces of the text give it. */
    public static String upper(String s) {
        if (s.length() <= PIECE) {
            return s.toUpperCase(Locale.ROOT);
        }
        var out = new StringBuilder(s.length() + 16);
        for (int start = 0; start < s.length(); ) {
            int end = Math.min(s.length(), start + PIECE);
            if (end < s.length() && Character.isHighSurrogate(s.charAt(end - 1))) {
                end--;
            }
            out.append(s.substring(start, end).toUpperCase(Locale.ROOT));
            start = end;
        }
        return out.toString();
    }

    /**
     * Whether the character at i belongs to a word as the JDK's word iterator sees it: letters, digits and marks, and
     * between two of them a dash, an apostrophe, a quote or a full stop ("ΑΣ-Β" and "x@ΑΣ.gr" are one word each).
     */
    private static boolean inWord(String s, int i) {
        char c = s.charAt(i);
        if (letterOrMark(c)) {
            return true;
        }
        boolean joiner = Character.getType(c) == Character.DASH_PUNCTUATION || c == '\u00AD' || c == '\u2027' || c == '\''
                || c == '"' || c == '.';
        return joiner && i > 0 && i + 1 < s.length() && letterOrMark(s.charAt(i - 1)) && letterOrMark(s.charAt(i + 1));
    }

    private static boolean letterOrMark(char c) {
        int type = Character.getType(c);
        return Character.isLetterOrDigit(c) || type == Character.NON_SPACING_MARK || type == Character.COMBINING_SPACING_MARK
                || type == Character.ENCLOSING_MARK;
    }

    private static boolean cased(char c) {
        return Character.isUpperCase(c) || Character.isLowerCase(c) || Character.isTitleCase(c);
    }
}
