package io.relais.common;

import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * The words of a ticket that say something about the problem: letters or digits (codes such as
 * {@code 0x80070005} or {@code ORA-12541} kept whole), no stop words in French or English, no bare numbers,
 * in order of appearance, at most {@value #MAX_WORDS}. Similar tickets, suggested articles and known errors
 * all look for these.
 */
public final class SignificantWords {
    public static final int MAX_WORDS = 24;

    /** Words that say nothing about the problem, in both languages. */
    static final Set<String> STOP = Set.of(
            "the", "and", "for", "with", "this", "that", "from", "have", "has", "was", "were", "are", "not", "but", "you",
            "your", "our", "all", "any", "can", "cannot", "since", "when", "there", "they", "them", "then", "than", "into",
            "hello", "thanks", "thank", "please", "regards", "best", "morning", "again", "still", "some", "would", "could",
            "les", "des", "une", "est", "pas", "pour", "dans", "avec", "sur", "par", "que", "qui", "ses", "son", "sont", "nous",
            "vous", "mon", "mes", "notre", "votre", "bonjour", "merci", "cordialement", "depuis", "matin", "plus", "encore",
            "tout", "tous", "cette", "ces", "aux", "elle", "ils", "fait", "faire", "peut", "bien", "aussi", "comme", "mais");
    private static final Pattern WORD = Pattern.compile("[\\p{L}\\p{N}][\\p{L}\\p{N}_.-]*[\\p{L}\\p{N}]");

    private SignificantWords() {}

    /** The significant words of these texts (the subject first), each text read up to 4,000 characters. */
    public static List<String> of(String... texts) {
        var out = new LinkedHashSet<String>();
        for (var text : texts) {
            if (text == null) {
                continue;
            }
            var m = WORD.matcher(text.length() > 4_000 ? text.substring(0, 4_000) : text);
            while (m.find() && out.size() < MAX_WORDS) {
                var w = Letters.lower(m.group());
                if (w.length() >= 3 && !STOP.contains(w) && !w.chars().allMatch(Character::isDigit)) {
                    out.add(w);
                }
            }
        }
        return List.copyOf(out);
    }
}
