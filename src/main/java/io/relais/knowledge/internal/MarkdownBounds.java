package io.relais.knowledge.internal;

import io.relais.common.EmailAddress;
import java.util.Set;
import org.commonmark.node.Link;
import org.commonmark.node.Node;
import org.commonmark.node.Text;
import org.commonmark.parser.beta.InlineContentParser;
import org.commonmark.parser.beta.InlineContentParserFactory;
import org.commonmark.parser.beta.InlineParserState;
import org.commonmark.parser.beta.ParsedInline;
import org.commonmark.parser.beta.Scanner;

/**
 * What keeps CommonMark's parser and renderer linear and shallow on any article. The parser recurses once per
 * level of inline nesting and its renderer once per level of any nesting (4,000 nested emphases overflowed the
 * stack; nested images cost time quadratic in their depth), and some of its scans go to the end of the line or
 * of the text for every candidate ({@code <} looked for its {@code >} to the end of the article: 100,000 of
 * them ran for minutes). So: the text is measured first, in one pass, and a text beyond these bounds is shown
 * as it was written (preformatted, never interpreted); the tree is measured after parsing, before rendering;
 * and {@code <} is read here, within a bounded distance (an autolink, or the character itself: HTML typed in
 * an article is shown as text anyway).
 */
final class MarkdownBounds {
    /** Block quotes and list items opened on one line. */
    static final int MAX_MARKERS_PER_LINE = 32;
    /** Characters that can open an inline (emphasis, link, image) in one paragraph. */
    static final int MAX_OPENERS_PER_BLOCK = 2_000;
    /** A run without white space (a link destination is looked for to its end, from each candidate). */
    static final int MAX_WORD = 8_000;
    /** Nesting of the parsed tree, blocks and inlines together. */
    static final int MAX_DEPTH = 64;
    private static final int MAX_AUTOLINK = 2_000;

    private MarkdownBounds() {}

    /** Whether the text stays within the bounds, measured in one pass. */
    static boolean fits(String markdown) {
        int openers = 0;
        int word = 0;
        int markers = 0;
        int indent = 0;
        boolean prefix = true;
        boolean blankLine = true;
        boolean bulletFirst = false;
        for (int i = 0; i < markdown.length(); i++) {
            char c = markdown.charAt(i);
            if (c == '\n' || c == '\r') {
                if (blankLine) {
                    openers = 0; // a blank line ends the paragraph
                }
                markers = 0;
                indent = 0;
                word = 0;
                prefix = true;
                blankLine = true;
                bulletFirst = false;
                continue;
            }
            if (prefix) {
                if (c == ' ' || c == '\t') {
                    indent += markers == 0 ? (c == '\t' ? 4 : 1) : 0;
                } else if (c == '>' || (isBullet(c) && followedByBlank(markdown, i)) || endsOrderedMarker(markdown, i)) {
                    if (++markers > MAX_MARKERS_PER_LINE) {
                        return false;
                    }
                    bulletFirst |= markers == 1 && isBullet(c) && indent < 4;
                } else if (!isAsciiDigit(c)) {
                    prefix = false;
                    if (bulletFirst) {
                        openers = 0; // a bullet item with text interrupts the paragraph: its own paragraph starts
                    }
                }
            }
            if (Character.isWhitespace(c)) {
                word = 0;
            } else {
                blankLine = false;
                if (++word > MAX_WORD) {
                    return false;
                }
            }
            if ((c == '*' || c == '_' || c == '[') && ++openers > MAX_OPENERS_PER_BLOCK) {
                return false;
            }
        }
        return true;
    }

    /** Whether the parsed tree is at most {@link #MAX_DEPTH} deep, walked without recursion. */
    static boolean shallow(Node document) {
        int depth = 0;
        Node node = document;
        while (node != null) {
            if (node.getFirstChild() != null) {
                node = node.getFirstChild();
                if (++depth > MAX_DEPTH) {
                    return false;
                }
                continue;
            }
            while (node != null && node.getNext() == null) {
                node = node.getParent();
                depth--;
            }
            node = node == null ? null : node.getNext();
        }
        return true;
    }

    private static boolean isBullet(char c) {
        return c == '-' || c == '+' || c == '*';
    }

    private static boolean isAsciiDigit(char c) {
        return c >= '0' && c <= '9';
    }

    /** The '.' or ')' of an ordered list marker ("12. "). */
    private static boolean endsOrderedMarker(String text, int i) {
        char c = text.charAt(i);
        return (c == '.' || c == ')') && i > 0 && isAsciiDigit(text.charAt(i - 1)) && followedByBlank(text, i);
    }

    private static boolean followedByBlank(String text, int i) {
        return i + 1 >= text.length() || text.charAt(i + 1) == ' ' || text.charAt(i + 1) == '\t'
                || text.charAt(i + 1) == '\n' || text.charAt(i + 1) == '\r';
    }

    /** Reads {@code <}: an autolink ({@code <https://…>}, {@code <ann@client.example>}) or the character itself. */
    static final class AngleBrackets implements InlineContentParserFactory {
        @Override
        public Set<Character> getTriggerCharacters() {
            return Set.of('<');
        }

        @Override
        public InlineContentParser create() {
            return AngleBrackets::read;
        }

        private static ParsedInline read(InlineParserState state) {
            var scanner = state.scanner();
            scanner.next();
            var inside = scanner.position();
            for (int n = 0; n <= MAX_AUTOLINK; n++) {
                char c = scanner.peek();
                if (c == '>') {
                    var content = scanner.getSource(inside, scanner.position()).getContent();
                    scanner.next();
                    var link = autolink(content);
                    if (link != null) {
                        return ParsedInline.of(link, scanner.position());
                    }
                    break;
                }
                if (c == Scanner.END || c == '<' || c <= ' ') {
                    break;
                }
                scanner.next();
            }
            return ParsedInline.of(new Text("<"), inside);
        }

        private static Node autolink(String content) {
            String destination = null;
            if (isUri(content)) {
                destination = content;
            } else if (EmailAddress.isValid(content)) {
                destination = "mailto:" + content;
            }
            if (destination == null) {
                return null;
            }
            var link = new Link(destination, null);
            link.appendChild(new Text(content));
            return link;
        }

        /** A scheme of 2 to 32 characters, a colon, then anything but spaces and angle brackets (checked by the caller). */
        private static boolean isUri(String content) {
            int colon = content.indexOf(':');
            if (colon < 2 || colon > 32 || !isAsciiLetter(content.charAt(0))) {
                return false;
            }
            for (int i = 1; i < colon; i++) {
                char c = content.charAt(i);
                if (!(isAsciiLetter(c) || (c >= '0' && c <= '9') || c == '+' || c == '.' || c == '-')) {
                    return false;
                }
            }
            return true;
        }

        private static boolean isAsciiLetter(char c) {
            return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z');
        }
    }
}
