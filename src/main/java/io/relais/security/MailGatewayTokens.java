package io.relais.security;

import io.relais.common.InvalidInputException;
import io.relais.common.NotFoundException;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.SecureRandom;
import java.sql.Timestamp;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.util.Base64;
import java.util.HexFormat;
import java.util.List;
import java.util.Optional;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.security.core.context.SecurityContextHolder;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;

/**
 * Tokens of mail servers (the gateway, {@code rlg_…}): a kind of their own, accepted on the inbound mail
 * endpoint only (and personal tokens are not accepted there), optionally bound to one mailbox. Created by
 * an administrator, shown once, stored hashed, revocable.
 */
@Service
public class MailGatewayTokens {
    public static final String PREFIX = "rlg_";
    private static final SecureRandom RANDOM = new SecureRandom();

    /** Who is posting: the token's id and name, and the mailbox it is bound to (null: any). */
    public record GatewayCaller(long tokenId, String name, Long mailboxId) {}

    public record TokenInfo(long id, String name, String prefix, Long mailboxId, Instant createdAt, Instant lastUsedAt) {}

    public record Created(long id, String secret) {}

    private final JdbcClient jdbc;
    private final Clock clock;

    MailGatewayTokens(JdbcClient jdbc, Clock clock) {
        this.jdbc = jdbc;
        this.clock = clock;
    }

    @Transactional
    public Created create(Actor actor, String name, Long mailboxId) {
        actor.requireAdmin();
        if (name == null || name.isBlank() || name.length() > 100) {
            throw InvalidInputException.field("name", "required, at most 100 characters");
        }
        var bytes = new byte[32];
        RANDOM.nextBytes(bytes);
        var secret = PREFIX + Base64.getUrlEncoder().withoutPadding().encodeToString(bytes);
        jdbc.sql("insert into mail_gateway_token (name, token_hash, prefix, mailbox_id, created_at) values (:n, :h, :p, :m, :at)")
                .param("n", name.strip()).param("h", sha256(secret)).param("p", secret.substring(0, 10)).param("m", mailboxId)
                .param("at", Timestamp.from(clock.instant())).update();
        var id = jdbc.sql("select id from mail_gateway_token where token_hash = :h").param("h", sha256(secret)).query(Long.class).single();
        return new Created(id, secret);
    }

    @Transactional(readOnly = true)
    public List<TokenInfo> list(Actor actor) {
        actor.requireAdmin();
        return jdbc.sql("""
                select id, name, prefix, mailbox_id, created_at, last_used_at from mail_gateway_token
                where revoked_at is null order by id""")
                .query((rs, i) -> new TokenInfo(rs.getLong(1), rs.getString(2), rs.getString(3), rs.getObject(4, Long.class),
                        rs.getObject(5, OffsetDateTime.class).toInstant(),
                        rs.getObject(6, OffsetDateTime.class) == null ? null : rs.getObject(6, OffsetDateTime.class).toInstant()))
                .list();
    }

    @Transactional
    public void revoke(Actor actor, long id) {
        actor.requireAdmin();
        if (jdbc.sql("update mail_gateway_token set revoked_at = :at where id = :id and revoked_at is null")
                .param("at", Timestamp.from(clock.instant())).param("id", id).update() == 0) {
            throw new NotFoundException("token", id);
        }
    }

    /** The caller of a token, if it is a live gateway token (its last use noted at most once a minute). */
    public Optional<GatewayCaller> authenticate(String secret) {
        if (secret == null || !secret.startsWith(PREFIX) || secret.length() > 100) {
            return Optional.empty();
        }
        var hash = sha256(secret);
        var found = jdbc.sql("select id, name, mailbox_id, last_used_at from mail_gateway_token where token_hash = :h and revoked_at is null")
                .param("h", hash)
                .query((rs, i) -> new Object[] {new GatewayCaller(rs.getLong(1), rs.getString(2), rs.getObject(3, Long.class)),
                        rs.getObject(4, OffsetDateTime.class)})
                .optional();
        found.ifPresent(row -> {
            var used = (OffsetDateTime) row[1];
            var now = clock.instant();
            if (used == null || Duration.between(used.toInstant(), now).toMinutes() >= 1) {
                jdbc.sql("update mail_gateway_token set last_used_at = :at where id = :id")
                        .param("at", Timestamp.from(now)).param("id", ((GatewayCaller) row[0]).tokenId()).update();
            }
        });
        return found.map(row -> (GatewayCaller) row[0]);
    }

    /** The gateway caller of the current request, if a gateway token authenticated it. */
    public static Optional<GatewayCaller> current() {
        var auth = SecurityContextHolder.getContext().getAuthentication();
        return auth != null && auth.getPrincipal() instanceof GatewayCaller caller ? Optional.of(caller) : Optional.empty();
    }

    private static String sha256(String value) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(value.getBytes(StandardCharsets.UTF_8)));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
