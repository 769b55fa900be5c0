package io.relais.mail.internal;

import java.io.ByteArrayOutputStream;
import java.nio.charset.Charset;
import java.util.Base64;

/**
 * RFC 2047 encoded words ({@code =?UTF-8?Q?Probl=C3=A8me?=}) in a header value, decoded in one pass. mime4j's
 * decoder looks for the end of each candidate word from its start, which is quadratic on a value made of
 * {@code =?} (a 256 KB header cost 25 s); here the end of every word is known from one backward pass.
 * A word that cannot be read (unknown charset, broken encoding) is left as written.
 */
final class EncodedWords {
    private static final int MAX_CHARSET = 75;

    private EncodedWords() {}

    static String decode(String text) {
        if (text == null || !text.contains("=?")) {
            return text;
        }
        int n = text.length();
        // ends[i]: where the first "?=" at or after i is, or -1; blanks[i]: the first white space at or after i, or n
        int[] ends = new int[n + 1];
        int[] blanks = new int[n + 1];
        ends[n] = -1;
        blanks[n] = n;
        for (int i = n - 1; i >= 0; i--) {
            ends[i] = i + 1 < n && text.charAt(i) == '?' && text.charAt(i + 1) == '=' ? i : ends[i + 1];
            blanks[i] = Character.isWhitespace(text.charAt(i)) ? i : blanks[i + 1];
        }
        var out = new StringBuilder(n);
        int written = 0;
        int lastWordEnd = -1;
        int i = 0;
        while (i + 1 < n) {
            if (text.charAt(i) != '=' || text.charAt(i + 1) != '?') {
                i++;
                continue;
            }
            int end = wordEnd(text, i, ends, blanks);
            String word = end < 0 ? null : word(text, i, end);
            if (word == null) {
                i++;
                continue;
            }
            // white space between two encoded words is not part of the text (RFC 2047, 6.2)
            if (!(written == lastWordEnd && text.substring(written, i).isBlank())) {
                out.append(text, written, i);
            }
            out.append(word);
            written = lastWordEnd = end;
            i = end;
        }
        return out.append(text, written, n).toString();
    }

    /** The end (after "?=") of the encoded word starting at {@code start}, or -1 when it is not one. */
    private static int wordEnd(String text, int start, int[] ends, int[] blanks) {
        int q = start + 2;
        int limit = Math.min(text.length(), start + 2 + MAX_CHARSET);
        while (q < limit && text.charAt(q) != '?' && !Character.isWhitespace(text.charAt(q))) {
            q++;
        }
        if (q == start + 2 || q + 2 >= text.length() || text.charAt(q) != '?' || text.charAt(q + 2) != '?'
                || "QqBb".indexOf(text.charAt(q + 1)) < 0) {
            return -1;
        }
        int close = ends[q + 3];
        return close < 0 || blanks[q + 3] < close ? -1 : close + 2;
    }

    /** The text of the word text[start, end), or null when it cannot be read. */
    private static String word(String text, int start, int end) {
        int q1 = text.indexOf('?', start + 2);
        var charsetName = text.substring(start + 2, q1);
        int star = charsetName.indexOf('*'); // RFC 2231 language: UTF-8*fr
        if (star >= 0) {
            charsetName = charsetName.substring(0, star);
        }
        Charset charset;
        try {
            charset = Charset.forName(charsetName);
        } catch (RuntimeException e) {
            return null;
        }
        var encoded = text.substring(q1 + 3, end - 2);
        byte[] bytes;
        if (Character.toUpperCase(text.charAt(q1 + 1)) == 'B') {
            try {
                bytes = Base64.getMimeDecoder().decode(encoded);
            } catch (IllegalArgumentException e) {
                return null;
            }
        } else {
            bytes = quoted(encoded);
        }
        return new String(bytes, charset);
    }

    private static byte[] quoted(String encoded) {
        var out = new ByteArrayOutputStream(encoded.length());
        for (int i = 0; i < encoded.length(); i++) {
            char c = encoded.charAt(i);
            if (c == '_') {
                out.write(' ');
            } else if (c == '=' && i + 2 < encoded.length() && hex(encoded.charAt(i + 1)) >= 0 && hex(encoded.charAt(i + 2)) >= 0) {
                out.write(hex(encoded.charAt(i + 1)) * 16 + hex(encoded.charAt(i + 2)));
                i += 2;
            } else {
                out.write(c);
            }
        }
        return out.toByteArray();
    }

    private static int hex(char c) {
        return Character.digit(c, 16);
    }
}
