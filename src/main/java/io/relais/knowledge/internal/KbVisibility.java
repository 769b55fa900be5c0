package io.relais.knowledge.internal;

import io.relais.knowledge.KbRecords.Visibility;
import io.relais.security.Actor;
import java.util.List;
import java.util.Set;
import org.hibernate.search.engine.search.predicate.dsl.PredicateFinalStep;
import org.hibernate.search.engine.search.predicate.dsl.SearchPredicateFactory;

/**
 * Who may read an article, in one place, as a test on a loaded article and as a predicate of the search
 * query (so that counts never include what the reader may not see):
 * <ul>
 *   <li>agents read internal and public articles; customers only public ones, never archived ones;</li>
 *   <li>an article restricted to some organizations is read only by people of (or serving) one of them.</li>
 * </ul>
 */
public final class KbVisibility {
    private KbVisibility() {}

    public static boolean permits(Actor actor, KbArticle article) {
        if (!actor.isAgent() && (article.getVisibility() != Visibility.PUBLIC || article.isArchived())) {
            return false;
        }
        return permitsOrganizations(actor, article.getOrganizationIds());
    }

    /**
     * Whether an agent may read an earlier version of an article: each version is read by who could read the
     * article when it was written (text written while it was restricted to B stays B's after it is widened).
     */
    public static boolean permitsVersion(Actor actor, Set<Long> restrictedTo) {
        return actor.isAgent() && permitsOrganizations(actor, restrictedTo);
    }

    static boolean permitsOrganizations(Actor actor, Set<Long> restrictedTo) {
        var scope = actor.scope();
        return restrictedTo.isEmpty() || restrictedTo.stream().anyMatch(scope::includesOrganization);
    }

    public static PredicateFinalStep predicate(SearchPredicateFactory f, Actor actor) {
        var scope = actor.scope();
        // articles for every client, and those restricted to an organization of the scope (the scope's one rule)
        PredicateFinalStep organizations = f.or(f.match().field("restricted").matching(false),
                scope.organizationsOnly().searchFilter(f, "organizationId", null));
        if (actor.isAgent()) {
            return organizations;
        }
        return f.and(organizations, f.match().field("visibility").matching(Visibility.PUBLIC),
                f.match().field("archived").matching(false));
    }
}
