package io.relais.knowledge.web;

/**
 * HTML that went through the sanitiser: only {@link KbHtml} makes one. Pages write it unescaped under the
 * model name {@code articleHtml}, the one {@code th:utext} HouseRulesTest allows.
 */
public final class SafeHtml {
    private final String value;

    SafeHtml(String value) {
        this.value = value;
    }

    public String value() {
        return value;
    }
}
