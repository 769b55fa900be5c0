package io.relais.common;

import org.hibernate.search.backend.lucene.analysis.LuceneAnalysisConfigurationContext;
import org.hibernate.search.backend.lucene.analysis.LuceneAnalysisConfigurer;

/**
 * The analyzers every search index of Relais uses, by name, so that mappings stay backend-neutral (a
 * cluster defines the same names for OpenSearch). Text is indexed three times: in French and in English
 * (accents folded, stemmed: "imprimantes" finds "imprimante", "printers" finds "printer") and as folded
 * words without stemming, which ranks exact words first and keeps codes such as {@code 0x80070005} or
 * {@code ORA-12541} (two adjacent words) whole.
 */
public class SearchAnalysis implements LuceneAnalysisConfigurer {
    public static final String FRENCH = "relais_french";
    public static final String ENGLISH = "relais_english";
    public static final String WORDS = "relais_words";
    /** Keywords compared without case or accents (facets, e-mail addresses). */
    public static final String FOLDED = "relais_folded";

    @Override
    public void configure(LuceneAnalysisConfigurationContext context) {
        context.analyzer(FRENCH).custom()
                .tokenizer("standard")
                .tokenFilter("elision").param("ignoreCase", "true")
                .tokenFilter("lowercase")
                .tokenFilter("asciiFolding")
                .tokenFilter("frenchLightStem");
        context.analyzer(ENGLISH).custom()
                .tokenizer("standard")
                .tokenFilter("englishPossessive")
                .tokenFilter("lowercase")
                .tokenFilter("asciiFolding")
                .tokenFilter("porterStem");
        context.analyzer(WORDS).custom()
                .tokenizer("standard")
                .tokenFilter("lowercase")
                .tokenFilter("asciiFolding");
        context.normalizer(FOLDED).custom()
                .tokenFilter("lowercase")
                .tokenFilter("asciiFolding");
    }
}
