package io.relais.knowledge.web;

import io.relais.knowledge.internal.KbMarkdown;
import org.springframework.stereotype.Component;

/**
 * The one way a page writes an article's HTML: Markdown rendered with HTML typed by the author escaped,
 * then sanitised ({@link KbMarkdown}), as a {@link SafeHtml}.
 */
@Component
public class KbHtml {
    /** For agents' pages: files under {@code /kb/files}. */
    public SafeHtml agent(String markdown) {
        return new SafeHtml(KbMarkdown.html(markdown, "/kb/files"));
    }

    /** For customers' pages: files under {@code /my/help/files}. */
    public SafeHtml customer(String markdown) {
        return new SafeHtml(KbMarkdown.html(markdown, "/my/help/files"));
    }
}
