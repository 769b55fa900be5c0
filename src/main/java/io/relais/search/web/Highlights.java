package io.relais.search.web;

import java.util.ArrayList;
import java.util.List;
import org.springframework.stereotype.Component;
import org.springframework.web.util.HtmlUtils;

/**
 * Turns a highlight (escaped text with {@code <mark>} around matched words, as the API gives it) into parts that
 * templates write with {@code th:text}, so that no page writes unescaped text (see HouseRulesTest). An escaped text
 * cannot hold a literal {@code <mark>}: its {@code <} would be {@code &lt;}.
 */
@Component("highlights")
public class Highlights {
    public record Part(String text, boolean marked) {}

    public List<Part> parts(String highlight) {
        var parts = new ArrayList<Part>();
        if (highlight == null) {
            return parts;
        }
        int at = 0;
        while (at < highlight.length()) {
            int open = highlight.indexOf("<mark>", at);
            int close = open < 0 ? -1 : highlight.indexOf("</mark>", open);
            if (open < 0 || close < 0) {
                parts.add(new Part(HtmlUtils.htmlUnescape(highlight.substring(at)), false));
                break;
            }
            if (open > at) {
                parts.add(new Part(HtmlUtils.htmlUnescape(highlight.substring(at, open)), false));
            }
            parts.add(new Part(HtmlUtils.htmlUnescape(highlight.substring(open + 6, close)), true));
            at = close + 7;
        }
        return parts;
    }
}
