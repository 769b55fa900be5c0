package io.relais.web;

import java.util.LinkedHashSet;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Pattern;
import org.jsoup.Jsoup;
import org.jsoup.nodes.Element;
import org.springframework.beans.factory.annotation.AnnotatedBeanDefinition;
import org.springframework.context.annotation.ClassPathScanningCandidateComponentProvider;

/**
 * What a person reads on a page (its text and the attributes a browser shows: title, placeholder, label
 * of a button...), and what must never be in it: a message key Thymeleaf could not resolve
 * ({@code ??key_fr??}), a template expression left as written ({@code ${...}}, {@code #{...}}), or the
 * name of one of our enum constants ({@code PARENT_OF}, {@code SUPERVISOR}) where words were due.
 */
final class ShownText {
    /** All-caps words that are names in both languages, even where they are also an enum constant. */
    static final Set<String> NAMES = Set.of("P1", "P2", "P3", "P4", "L1", "L2", "L3", "SLA", "OLA", "VIP", "API", "URL",
            "CSV", "SMS", "IMAP", "IMAPS", "POP3", "POP3S", "SMTP", "TLS", "STARTTLS", "IDLE");

    private static final Pattern UNRESOLVED = Pattern.compile("\\?\\?[^\\n]{1,300}?_(?:fr|en)(?:_[A-Z]{2})?\\?\\?");
    private static final Pattern EXPRESSION = Pattern.compile("[$#*@~]\\{|__\\$");
    private static final Pattern WORD = Pattern.compile("[A-Za-z0-9_]+");
    private static final Set<String> SHOWN_ATTRIBUTES = Set.of("title", "placeholder", "aria-label", "alt", "label");

    private static final Set<String> ENUM_CONSTANTS = enumConstants();

    private ShownText() {}

    /** The constant names of every enum of the application (not of the tests), at least two characters long. */
    static Set<String> enumConstants() {
        var scanner = new ClassPathScanningCandidateComponentProvider(false) {
            @Override
            protected boolean isCandidateComponent(AnnotatedBeanDefinition definition) {
                return definition.getMetadata().isIndependent();
            }
        };
        scanner.addIncludeFilter((reader, factory) -> "java.lang.Enum".equals(reader.getClassMetadata().getSuperClassName()));
        var names = new TreeSet<String>();
        for (var definition : scanner.findCandidateComponents("io.relais")) {
            Class<?> type;
            try {
                type = Class.forName(definition.getBeanClassName());
            } catch (ClassNotFoundException e) {
                throw new IllegalStateException(e);
            }
            var source = type.getProtectionDomain().getCodeSource();
            if (source != null && source.getLocation().getPath().contains("test-classes")) {
                continue;
            }
            for (var constant : type.getEnumConstants()) {
                var name = ((Enum<?>) constant).name();
                if (name.length() > 1 && name.chars().anyMatch(Character::isLetter)) {
                    names.add(name);
                }
            }
        }
        if (!names.contains("PARENT_OF") || !names.contains("SUPERVISOR")) {
            throw new IllegalStateException("the enum scan missed the application's enums: " + names);
        }
        return names;
    }

    /** What is wrong with this page, each problem with the text it was found in; empty when nothing is. */
    static Set<String> problems(String html) {
        var problems = new LinkedHashSet<String>();
        var document = Jsoup.parse(html);
        document.select("script, style").remove();
        for (var element : document.getAllElements()) {
            for (var attribute : element.attributes()) {
                if (attribute.getKey().startsWith("th:") || attribute.getKey().startsWith("data-th-")) {
                    problems.add("template attribute left: " + attribute.getKey() + "=\"" + cut(attribute.getValue()) + "\"");
                } else if (EXPRESSION.matcher(attribute.getValue()).find()) {
                    problems.add("template expression left in " + attribute.getKey() + ": \"" + cut(attribute.getValue()) + "\"");
                }
                if (shown(element, attribute.getKey())) {
                    check(attribute.getValue(), problems);
                }
            }
            for (var node : element.textNodes()) {
                check(node.getWholeText(), problems);
            }
        }
        return problems;
    }

    private static boolean shown(Element element, String attribute) {
        return SHOWN_ATTRIBUTES.contains(attribute) || ("value".equals(attribute) && element.is("input[type=submit], input[type=button], input[type=reset]"));
    }

    private static void check(String text, Set<String> problems) {
        if (text.isBlank()) {
            return;
        }
        var unresolved = UNRESOLVED.matcher(text);
        while (unresolved.find()) {
            problems.add("message key not found: " + unresolved.group());
        }
        if (EXPRESSION.matcher(text).find()) {
            problems.add("template expression left: \"" + cut(text) + "\"");
        }
        var words = WORD.matcher(text);
        while (words.find()) {
            var word = words.group();
            if (ENUM_CONSTANTS.contains(word) && !NAMES.contains(word)) {
                problems.add("code " + word + " shown instead of words: \"" + cut(text) + "\"");
            }
        }
    }

    private static String cut(String s) {
        var flat = s.strip().replaceAll("\\s+", " ");
        return flat.length() <= 120 ? flat : flat.substring(0, 117) + "...";
    }

    /** For a failure message: the page's own text, short. */
    static String textOf(String html) {
        return cut(Jsoup.parse(html).text());
    }
}
