package io.relais.security;

import io.relais.security.internal.AccountPrincipal;
import io.relais.security.internal.AccountStore;
import java.util.Optional;
import org.springframework.security.core.context.SecurityContextHolder;
import org.springframework.stereotype.Component;
import org.springframework.web.context.request.RequestAttributes;
import org.springframework.web.context.request.RequestContextHolder;

/**
 * Resolves the {@link Actor} of the current request. The scope is recomputed on every request
 * (cached for the request only), so removing an agent from a group takes effect at once.
 */
@Component
public class CurrentActor {
    private static final String ATTRIBUTE = CurrentActor.class.getName();

    private final PersonDirectory people;
    private final AccountStore accounts;

    CurrentActor(PersonDirectory people, AccountStore accounts) {
        this.people = people;
        this.accounts = accounts;
    }

    public Optional<Actor> find() {
        var auth = SecurityContextHolder.getContext().getAuthentication();
        if (auth == null || !(auth.getPrincipal() instanceof AccountPrincipal principal)) {
            return Optional.empty();
        }
        var request = RequestContextHolder.getRequestAttributes();
        if (request != null && request.getAttribute(ATTRIBUTE, RequestAttributes.SCOPE_REQUEST) instanceof Actor cached
                && cached.accountId() == principal.accountId()) {
            return Optional.of(cached);
        }
        var actor = resolve(principal);
        actor.ifPresent(a -> {
            if (request != null) {
                request.setAttribute(ATTRIBUTE, a, RequestAttributes.SCOPE_REQUEST);
            }
        });
        return actor;
    }

    public Actor require() {
        return find().orElseThrow(() -> new IllegalStateException("no authenticated actor"));
    }

    /**
     * The person behind the account, if both are still active. A session's principal was built at sign-in: without
     * reading the account again here, a deactivated account kept reading and writing through its open session
     * (its token and the sign-in form already refused it). An API token's principal is read anew with each request
     * (account and person, {@code ApiTokenStore.authenticate}): it is used as it is, without a second look-up.
     */
    Optional<Actor> resolve(AccountPrincipal principal) {
        // An API request's principal was built from its token's account row and person, read in this request.
        var readNow = principal.readWithToken();
        if (readNow.isEmpty() && !accounts.active(principal.accountId())) {
            return Optional.empty();
        }
        var person = readNow.isPresent() ? readNow : principal.agentId() != null
                ? people.agent(principal.agentId())
                : people.contact(principal.contactId());
        return person.filter(PersonDirectory.Person::active).map(p -> new Actor(
                principal.accountId(),
                principal.agentId() != null ? Actor.Kind.AGENT : Actor.Kind.CUSTOMER,
                principal.agentId() != null ? principal.agentId() : principal.contactId(),
                p.name(), p.role(), p.scope(),
                principal.locale() != null ? principal.locale() : p.language()));
    }
}
