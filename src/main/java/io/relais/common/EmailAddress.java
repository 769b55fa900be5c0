package io.relais.common;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * An e-mail address as the desk stores and compares it: lower case, {@code local@domain}. One hand-written
 * parser, linear in its input and bounded: the length is checked before anything else is read, so that no
 * text an outsider sends (a form, a header, a delivery report) costs more than one pass over 320 characters.
 *
 * <p>The local part (1 to 64 characters) holds letters, digits, dots and {@code !#$%&'*+/=?^_`{|}~-};
 * the domain (1 to 255) is at least two labels of letters, digits, {@code -} and {@code _} (1 to 63 each).
 * Letters and digits beyond ASCII are taken (internationalised addresses); quoted local parts, comments and
 * address literals ({@code [192.0.2.1]}) are not.
 */
public record EmailAddress(String value) {
    public static final int MAX_LENGTH = 320;
    static final int MAX_LOCAL = 64;
    static final int MAX_DOMAIN = 255;
    static final int MAX_LABEL = 63;
    private static final String LOCAL_SYMBOLS = ".!#$%&'*+/=?^_`{|}~-";

    public EmailAddress {
        if (value == null || value.length() > MAX_LENGTH || !wellFormed(value) || !value.equals(Letters.lower(value))) {
            throw new IllegalArgumentException("not an e-mail address in its stored form");
        }
    }

    /** The address written in {@code text} (surrounding white space ignored), if it is one. */
    public static Optional<EmailAddress> parse(String text) {
        var normalized = normalized(text);
        return normalized == null ? Optional.empty() : Optional.of(new EmailAddress(normalized));
    }

    /** Whether {@code text} is an address (see {@link #parse}). */
    public static boolean isValid(String text) {
        return normalized(text) != null;
    }

    public String localPart() {
        return value.substring(0, value.lastIndexOf('@'));
    }

    public String domain() {
        return value.substring(value.lastIndexOf('@') + 1);
    }

    @Override
    public String toString() {
        return value;
    }

    /**
     * The addresses found in free text (a header that is not RFC 5322, a delivery report), in order, without
     * duplicates, at most {@code max}: each {@code @} with the address characters around it. One pass.
     */
    public static List<EmailAddress> findIn(CharSequence text, int max) {
        var out = new ArrayList<EmailAddress>();
        int n = text == null ? 0 : text.length();
        int localStart = 0;
        for (int i = 0; i < n && out.size() < max; i++) {
            char c = text.charAt(i);
            if (c != '@') {
                if (!isLocalChar(c)) {
                    localStart = i + 1;
                }
                continue;
            }
            int domainEnd = i + 1;
            while (domainEnd < n && isDomainChar(text.charAt(domainEnd))) {
                domainEnd++;
            }
            int end = domainEnd;
            while (end > i + 1 && text.charAt(end - 1) == '.') {
                end--; // the end of a sentence, not of the domain
            }
            if (end - localStart <= MAX_LENGTH) {
                var found = parse(text.subSequence(localStart, end).toString());
                if (found.isPresent() && !out.contains(found.get())) {
                    out.add(found.get());
                }
            }
            // the next address starts after this one's domain: "a@b.example@c.example" holds one address
            localStart = domainEnd;
            i = domainEnd - 1;
        }
        return out;
    }

    /** The address in its stored form, or null: the length first, then one scan. */
    private static String normalized(String text) {
        if (text == null || text.length() > MAX_LENGTH) {
            return null;
        }
        var lower = Letters.lower(text.strip());
        return lower.length() <= MAX_LENGTH && wellFormed(lower) ? lower : null;
    }

    private static boolean wellFormed(String s) {
        int at = -1;
        int labelStart = -1;
        int labels = 0;
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            if (at < 0) {
                if (c == '@') {
                    at = i;
                    labelStart = i + 1;
                } else if (!isLocalChar(c)) {
                    return false;
                }
            } else if (c == '.') {
                if (i == labelStart || i - labelStart > MAX_LABEL) {
                    return false;
                }
                labels++;
                labelStart = i + 1;
            } else if (!isDomainChar(c)) {
                return false;
            }
        }
        int end = s.length();
        return at > 0 && at <= MAX_LOCAL && end - at - 1 <= MAX_DOMAIN && labels > 0 && labelStart < end
                && end - labelStart <= MAX_LABEL;
    }

    private static boolean isLocalChar(char c) {
        return isLetterOrDigit(c) || LOCAL_SYMBOLS.indexOf(c) >= 0;
    }

    private static boolean isDomainChar(char c) {
        return isLetterOrDigit(c) || c == '-' || c == '_' || c == '.';
    }

    /** ASCII letters and digits; beyond ASCII, letters, digits and the marks that combine with them. */
    private static boolean isLetterOrDigit(char c) {
        if (c < 128) {
            return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9');
        }
        var type = Character.getType(c);
        return Character.isLetterOrDigit(c) || type == Character.NON_SPACING_MARK || type == Character.COMBINING_SPACING_MARK;
    }
}
