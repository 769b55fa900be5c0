package io.relais.security.internal;

import io.relais.security.ApiTokens;
import io.relais.security.PersonDirectory;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Duration;
import java.util.Base64;
import java.util.HexFormat;
import java.util.List;
import java.util.Optional;
import org.springframework.stereotype.Component;
import org.springframework.transaction.annotation.Transactional;

@Component
public class ApiTokenStore {
    static final String TOKEN_PREFIX = "rls_";
    private static final SecureRandom RANDOM = new SecureRandom();

    private final ApiTokenRepository tokens;
    private final AccountRepository accounts;
    private final PersonDirectory people;
    private final Clock clock;

    ApiTokenStore(ApiTokenRepository tokens, AccountRepository accounts, PersonDirectory people, Clock clock) {
        this.tokens = tokens;
        this.accounts = accounts;
        this.people = people;
        this.clock = clock;
    }

    @Transactional
    public ApiTokens.CreatedToken create(long accountId, String name) {
        var bytes = new byte[32];
        RANDOM.nextBytes(bytes);
        var secret = TOKEN_PREFIX + Base64.getUrlEncoder().withoutPadding().encodeToString(bytes);
        var token = tokens.save(new ApiToken(accountId, name, sha256(secret), secret.substring(0, 10), clock.instant()));
        return new ApiTokens.CreatedToken(token.id(), secret);
    }

    @Transactional(readOnly = true)
    public List<ApiTokens.TokenInfo> list(long accountId) {
        return tokens.findByAccountIdOrderByCreatedAtDesc(accountId).stream()
                .map(t -> new ApiTokens.TokenInfo(t.id(), t.name(), t.prefix(), t.createdAt(), t.lastUsedAt(), t.revokedAt()))
                .toList();
    }

    @Transactional
    public boolean revoke(long accountId, long tokenId) {
        var token = tokens.findByIdAndAccountId(tokenId, accountId);
        token.ifPresent(t -> t.revoke(clock.instant()));
        return token.isPresent();
    }

    /** The principal for a presented secret, if it names a live token of an active account. */
    @Transactional
    public Optional<AccountPrincipal> authenticate(String secret) {
        if (secret == null || !secret.startsWith(TOKEN_PREFIX) || secret.length() > 100) {
            return Optional.empty();
        }
        var token = tokens.findByTokenHash(sha256(secret)).filter(t -> t.revokedAt() == null);
        if (token.isEmpty()) {
            return Optional.empty();
        }
        var now = clock.instant();
        var lastUsed = token.get().lastUsedAt();
        if (lastUsed == null || lastUsed.isBefore(now.minus(Duration.ofMinutes(1)))) {
            // At most one write a minute per token: a busy client must not turn every read into a write.
            tokens.touch(token.get().id(), now, now.minus(Duration.ofMinutes(1)));
        }
        return accounts.findById(token.get().accountId())
                .flatMap(a -> AccountDetailsService.principalOf(a, people))
                .filter(AccountPrincipal::isEnabled);
    }

    static String sha256(String value) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(value.getBytes(StandardCharsets.UTF_8)));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
