package io.relais.security.internal;

import java.time.Instant;
import java.util.List;
import java.util.Optional;
import org.springframework.data.jpa.repository.Modifying;
import org.springframework.data.jpa.repository.Query;
import org.springframework.data.repository.Repository;

public interface ApiTokenRepository extends Repository<ApiToken, Long> {
    ApiToken save(ApiToken token);

    Optional<ApiToken> findByTokenHash(String tokenHash);

    List<ApiToken> findByAccountIdOrderByCreatedAtDesc(long accountId);

    Optional<ApiToken> findByIdAndAccountId(long id, long accountId);

    /** Touches last_used_at at most once a minute, so a busy client does not write on every call. */
    @Modifying
    @Query("update ApiToken t set t.lastUsedAt = :now where t.id = :id and (t.lastUsedAt is null or t.lastUsedAt < :before)")
    int touch(long id, Instant now, Instant before);
}
