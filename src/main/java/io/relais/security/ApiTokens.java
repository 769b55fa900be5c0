package io.relais.security;

import io.relais.common.InvalidInputException;
import io.relais.common.NotFoundException;
import io.relais.security.internal.ApiTokenStore;
import java.time.Instant;
import java.util.List;
import org.springframework.stereotype.Service;

/** Personal API tokens: created in the user menu, shown once, stored hashed, revocable. */
@Service
public class ApiTokens {
    private final ApiTokenStore store;

    ApiTokens(ApiTokenStore store) {
        this.store = store;
    }

    /** Creates a token and returns its secret, which is never shown again. */
    public CreatedToken create(Actor actor, String name) {
        if (name == null || name.isBlank() || name.length() > 100) {
            throw InvalidInputException.field("name", "required, at most 100 characters");
        }
        return store.create(actor.accountId(), name.trim());
    }

    public List<TokenInfo> list(Actor actor) {
        return store.list(actor.accountId());
    }

    public void revoke(Actor actor, long tokenId) {
        if (!store.revoke(actor.accountId(), tokenId)) {
            throw new NotFoundException("token", tokenId);
        }
    }

    public record CreatedToken(long id, String secret) {}

    public record TokenInfo(long id, String name, String prefix, Instant createdAt, Instant lastUsedAt, Instant revokedAt) {}
}
