package io.relais.security.internal;

import java.util.List;
import java.util.Optional;
import org.springframework.data.repository.Repository;

public interface ApiTokenRepository extends Repository<ApiToken, Long> {
    ApiToken save(ApiToken token);

    List<ApiToken> findByAccountIdOrderByCreatedAtDesc(long accountId);

    Optional<ApiToken> findByIdAndAccountId(long id, long accountId);
}
