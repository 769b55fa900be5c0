package io.relais.knowledge.internal;

import java.util.List;
import java.util.Set;
import java.util.regex.Pattern;
import org.commonmark.ext.gfm.tables.TablesExtension;
import org.commonmark.node.BlockQuote;
import org.commonmark.node.FencedCodeBlock;
import org.commonmark.node.Heading;
import org.commonmark.node.Image;
import org.commonmark.node.IndentedCodeBlock;
import org.commonmark.node.Link;
import org.commonmark.node.ListBlock;
import org.commonmark.node.ThematicBreak;
import org.commonmark.parser.Parser;
import org.commonmark.renderer.html.HtmlRenderer;
import org.commonmark.renderer.text.TextContentRenderer;
import org.owasp.html.HtmlPolicyBuilder;
import org.owasp.html.PolicyFactory;

/**
 * Articles are written in Markdown (CommonMark with tables). HTML typed in the text is shown as text,
 * never interpreted; the rendered HTML then goes through an allow-list sanitiser (which drops
 * {@code javascript:} and other unsafe links). Images and
 * files of the article are written {@code ![name](file:12)} and become links to the article's files
 * where the reader reads it (agents' or customers' pages); remote images are not shown (a reader's
 * visit must not be reported to a third party).
 *
 * <p>Any text is shown in time linear in its length: a text beyond the bounds of {@link MarkdownBounds} (deeper
 * than 64 levels, for one) is shown as written, preformatted, instead of formatted.
 */
public final class KbMarkdown {
    private static final List<org.commonmark.Extension> EXTENSIONS = List.of(TablesExtension.create());
    /** Without HTML blocks (shown as text anyway, and read by a pattern that recursed once per attribute). */
    private static final Parser PARSER = Parser.builder().extensions(EXTENSIONS)
            .enabledBlockTypes(Set.of(Heading.class, FencedCodeBlock.class, IndentedCodeBlock.class, BlockQuote.class,
                    ThematicBreak.class, ListBlock.class))
            .customInlineContentParserFactory(new MarkdownBounds.AngleBrackets())
            .build();
    private static final Pattern FILE_REF = Pattern.compile("^file:(\\d{1,18})$");
    private static final Pattern OWN_FILE = Pattern.compile("^/(?:kb|my/help)/files/\\d{1,18}$");
    private static final Pattern CODE_CLASS = Pattern.compile("^language-[\\w+#-]{1,30}$");

    private static final PolicyFactory POLICY = new HtmlPolicyBuilder()
            .allowCommonInlineFormattingElements()
            .allowCommonBlockElements()
            .allowElements("a", "img", "pre", "code", "blockquote", "ul", "ol", "li", "hr", "br", "table", "thead",
                    "tbody", "tr", "th", "td", "del", "h1", "h2", "h3", "h4", "h5", "h6")
            .allowAttributes("href", "title").onElements("a")
            .allowStandardUrlProtocols()
            .requireRelNofollowOnLinks()
            .allowAttributes("src").matching(OWN_FILE).onElements("img")
            .allowAttributes("alt", "title").onElements("img")
            .allowAttributes("class").matching(CODE_CLASS).onElements("code")
            .allowAttributes("align").onElements("th", "td")
            .allowAttributes("start").onElements("ol")
            .toFactory();

    private KbMarkdown() {}

    /**
     * Safe HTML of an article for a reader whose files live under {@code filesBase} ({@code /kb/files} for
     * agents, {@code /my/help/files} for customers).
     */
    public static String html(String markdown, String filesBase) {
        if (markdown == null || markdown.isBlank()) {
            return "";
        }
        var renderer = HtmlRenderer.builder()
                .extensions(EXTENSIONS)
                .escapeHtml(true)
                .attributeProviderFactory(context -> (node, tag, attributes) -> {
                    if (node instanceof Image) {
                        attributes.computeIfPresent("src", (k, v) -> ownFile(v, filesBase));
                    } else if (node instanceof Link) {
                        attributes.computeIfPresent("href", (k, v) -> ownFile(v, filesBase));
                    }
                })
                .build();
        var document = parsed(markdown);
        return POLICY.sanitize(document == null ? "<pre>" + escape(markdown) + "</pre>" : renderer.render(document));
    }

    /** The tree of a text within the bounds, or null: such a text is shown as written. */
    private static org.commonmark.node.Node parsed(String markdown) {
        if (!MarkdownBounds.fits(markdown)) {
            return null;
        }
        var document = PARSER.parse(markdown);
        return MarkdownBounds.shallow(document) ? document : null;
    }

    private static String escape(String text) {
        var out = new StringBuilder(text.length() + 16);
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            switch (c) {
                case '<' -> out.append("&lt;");
                case '>' -> out.append("&gt;");
                case '&' -> out.append("&amp;");
                case '"' -> out.append("&quot;");
                default -> out.append(c);
            }
        }
        return out.toString();
    }

    private static String ownFile(String url, String filesBase) {
        var m = FILE_REF.matcher(url);
        return m.matches() ? filesBase + "/" + m.group(1) : url;
    }

    /** The text a reader sees, for the search index and snippets. */
    public static String plainText(String markdown) {
        if (markdown == null || markdown.isBlank()) {
            return "";
        }
        var document = parsed(markdown);
        return document == null ? markdown : TextContentRenderer.builder().extensions(EXTENSIONS).build().render(document);
    }

    /** The ids of the article's files that the text names ({@code file:12}). */
    public static java.util.Set<Long> fileReferences(String markdown) {
        var out = new java.util.TreeSet<Long>();
        if (markdown != null) {
            var m = Pattern.compile("\\(file:(\\d{1,18})\\)").matcher(markdown);
            while (m.find()) {
                out.add(Long.parseLong(m.group(1)));
            }
        }
        return out;
    }
}
