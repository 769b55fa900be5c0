package io.relais.search;

import io.relais.common.Letters;
import io.relais.directory.Directory;
import io.relais.directory.PhoneNumbers;
import io.relais.security.Actor;
import jakarta.persistence.EntityManager;
import jakarta.persistence.PersistenceContext;
import java.util.List;
import java.util.regex.Pattern;
import org.hibernate.search.engine.search.common.BooleanOperator;
import org.hibernate.search.mapper.orm.Search;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;

/**
 * Contacts and organizations in the search box (agents): by name or its start, e-mail address, phone number
 * (any way it is written), domain or contract reference, among the organizations the agent serves.
 */
@Service
public class DirectorySearch {
    private static final Pattern WORDISH = Pattern.compile("[\\p{L}\\p{N}][\\p{L}\\p{N}'.-]*");

    public record ContactHit(long id, String name, String email, String phone, long organizationId) {}

    public record OrganizationHit(long id, String name) {}

    @PersistenceContext
    private EntityManager em;
    private final Directory directory;

    DirectorySearch(Directory directory) {
        this.directory = directory;
    }

    @Transactional(readOnly = true)
    public List<ContactHit> contacts(Actor actor, String q, int limit) {
        var text = words(q);
        if (!actor.isAgent() || text.isBlank()) {
            return List.of();
        }
        var digits = PhoneNumbers.digits(q);
        var phones = digits != null && digits.length() >= 6 ? List.copyOf(PhoneNumbers.candidates(q.trim(), directory.phoneRegions(actor)))
                : List.<String>of();
        var session = Search.session(em);
        return session.search(session.scope(Object.class, "Contact"))
                .select(f -> f.composite().from(f.id(Long.class), f.field("name", String.class), f.field("email", String.class),
                        f.field("phone", String.class), f.field("organizationId", Long.class)).asList())
                .where(f -> f.bool(b -> {
                    b.filter(actor.scope().searchFilter(f, "organizationId", null));
                    b.should(f.simpleQueryString().field("name").matching(prefixes(text)).defaultOperator(BooleanOperator.AND));
                    var lower = Letters.lower(q.trim());
                    b.should(f.match().field("email").matching(lower).boost(5f));
                    b.should(f.match().field("addresses.normalized").matching(lower).boost(5f));
                    if (!phones.isEmpty()) {
                        // numbers are indexed in E.164: the query read in each country of the agent's organizations
                        b.should(f.terms().field("phoneDigits").matchingAny(phones).boost(5f));
                        b.should(f.terms().field("addresses.normalized").matchingAny(phones).boost(5f));
                        // and its digits as typed ending a stored one (a partial number, or one that could not be read)
                        b.should(f.wildcard().field("phoneDigits").matching("*" + digits).boost(3f));
                        b.should(f.wildcard().field("addresses.normalized").matching("*" + digits).boost(3f));
                    }
                    b.minimumShouldMatchNumber(1);
                }))
                .fetchHits(limit).stream()
                .map(r -> new ContactHit((Long) r.get(0), (String) r.get(1), (String) r.get(2), (String) r.get(3), (Long) r.get(4)))
                .toList();
    }

    @Transactional(readOnly = true)
    public List<OrganizationHit> organizations(Actor actor, String q, int limit) {
        var text = words(q);
        if (!actor.isAgent() || text.isBlank()) {
            return List.of();
        }
        var session = Search.session(em);
        return session.search(session.scope(Object.class, "Organization"))
                .select(f -> f.composite().from(f.id(Long.class), f.field("name", String.class)).asList())
                .where(f -> f.bool(b -> {
                    b.filter(actor.scope().searchFilter(f, null, null));
                    b.should(f.simpleQueryString().field("name").boost(2f).field("domains").matching(prefixes(text))
                            .defaultOperator(BooleanOperator.AND));
                    b.should(f.match().field("contractRef").matching(q.trim()).boost(5f));
                    b.minimumShouldMatchNumber(1);
                }))
                .fetchHits(limit).stream()
                .map(r -> new OrganizationHit((Long) r.get(0), (String) r.get(1)))
                .toList();
    }

    /** The plain words of a query (no operators, no field filters): what a name can match. */
    static String words(String q) {
        if (q == null) {
            return "";
        }
        var out = new StringBuilder();
        for (var token : SearchQuery.tokens(q)) {
            int colon = token.indexOf(':');
            if (colon > 0 && SearchQuery.FIELDS.contains(Letters.lower(token.substring(0, colon)))) {
                continue;
            }
            var m = WORDISH.matcher(token);
            while (m.find()) {
                out.append(out.isEmpty() ? "" : " ").append(m.group());
            }
        }
        return out.toString();
    }

    /** Every word as a prefix, so that "jul mart" finds Julie Martin while it is typed. */
    private static String prefixes(String words) {
        var out = new StringBuilder();
        for (var w : words.split(" ")) {
            if (!w.isBlank()) {
                out.append(out.isEmpty() ? "" : " ").append(w.replaceAll("[*\"|+\\-()~]", "")).append('*');
            }
        }
        return out.toString();
    }
}
