package io.relais.knowledge.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;

import java.time.Duration;
import org.junit.jupiter.api.Test;

/**
 * Article text (up to the 200,000 characters an article may hold) written to make the Markdown
 * parser or renderer overflow its stack or run for tens of seconds on every view of the article.
 */
class KbMarkdownBoundsTest {
    static final Duration GUARD = Duration.ofSeconds(10);

    private static String shown(String markdown) {
        return assertTimeoutPreemptively(GUARD, () -> KbMarkdown.html(markdown, "/kb/files"));
    }

    @Test
    void anArticleQuotedTwoHundredThousandLevelsDeepIsShown() {
        assertThat(shown(">".repeat(199_000) + " deep")).contains("deep");
    }

    @Test
    void anArticleOfFourThousandNestedEmphasesIsShown() {
        assertThat(shown("*a ".repeat(4_000) + "end" + " a*".repeat(4_000))).contains("end");
    }

    @Test
    void anArticleOfFourThousandNestedImagesIsShown() {
        assertThat(shown("![".repeat(4_000) + "end" + "](x)".repeat(4_000))).contains("end");
    }

    @Test
    void anArticleOfAHundredThousandUnclosedAngleBracketsIsShown() {
        assertThat(shown("<a".repeat(100_000))).contains("&lt;a");
    }

    @Test
    void anArticleOfUnclosedLinkDestinationsIsShown() {
        assertThat(shown("[a](<b".repeat(33_000))).contains("[a]");
    }

    @Test
    void anArticleOfUnclosedCharacterDataIsShown() {
        assertThat(shown("a <![CDATA[".repeat(18_000))).contains("CDATA");
    }

    @Test
    void anHtmlLineOfTwentyThousandAttributesIsShown() {
        assertThat(shown("<a" + " b".repeat(20_000) + ">")).contains("&lt;a b b");
    }

    @Test
    void aLineOfAHundredThousandListMarkersIsShown() {
        assertThat(shown("- ".repeat(99_000) + "end")).contains("end");
    }
}
