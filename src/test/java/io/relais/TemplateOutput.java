package io.relais;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Pattern;
import org.jsoup.Jsoup;
import org.jsoup.nodes.Comment;
import org.jsoup.nodes.DataNode;
import org.jsoup.nodes.Element;
import org.jsoup.nodes.Node;
import org.jsoup.nodes.TextNode;
import org.jsoup.parser.Parser;

/**
 * Where a Thymeleaf template writes without HTML escaping, read from the parsed document: the {@code utext}
 * attributes (in either the {@code th:} or the {@code data-th-} form), unescaped inline expressions
 * {@code [(…)]} wherever Thymeleaf inlines (text, script and style bodies, comments, attribute values), and any
 * {@code th:inline} mode other than {@code none} (JavaScript and CSS inlining escape by other rules).
 */
final class TemplateOutput {
    private static final Pattern UNESCAPED_INLINE = Pattern.compile("\\[\\((.*?)\\)]", Pattern.DOTALL);

    private TemplateOutput() {}

    /** "file: what" for each unescaped output; {@code allowedUtext} is the one value a utext attribute may hold. */
    static List<String> unescaped(Path template, String allowedUtext) {
        String html;
        try {
            html = Files.readString(template);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return unescaped(template.toString(), html, allowedUtext);
    }

    static List<String> unescaped(String name, String html, String allowedUtext) {
        var out = new ArrayList<String>();
        var document = Jsoup.parse(html, "", Parser.htmlParser());
        document.traverse((node, depth) -> check(name, node, allowedUtext, out));
        return out;
    }

    private static void check(String name, Node node, String allowedUtext, List<String> out) {
        if (node instanceof Element e) {
            for (var a : e.attributes()) {
                var key = a.getKey().toLowerCase(java.util.Locale.ROOT);
                if ((key.equals("th:utext") || key.equals("data-th-utext")) && !a.getValue().trim().equals(allowedUtext)) {
                    out.add(name + ": <" + e.tagName() + " " + key + "=\"" + a.getValue() + "\">");
                }
                if ((key.equals("th:inline") || key.equals("data-th-inline")) && !a.getValue().trim().equals("none")) {
                    out.add(name + ": <" + e.tagName() + " " + key + "=\"" + a.getValue() + "\">");
                }
                inline(name, a.getValue(), out);
            }
        } else if (node instanceof TextNode t) {
            inline(name, t.getWholeText(), out);
        } else if (node instanceof DataNode d) {
            inline(name, d.getWholeData(), out);
        } else if (node instanceof Comment c) {
            inline(name, c.getData(), out);
        }
    }

    private static void inline(String name, String text, List<String> out) {
        var m = UNESCAPED_INLINE.matcher(text);
        while (m.find()) {
            out.add(name + ": " + m.group());
        }
    }
}
