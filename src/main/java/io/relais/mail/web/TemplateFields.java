package io.relais.mail.web;

/**
 * One notification text as its form posts it (the page has one form per text and language), shown again as typed
 * in its own form when it is refused. An unticked {@code reset} is not posted at all: false.
 */
record TemplateFields(String key, String language, String subject, String body, Boolean reset) {
    TemplateFields {
        reset = Boolean.TRUE.equals(reset);
    }

    /** Whether this post is the form of that text in that language (public: the page calls it). */
    public boolean isFor(String templateKey, String templateLanguage) {
        return templateKey.equals(key) && templateLanguage.equals(language);
    }
}
