package io.relais.security;

import io.relais.security.internal.AccountPrincipal;
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

    CurrentActor(PersonDirectory people) {
        this.people = people;
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

    Optional<Actor> resolve(AccountPrincipal principal) {
        var person = principal.agentId() != null
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
