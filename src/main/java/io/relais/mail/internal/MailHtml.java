package io.relais.mail.internal;

import java.util.Set;
import java.util.regex.Pattern;
import org.jsoup.Jsoup;
import org.jsoup.nodes.Element;
import org.jsoup.nodes.Node;
import org.jsoup.nodes.TextNode;
import org.jsoup.select.NodeTraversor;
import org.jsoup.select.NodeVisitor;
import org.owasp.html.HtmlPolicyBuilder;
import org.owasp.html.PolicyFactory;

/**
 * HTML of incoming mail: sanitised for display (no script, no event handler, no javascript: link,
 * no remote image: only {@code cid:} images, which the ticket serves itself), and turned into text.
 */
public final class MailHtml {
    private static final Pattern CID = Pattern.compile("^cid:[\\w.@%+\\-$=]{1,300}$", Pattern.CASE_INSENSITIVE);
    private static final Pattern COLOR_OR_SIZE = Pattern.compile("^[#\\w.% \\-,()]{1,40}$");

    private static final PolicyFactory POLICY = new HtmlPolicyBuilder()
            .allowCommonInlineFormattingElements()
            .allowCommonBlockElements()
            .allowStyling()
            .allowElements("a", "table", "thead", "tbody", "tfoot", "tr", "td", "th", "caption", "col", "colgroup",
                    "img", "hr", "pre", "code", "blockquote", "ul", "ol", "li", "dl", "dt", "dd", "span", "div",
                    "font", "center", "br", "sup", "sub")
            .allowAttributes("href", "title").onElements("a")
            .allowStandardUrlProtocols()
            .allowUrlProtocols("http", "https", "mailto", "cid")
            .requireRelNofollowOnLinks()
            .allowAttributes("src").matching(CID).onElements("img")
            .allowAttributes("alt", "width", "height", "title").onElements("img")
            .allowAttributes("colspan", "rowspan", "align", "valign", "width").onElements("td", "th")
            .allowAttributes("border", "cellpadding", "cellspacing", "width", "align").onElements("table")
            .allowAttributes("color", "size", "face").matching(COLOR_OR_SIZE).onElements("font")
            .allowAttributes("align").onElements("p", "div", "center", "h1", "h2", "h3", "h4", "h5", "h6")
            .toFactory();

    private static final Set<String> BLOCKS = Set.of("p", "div", "tr", "li", "h1", "h2", "h3", "h4", "h5", "h6",
            "blockquote", "pre", "table", "ul", "ol", "dl", "dt", "dd", "hr", "center");

    private MailHtml() {}

    public static String sanitize(String html) {
        return html == null ? null : POLICY.sanitize(html);
    }

    /** The Content-IDs the HTML shows as images ({@code <img src="cid:…">}), decoded. */
    public static java.util.Set<String> cidReferences(String html) {
        var ids = new java.util.HashSet<String>();
        if (html != null) {
            for (var img : Jsoup.parseBodyFragment(html).select("img[src]")) {
                var src = img.attr("src");
                if (src.regionMatches(true, 0, "cid:", 0, 4)) {
                    ids.add(src.substring(4));
                }
            }
        }
        return ids;
    }

    /** The text a reader sees: block elements on their own lines, links followed by their address. */
    public static String toText(String html) {
        if (html == null) {
            return "";
        }
        var doc = Jsoup.parse(html);
        doc.select("script, style, head, title").remove();
        var out = new StringBuilder();
        NodeTraversor.traverse(new NodeVisitor() {
            @Override
            public void head(Node node, int depth) {
                if (node instanceof TextNode t) {
                    var text = t.getWholeText().replaceAll("[\\s\\u00a0]+", " ");
                    if (!text.isBlank() || (out.length() > 0 && out.charAt(out.length() - 1) != '\n' && out.charAt(out.length() - 1) != ' ')) {
                        out.append(text);
                    }
                } else if (node instanceof Element e) {
                    if (e.normalName().equals("br")) {
                        out.append('\n');
                    } else if (BLOCKS.contains(e.normalName())) {
                        newline(out);
                    }
                }
            }

            @Override
            public void tail(Node node, int depth) {
                if (node instanceof Element e) {
                    if (BLOCKS.contains(e.normalName())) {
                        newline(out);
                    } else if (e.normalName().equals("a")) {
                        var href = e.attr("href");
                        if (href.startsWith("http") && !e.text().contains(href)) {
                            out.append(" <").append(href).append('>');
                        }
                    }
                }
            }
        }, doc.body() == null ? doc : doc.body());
        return tidy(out).strip();
    }

    /**
     * Lines without trailing blanks, and at most one empty line in a row. By hand: the regular expression
     * {@code [ \t]+\n} tries every blank of a run that no line end follows, which is quadratic (a link whose
     * address held 200,000 tabs ran for minutes).
     */
    static String tidy(CharSequence text) {
        var out = new StringBuilder(text.length());
        int blanks = 0;
        int newlines = 0;
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            if (c == ' ' || c == '\t') {
                blanks++;
                continue;
            }
            if (c == '\n') {
                blanks = 0;
                if (++newlines <= 2) {
                    out.append('\n');
                }
                continue;
            }
            for (; blanks > 0; blanks--) {
                out.append(text.charAt(i - blanks));
            }
            newlines = 0;
            out.append(c);
        }
        return out.toString();
    }

    private static void newline(StringBuilder out) {
        if (out.length() > 0 && out.charAt(out.length() - 1) != '\n') {
            out.append('\n');
        }
    }
}
