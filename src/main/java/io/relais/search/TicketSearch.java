package io.relais.search;

import io.relais.common.EmailAddress;
import io.relais.common.InvalidInputException;
import io.relais.directory.AgentsAndGroups;
import io.relais.common.Letters;
import io.relais.directory.Directory;
import io.relais.directory.PhoneNumbers;
import io.relais.security.Actor;
import io.relais.security.Scope;
import io.relais.ticket.TicketSettings;
import jakarta.persistence.EntityManager;
import jakarta.persistence.PersistenceContext;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;
import org.hibernate.search.engine.search.aggregation.AggregationKey;
import org.hibernate.search.engine.search.predicate.dsl.PredicateFinalStep;
import org.hibernate.search.engine.search.predicate.dsl.SearchPredicateFactory;
import org.hibernate.search.engine.search.predicate.dsl.SimpleQueryFlag;
import org.hibernate.search.engine.search.common.BooleanOperator;
import org.hibernate.search.engine.search.highlighter.dsl.HighlighterEncoder;
import org.hibernate.search.mapper.orm.Search;
import org.hibernate.search.util.common.data.Range;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;

/**
 * Searches tickets in the index the ticket module maps ({@code TicketDocument}). What a person may see is
 * a predicate of the query itself (organizations of the scope, own tickets for a customer), so hits,
 * totals and facet counts only ever count visible tickets; customers never search internal notes.
 */
@Service
public class TicketSearch {
    private static final Logger log = LoggerFactory.getLogger(TicketSearch.class);
    public static final int MAX_LIMIT = 100;
    /** Relevance pages go this deep; past it, sort by date, which pages by key without limit. */
    public static final int MAX_OFFSET = 1_000;

    private static final Pattern NUMBER = Pattern.compile("#?(\\d{1,12})");
    private static final Pattern PHONE = Pattern.compile("\\+?[\\d .()-]{6,20}");

    private static final AggregationKey<Map<String, Long>> STATUS = AggregationKey.of("status");
    private static final AggregationKey<Map<String, Long>> PRIORITY = AggregationKey.of("priority");
    private static final AggregationKey<Map<Long, Long>> ORGANIZATION = AggregationKey.of("organization");
    private static final AggregationKey<Map<Long, Long>> CATEGORY = AggregationKey.of("category");
    private static final AggregationKey<Map<Long, Long>> GROUP = AggregationKey.of("group");
    private static final AggregationKey<Map<Range<Instant>, Long>> PERIOD = AggregationKey.of("period");

    public enum Sort { RELEVANCE, NEWEST }

    /** The query-string operators people may use: AND is the default, | or, - not, "phrases", prefix*, (groups). */
    private static final Set<SimpleQueryFlag> FLAGS = Set.of(SimpleQueryFlag.AND, SimpleQueryFlag.OR, SimpleQueryFlag.NOT,
            SimpleQueryFlag.PHRASE, SimpleQueryFlag.PREFIX, SimpleQueryFlag.WHITESPACE, SimpleQueryFlag.PRECEDENCE,
            SimpleQueryFlag.ESCAPE);

    /** Highlights are HTML: the text escaped, the matched words in {@code <mark>}. */
    public record Hit(long id, long number, String subject, String status, String priority, long organizationId,
                      Instant updatedAt, List<String> subjectHighlights, List<String> textHighlights,
                      List<String> noteHighlights) {}

    /** A facet value: {@code key} is what a filter takes ({@code status:OPEN}), {@code id} the row id when there is one. */
    public record FacetValue(String key, Long id, long count) {}

    /** {@code total} is exact up to {@value #TOTAL_THRESHOLD}, a lower bound past it ({@code totalExact} false). */
    public record Results(long total, boolean totalExact, List<Hit> hits, Map<String, List<FacetValue>> facets, String next,
                          long tookMillis) {}

    static final int TOTAL_THRESHOLD = 1_000;

    @PersistenceContext
    private EntityManager em;
    private final Directory directory;
    private final AgentsAndGroups agentsAndGroups;
    private final TicketSettings settings;
    private final Clock clock;

    TicketSearch(Directory directory, AgentsAndGroups agentsAndGroups, TicketSettings settings, Clock clock) {
        this.directory = directory;
        this.agentsAndGroups = agentsAndGroups;
        this.settings = settings;
        this.clock = clock;
    }

    @Transactional(readOnly = true)
    public Results search(Actor actor, String q, Sort sort, String cursor, int limit) {
        return search(actor, q, sort, cursor, limit, true);
    }

    /** With {@code withFacets} false, {@code facets} is empty and the search costs one query instead of two. */
    @Transactional(readOnly = true)
    public Results search(Actor actor, String q, Sort sort, String cursor, int limit, boolean withFacets) {
        if (limit < 1 || limit > MAX_LIMIT) {
            throw InvalidInputException.field("limit", "between 1 and " + MAX_LIMIT);
        }
        var now = clock.instant();
        var query = SearchQuery.parse(q, now);
        var filters = resolve(actor, query);
        var phones = phones(actor, query.text());
        var customer = !actor.isAgent();
        var page = Cursor.parse(cursor, sort);
        var session = Search.session(em);
        var scope = session.scope(Object.class, "Ticket");
        var started = System.nanoTime();
        var search = session.search(scope)
                .select(f -> f.composite().from(f.id(Long.class), f.field("number", Long.class), f.field("subject", String.class),
                        f.field("status", String.class), f.field("priority", String.class),
                        f.field("organizationId", Long.class), f.field("updatedAt", Instant.class),
                        // Highlights come from the French-analysed fields only (they cover exact words, codes and
                        // plurals in both languages); a second set per hit would cost as much again.
                        f.highlight("subject_fr"), f.constant(List.<String>of()), f.highlight("text_fr"), f.constant(List.<String>of()),
                        customer ? f.constant(List.<String>of()) : f.highlight("notes_fr"),
                        f.constant(List.<String>of()))
                        .asList())
                .where(f -> matching(f, actor, query, filters, page, phones))
                .sort(f -> sort == Sort.NEWEST || (query.text().isBlank() && query.subject().isBlank())
                        ? f.field("updatedAt").desc().then().field("number").desc()
                        : f.score())
                .highlighter(f -> f.unified().encoder(HighlighterEncoder.HTML).numberOfFragments(2).tag("<mark>", "</mark>"))
                // Past a thousand, "more than 1,000" is enough, and lets Lucene skip what cannot rank.
                .totalHitCountThreshold(TOTAL_THRESHOLD)
                .toQuery();
        var result = search.fetch(page.offset(), limit + 1);
        if (log.isDebugEnabled()) {
            // the search's "query plan": what Lucene was asked (bench/plans.sh collects these lines)
            log.debug("ticket search {} took {} ms, {} hits{}: {}", oneLine(q), result.took().toMillis(), result.total().hitCountLowerBound(),
                    result.total().isHitCountExact() ? "" : " or more", search.queryString());
        }
        var facets = new LinkedHashMap<String, List<FacetValue>>();
        if (withFacets) {
            facets(session, scope, actor, query, filters, now, facets, phones);
        }
        var hits = new ArrayList<Hit>();
        for (var row : result.hits().subList(0, Math.min(limit, result.hits().size()))) {
            hits.add(hit(row));
        }
        String next = null;
        if (result.hits().size() > limit) {
            var last = hits.get(hits.size() - 1);
            boolean keyset = sort == Sort.NEWEST || (query.text().isBlank() && query.subject().isBlank());
            if (keyset) {
                next = Cursor.after(last.updatedAt(), last.number());
            } else if (page.offset() + limit < MAX_OFFSET) {
                next = Cursor.offset(page.offset() + limit);
            }
        }
        return new Results(result.total().hitCountLowerBound(), result.total().isHitCountExact(), hits, facets, next,
                (System.nanoTime() - started) / 1_000_000);
    }

    /**
     * The where clause of both queries: the words score; what the person may see, the filters and the page's key only
     * filter. Lucene ranks a query of words alone by skipping whole blocks that cannot reach the page (a "match all"
     * beside the words made it score every match: 32 % of a full-text search's CPU at 1 M tickets).
     */
    private static PredicateFinalStep matching(SearchPredicateFactory f, Actor actor, SearchQuery query,
                                               List<java.util.function.Function<SearchPredicateFactory, PredicateFinalStep>> filters,
                                               Cursor page, List<String> phones) {
        var customer = !actor.isAgent();
        var clauses = new ArrayList<PredicateFinalStep>();
        var must = new ArrayList<PredicateFinalStep>();
        if (!actor.scope().unrestricted()) {
            clauses.add(visible(f, actor.scope()));
        }
        if (!query.text().isBlank()) {
            must.add(text(f, query.text(), customer, phones));
        }
        if (!query.subject().isBlank()) {
            must.add(subject(f, query.subject()));
        }
        filters.forEach(filter -> clauses.add(filter.apply(f)));
        if (page != null && page.after() != null) {
            clauses.add(f.or(f.range().field("updatedAt").lessThan(page.after().updatedAt()),
                    f.and(f.match().field("updatedAt").matching(page.after().updatedAt()),
                            f.range().field("number").lessThan(page.after().number()))));
        }
        if (clauses.isEmpty() && must.size() == 1) {
            return must.get(0);
        }
        if (clauses.isEmpty() && must.isEmpty()) {
            return f.matchAll();
        }
        var bool = f.bool();
        must.forEach(bool::must);
        clauses.forEach(bool::filter);
        return bool;
    }

    /** Facet counts over every match (not the page): a second query, asked for by the page, optional in the API. */
    private static void facets(org.hibernate.search.mapper.orm.session.SearchSession session,
                               org.hibernate.search.mapper.orm.scope.SearchScope<Object> scope, Actor actor, SearchQuery query,
                               List<java.util.function.Function<SearchPredicateFactory, PredicateFinalStep>> filters, Instant now,
                               Map<String, List<FacetValue>> facets, List<String> phones) {
        var result = session.search(scope)
                .where(f -> matching(f, actor, query, filters, null, phones))
                .aggregation(STATUS, f -> f.terms().field("status", String.class).maxTermCount(10))
                .aggregation(PRIORITY, f -> f.terms().field("priority", String.class).maxTermCount(10))
                .aggregation(ORGANIZATION, f -> f.terms().field("organizationId", Long.class).maxTermCount(15))
                .aggregation(CATEGORY, f -> f.terms().field("categoryId", Long.class).maxTermCount(15))
                .aggregation(GROUP, f -> f.terms().field("groupId", Long.class).maxTermCount(15))
                .aggregation(PERIOD, f -> f.range().field("createdAt", Instant.class)
                        .range(Range.atLeast(now.minus(Duration.ofDays(7))))
                        .range(Range.atLeast(now.minus(Duration.ofDays(30))))
                        .range(Range.atLeast(now.minus(Duration.ofDays(365))))
                        .range(Range.lessThan(now.minus(Duration.ofDays(365)))))
                .fetch(0);
        facets.put("status", strings(result.aggregation(STATUS)));
        facets.put("priority", strings(result.aggregation(PRIORITY)));
        facets.put("organization", ids(result.aggregation(ORGANIZATION)));
        facets.put("category", ids(result.aggregation(CATEGORY)));
        facets.put("group", ids(result.aggregation(GROUP)));
        var periods = result.aggregation(PERIOD);
        var period = new ArrayList<FacetValue>();
        var names = List.of("7d", "30d", "1y", ">1y");
        int i = 0;
        for (var count : periods.values()) {
            var key = names.get(i++);
            if (count > 0) {
                period.add(new FacetValue(key.startsWith(">") ? "<" + now.minus(Duration.ofDays(365)).toString().substring(0, 10) : key,
                        null, count));
            }
        }
        facets.put("created", period);
    }

    private static Hit hit(List<?> row) {
        return new Hit((Long) row.get(0), (Long) row.get(1), (String) row.get(2), (String) row.get(3), (String) row.get(4),
                (Long) row.get(5), (Instant) row.get(6), either(row.get(7), row.get(8)), either(row.get(9), row.get(10)),
                either(row.get(11), row.get(12)));
    }

    /** The French highlights, or the English ones when only the English stems matched. */
    @SuppressWarnings("unchecked")
    private static List<String> either(Object fr, Object en) {
        var french = (List<String>) fr;
        return french.isEmpty() ? (List<String>) en : french;
    }

    private static List<FacetValue> strings(Map<String, Long> counts) {
        return counts.entrySet().stream().map(e -> new FacetValue(e.getKey(), null, e.getValue())).toList();
    }

    private static List<FacetValue> ids(Map<Long, Long> counts) {
        return counts.entrySet().stream().map(e -> new FacetValue(String.valueOf(e.getKey()), e.getKey(), e.getValue())).toList();
    }

    /** Only what the scope shows: its organizations, and a customer's own tickets unless they manage the organization. */
    static PredicateFinalStep visible(SearchPredicateFactory f, Scope scope) {
        return scope.searchFilter(f, "organizationId", "requesterId");
    }

    /**
     * The words: every one must appear (in the subject, the messages, the requester or organization; the notes too
     * for agents), stemmed in French or in English or as written, which ranks first. A ticket number, an e-mail
     * address or a phone number alone also finds the ticket by that field.
     */
    static PredicateFinalStep text(SearchPredicateFactory f, String text, boolean customer, List<String> phones) {
        var words = f.simpleQueryString().field("subject").boost(4f).field("text").field("requester").boost(2f)
                .field("organization").boost(2f);
        var fr = f.simpleQueryString().field("subject_fr").boost(2f).field("text_fr");
        var en = f.simpleQueryString().field("subject_en").boost(2f).field("text_en");
        if (!customer) {
            words = words.field("notes");
            fr = fr.field("notes_fr");
            en = en.field("notes_en");
        }
        var any = f.or()
                .add(words.matching(text).defaultOperator(BooleanOperator.AND).flags(FLAGS).boost(2f))
                .add(fr.matching(text).defaultOperator(BooleanOperator.AND).flags(FLAGS))
                .add(en.matching(text).defaultOperator(BooleanOperator.AND).flags(FLAGS));
        var trimmed = text.trim();
        var number = NUMBER.matcher(trimmed);
        if (number.matches()) {
            any.add(f.match().field("number").matching(Long.parseLong(number.group(1))).boost(20f));
        }
        EmailAddress.parse(trimmed).ifPresent(email ->
                any.add(f.match().field("requesterEmail").matching(email.value()).boost(10f)));
        if (!phones.isEmpty()) {
            any.add(f.terms().field("requesterPhone").matchingAny(phones).boost(10f));
        }
        return any;
    }

    /**
     * What a phone number typed alone may be, as the requester's number is indexed (E.164 digits): read in each
     * country of the person's organizations, and its digits as typed (a number that could not be read). Empty for
     * anything else, so other searches cost no query for it.
     */
    private List<String> phones(Actor actor, String text) {
        var trimmed = text.trim();
        var digits = PhoneNumbers.digits(trimmed);
        if (!PHONE.matcher(trimmed).matches() || digits == null || digits.length() < 6) {
            return List.of();
        }
        return List.copyOf(PhoneNumbers.candidates(trimmed, directory.phoneRegions(actor)));
    }

    /** Words (every one) or a phrase of the subject only, in any of its three forms. */
    static PredicateFinalStep subject(SearchPredicateFactory f, String words) {
        return f.or()
                .add(f.simpleQueryString().field("subject").boost(2f).matching(words).defaultOperator(BooleanOperator.AND).flags(FLAGS))
                .add(f.simpleQueryString().field("subject_fr").matching(words).defaultOperator(BooleanOperator.AND).flags(FLAGS))
                .add(f.simpleQueryString().field("subject_en").matching(words).defaultOperator(BooleanOperator.AND).flags(FLAGS));
    }

    /** Filters of the query, names resolved among what the person may see (an unknown name matches nothing). */
    private List<java.util.function.Function<SearchPredicateFactory, PredicateFinalStep>> resolve(Actor actor, SearchQuery q) {
        var out = new ArrayList<java.util.function.Function<SearchPredicateFactory, PredicateFinalStep>>();
        if (!q.statuses().isEmpty()) {
            var v = q.statuses().stream().map(Enum::name).toList();
            out.add(f -> f.terms().field("status").matchingAny(v));
        }
        if (!q.priorities().isEmpty()) {
            var v = q.priorities().stream().map(Enum::name).toList();
            out.add(f -> f.terms().field("priority").matchingAny(v));
        }
        if (!q.channels().isEmpty()) {
            var v = q.channels().stream().map(Enum::name).toList();
            out.add(f -> f.terms().field("channel").matchingAny(v));
        }
        if (!q.organizations().isEmpty()) {
            var orgs = directory.organizations(actor);
            var ids = new ArrayList<Long>();
            for (var name : q.organizations()) {
                orgs.stream().filter(o -> matches(o.name(), name) || String.valueOf(o.id()).equals(name)).forEach(o -> ids.add(o.id()));
            }
            out.add(f -> ids.isEmpty() ? f.matchNone() : f.terms().field("organizationId").matchingAny(ids));
        }
        if (!q.categories().isEmpty()) {
            var ids = new ArrayList<Long>();
            for (var name : q.categories()) {
                settings.categories().stream()
                        .filter(c -> matches(c.nameEn(), name) || matches(c.nameFr(), name) || String.valueOf(c.id()).equals(name))
                        .forEach(c -> ids.add(c.id()));
            }
            out.add(f -> ids.isEmpty() ? f.matchNone() : f.terms().field("categoryId").matchingAny(ids));
        }
        if (!q.groups().isEmpty()) {
            var groups = actor.isAgent() ? agentsAndGroups.groupsVisibleTo(actor) : List.<io.relais.directory.DirectoryRecords.GroupInfo>of();
            var ids = new ArrayList<Long>();
            for (var name : q.groups()) {
                groups.stream().filter(g -> matches(g.name(), name) || String.valueOf(g.id()).equals(name)).forEach(g -> ids.add(g.id()));
            }
            out.add(f -> ids.isEmpty() ? f.matchNone() : f.terms().field("groupId").matchingAny(ids));
        }
        for (var tag : q.tags()) {
            out.add(f -> f.match().field("tags").matching(tag));
        }
        if (q.assignee() != null) {
            switch (q.assignee()) {
                case "me" -> {
                    var me = actor.isAgent() ? actor.personId() : -1L;
                    out.add(f -> f.match().field("assigneeId").matching(me));
                }
                case "none" -> out.add(f -> f.not(f.exists().field("assigneeId")));
                default -> {
                    var ids = agentsAndGroups.agentsVisibleTo(actor).stream()
                            .filter(a -> matches(a.name(), q.assignee()) || q.assignee().equalsIgnoreCase(a.email()))
                            .map(a -> a.id()).toList();
                    out.add(f -> ids.isEmpty() ? f.matchNone() : f.terms().field("assigneeId").matchingAny(ids));
                }
            }
        }
        if (q.requester() != null) {
            var r = q.requester();
            out.add(f -> r.contains("@") ? f.match().field("requesterEmail").matching(Letters.lower(r))
                    : f.match().field("requester").matching(r));
        }
        if (q.createdFrom() != null) {
            out.add(f -> f.range().field("createdAt").atLeast(q.createdFrom()));
        }
        if (q.createdTo() != null) {
            out.add(f -> f.range().field("createdAt").lessThan(q.createdTo()));
        }
        return out;
    }

    private static boolean matches(String name, String wanted) {
        if (name == null) {
            return false;
        }
        var n = fold(name);
        var w = fold(wanted);
        return n.equals(w) || n.startsWith(w) || n.contains(" " + w);
    }

    static String fold(String s) {
        return Letters.lower(java.text.Normalizer.normalize(s, java.text.Normalizer.Form.NFD).replaceAll("\\p{M}", "")).trim();
    }

    /** Where the next page starts: an offset into relevance order, or the last (updated, number) of date order. */
    record Cursor(int offset, After after) {
        record After(Instant updatedAt, long number) {}

        static String offset(int offset) {
            return "o" + offset;
        }

        static String after(Instant updatedAt, long number) {
            return "k" + updatedAt.getEpochSecond() + "." + updatedAt.getNano() + "." + number;
        }

        static Cursor parse(String cursor, Sort sort) {
            if (cursor == null || cursor.isBlank()) {
                return new Cursor(0, null);
            }
            try {
                if (cursor.startsWith("o")) {
                    var offset = Integer.parseInt(cursor.substring(1));
                    if (offset < 0 || offset >= MAX_OFFSET) {
                        throw new NumberFormatException();
                    }
                    return new Cursor(offset, null);
                }
                if (cursor.startsWith("k")) {
                    var parts = cursor.substring(1).split("\\.");
                    return new Cursor(0, new After(Instant.ofEpochSecond(Long.parseLong(parts[0]), Long.parseLong(parts[1])),
                            Long.parseLong(parts[2])));
                }
            } catch (RuntimeException e) {
                // falls through
            }
            throw InvalidInputException.field("after", "not a cursor this search gave");
        }
    }

    /** A query as one log line: control characters (a line break would forge a log line) as spaces. */
    private static String oneLine(String q) {
        return q == null ? "" : q.replaceAll("\\p{Cntrl}", " ");
    }
}
