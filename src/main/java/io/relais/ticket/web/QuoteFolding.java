package io.relais.ticket.web;

import java.util.ArrayList;
import java.util.List;
import java.util.function.BiPredicate;
import org.springframework.stereotype.Component;

/**
 * Finds where the quoted history of a mail starts ("On … wrote:", "Le … a écrit :", Outlook's
 * "From: / Sent:" block, "-----Original Message-----", or trailing "&gt;" lines), so the page can fold it.
 * Templates use it as {@code @quotes}.
 *
 * <p>One pass over the lines, by hand: the regular expression for the trailing "&gt;" lines recursed once per
 * line, and a reply of 1,500 quoted lines overflowed the stack of every page that showed it.
 */
@Component("quotes")
public class QuoteFolding {
    /** "On … wrote:" and "Le … a écrit :" hold 4 to 300 characters between their two ends. */
    private static final int MIN_MIDDLE = 4;
    private static final int MAX_MIDDLE = 300;
    private static final String[] SEPARATORS = {"Original Message", "Message d'origine", "Forwarded message", "Message transféré"};
    /** Outlook's "Sent:" or "Date:" comes within this many lines after its "From:". */
    private static final int HEADER_BLOCK = 4;

    private record Line(int start, String text) {}

    /** Each marker counts at its first line; one found on the first line of the body is not a quote. */
    private static final List<BiPredicate<List<Line>, Integer>> MARKERS = List.of(
            (lines, i) -> framed(lines.get(i).text().stripTrailing(), "On ", "wrote:"),
            (lines, i) -> isFrenchWrote(lines.get(i).text().stripTrailing()),
            (lines, i) -> isSeparator(lines.get(i).text()),
            QuoteFolding::isHeaderBlock);

    /** The offset where the quoted history starts, or -1. A quote at the very top is not folded. */
    public int start(String body) {
        if (body == null || body.isEmpty()) {
            return -1;
        }
        var lines = lines(body);
        int best = trailingQuote(lines);
        for (var marker : MARKERS) {
            int i = 0;
            while (i < lines.size() && !marker.test(lines, i)) {
                i++;
            }
            int at = i < lines.size() ? lines.get(i).start() : -1;
            if (at > 0 && (best <= 0 || at < best)) {
                best = at;
            }
        }
        return best > 0 ? best : -1;
    }

    public String main(String body) {
        var at = start(body);
        return at < 0 ? body : body.substring(0, at).stripTrailing();
    }

    public String quoted(String body) {
        var at = start(body);
        return at < 0 ? null : body.substring(at);
    }

    private static List<Line> lines(String body) {
        var lines = new ArrayList<Line>();
        int start = 0;
        for (int i = 0; i < body.length(); i++) {
            char c = body.charAt(i);
            if (c == '\n' || c == '\r') {
                lines.add(new Line(start, body.substring(start, i)));
                if (c == '\r' && i + 1 < body.length() && body.charAt(i + 1) == '\n') {
                    i++;
                }
                start = i + 1;
            }
        }
        lines.add(new Line(start, body.substring(start)));
        return lines;
    }

    /** "Le … a écrit :" with no space, a space or a no-break space before the colon. */
    private static boolean isFrenchWrote(String text) {
        if (!text.endsWith(":")) {
            return false;
        }
        var before = text.substring(0, text.length() - 1);
        if (!before.isEmpty() && (Character.isWhitespace(before.charAt(before.length() - 1))
                || Character.isSpaceChar(before.charAt(before.length() - 1)))) {
            before = before.substring(0, before.length() - 1);
        }
        return framed(before, "Le ", "a écrit");
    }

    private static boolean framed(String text, String head, String tail) {
        int middle = text.length() - head.length() - tail.length();
        return middle >= MIN_MIDDLE && middle <= MAX_MIDDLE && text.startsWith(head) && text.endsWith(tail);
    }

    /** "-----Original Message-----" and its kin: two dashes or more on each side. */
    private static boolean isSeparator(String line) {
        int i = 0;
        while (i < line.length() && line.charAt(i) == '-') {
            i++;
        }
        if (i < 2) {
            return false;
        }
        var rest = line.substring(i).strip();
        for (var words : SEPARATORS) {
            if (rest.startsWith(words) && rest.substring(words.length()).strip().startsWith("--")) {
                return true;
            }
        }
        return false;
    }

    /** Outlook's block: "From: …" (or "De : …"), then "Sent: …", "Envoyé : …" or "Date: …" within four lines. */
    private static boolean isHeaderBlock(List<Line> lines, int at) {
        if (!isField(lines.get(at).text(), "From") && !isField(lines.get(at).text(), "De")) {
            return false;
        }
        for (int i = at + 1; i < lines.size() && i <= at + HEADER_BLOCK; i++) {
            var text = lines.get(i).text();
            if (isField(text, "Sent") || isField(text, "Envoyé") || isField(text, "Date")) {
                return true;
            }
        }
        return false;
    }

    /** "Name: value" or "Name : value" with a value. */
    private static boolean isField(String line, String name) {
        if (!line.startsWith(name)) {
            return false;
        }
        int i = name.length();
        if (i < line.length() && Character.isWhitespace(line.charAt(i))) {
            i++;
        }
        return line.startsWith(": ", i) && i + 2 < line.length();
    }

    /** Where the run of "&gt;" lines that ends the body (white space after it aside) starts, or -1. */
    private static int trailingQuote(List<Line> lines) {
        int last = lines.size() - 1;
        while (last >= 0 && lines.get(last).text().isBlank()) {
            last--;
        }
        int first = last;
        while (first >= 0 && lines.get(first).text().startsWith(">")) {
            first--;
        }
        return first == last ? -1 : lines.get(first + 1).start();
    }
}
