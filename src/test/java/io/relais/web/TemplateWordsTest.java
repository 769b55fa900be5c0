package io.relais.web;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.jsoup.Jsoup;
import org.jsoup.nodes.Element;
import org.junit.jupiter.api.Test;

/**
 * Words written straight into a template show in one language whatever the page's: every word a person
 * reads comes from the message bundles (fr and en). Only names, codes and examples that read the same in
 * both languages may be written as they are. The rendered pages are checked by {@link EveryPageTest};
 * this finds the English words that page would show in French.
 */
class TemplateWordsTest {
    private static final Path TEMPLATES = Path.of("src/main/resources/templates");
    /** Attributes and elements that replace what the template holds: what is inside is a prototype only. */
    private static final Set<String> REPLACING = Set.of("th:text", "th:utext", "th:replace", "th:insert", "th:remove");
    private static final Set<String> SHOWN_ATTRIBUTES = Set.of("title", "placeholder", "aria-label", "alt");
    /** Names, and examples of what to type, that read the same in French and in English. */
    private static final Set<String> SAME_IN_BOTH = Set.of("Relais", "Français", "English", "FR", "EN", "Enter", "Esc", "VIP",
            "OLA", "ACME Support", "postfix mx1", "-----BEGIN CERTIFICATE-----");
    private static final Pattern WORDS = Pattern.compile("\\p{L}{2}");
    /** An example value without a space (an address, a host, a URL, a number): not words. */
    private static final Pattern EXAMPLE_VALUE = Pattern.compile("[^\\s]+");

    @Test
    void everyWordATemplateShowsComesFromTheMessageBundles() throws IOException {
        var problems = new ArrayList<String>();
        try (Stream<Path> files = Files.walk(TEMPLATES)) {
            for (var file : files.filter(f -> f.toString().endsWith(".html")).sorted().toList()) {
                var document = Jsoup.parse(Files.readString(file));
                for (var element : document.getAllElements()) {
                    check(TEMPLATES.relativize(file).toString(), element, problems);
                }
            }
        }
        assertThat(problems).as("words written in templates instead of #{message.keys}").isEmpty();
    }

    private static void check(String file, Element element, List<String> problems) {
        for (var attribute : SHOWN_ATTRIBUTES) {
            var value = element.attr(attribute);
            if (element.hasAttr(attribute) && words(value) && !element.hasAttr("th:" + attribute)
                    && !element.attr("th:attr").contains(attribute + "=") && !EXAMPLE_VALUE.matcher(value).matches()) {
                problems.add(file + ": " + attribute + "=\"" + value + "\"");
            }
        }
        if (replaced(element) || element.is("script, style, code, kbd")) {
            return;
        }
        for (var text : element.textNodes()) {
            var value = text.text().strip();
            if (words(value) && !insideReplaced(element)) {
                problems.add(file + ": <" + element.tagName() + "> " + (value.length() > 80 ? value.substring(0, 77) + "..." : value));
            }
        }
    }

    private static boolean words(String value) {
        if (SAME_IN_BOTH.contains(value.strip())) {
            return false;
        }
        var rest = value;
        for (var name : SAME_IN_BOTH) {
            rest = rest.replace(name, " ");
        }
        return WORDS.matcher(rest).find();
    }

    private static boolean replaced(Element element) {
        return !"html".equals(element.tagName()) && REPLACING.stream().anyMatch(element::hasAttr);
    }

    private static boolean insideReplaced(Element element) {
        for (var e = element; e != null; e = e.parent()) {
            if (replaced(e) || e.is("code, kbd")) {
                return true;
            }
        }
        return false;
    }
}
