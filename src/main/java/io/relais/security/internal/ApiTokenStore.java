package io.relais.security.internal;

import io.relais.security.ApiTokens;
import io.relais.security.PersonDirectory;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.Base64;
import java.util.HexFormat;
import java.util.List;
import java.util.Optional;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;
import org.springframework.transaction.annotation.Transactional;

@Component
public class ApiTokenStore {
    static final String TOKEN_PREFIX = "rls_";
    private static final SecureRandom RANDOM = new SecureRandom();

    private final ApiTokenRepository tokens;
    private final JdbcClient jdbc;
    private final PersonDirectory people;
    private final Clock clock;

    ApiTokenStore(ApiTokenRepository tokens, JdbcClient jdbc, PersonDirectory people, Clock clock) {
        this.tokens = tokens;
        this.jdbc = jdbc;
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

    /**
     * The principal for a presented secret, if it names a live token of an active account. Called on
     * every API request, so it reads the token and its account in one statement, outside any
     * transaction (no BEGIN / COMMIT round trips), and writes only when the last use it records is
     * more than a minute old.
     */
    public Optional<AccountPrincipal> authenticate(String secret) {
        if (secret == null || !secret.startsWith(TOKEN_PREFIX) || secret.length() > 100) {
            return Optional.empty();
        }
        record Found(long tokenId, Instant lastUsed, long accountId, String login, Long agentId,
                Long contactId, String locale, boolean active) {}
        var found = jdbc.sql("select t.id, t.last_used_at, a.id, a.login, a.agent_id, a.contact_id, a.locale,"
                        + " a.active from api_token t join account a on a.id = t.account_id"
                        + " where t.token_hash = :hash and t.revoked_at is null")
                .param("hash", sha256(secret))
                .query((rs, n) -> {
                    var used = rs.getObject(2, OffsetDateTime.class);
                    return new Found(rs.getLong(1), used == null ? null : used.toInstant(), rs.getLong(3), rs.getString(4),
                            rs.getObject(5, Long.class), rs.getObject(6, Long.class), rs.getString(7), rs.getBoolean(8));
                })
                .optional();
        if (found.isEmpty()) {
            return Optional.empty();
        }
        var now = clock.instant();
        var lastUsed = found.get().lastUsed();
        if (lastUsed == null || lastUsed.isBefore(now.minus(Duration.ofMinutes(1)))) {
            // At most one write a minute per token: a busy client must not turn every read into a write.
            jdbc.sql("update api_token set last_used_at = :now where id = :id and (last_used_at is null or last_used_at < :before)")
                    .param("now", now.atOffset(ZoneOffset.UTC)).param("id", found.get().tokenId())
                    .param("before", now.minus(Duration.ofMinutes(1)).atOffset(ZoneOffset.UTC))
                    .update();
        }
        var f = found.get();
        var person = f.agentId() != null ? people.agent(f.agentId()) : people.contact(f.contactId());
        return person.map(p -> AccountPrincipal.forOneRequest(f.accountId(), f.login(), f.agentId(), f.contactId(),
                f.locale(), f.active(), p)).filter(AccountPrincipal::isEnabled);
    }

    static String sha256(String value) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(value.getBytes(StandardCharsets.UTF_8)));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
