package io.relais.security.internal;

import io.relais.common.Letters;
import java.util.Optional;
import org.springframework.data.jpa.repository.Query;
import org.springframework.data.repository.Repository;

public interface AccountRepository extends Repository<Account, Long> {
    Account save(Account account);

    Optional<Account> findById(long id);

    /**
     * The account of a login, whatever its case. The case is folded here, never by the database: H2's {@code lower}
     * is the JDK's, quadratic on runs of some letters, and the login form is open to anyone. A login longer than any
     * account's (320) is nobody's, and is not looked up.
     */
    default Optional<Account> findByLogin(String login) {
        var trimmed = login.trim();
        return trimmed.length() > 320 ? Optional.empty() : findByLowerCaseLogin(Letters.lower(trimmed));
    }

    @Query("select a from Account a where lower(a.login) = :lowerCaseLogin")
    Optional<Account> findByLowerCaseLogin(String lowerCaseLogin);

    Optional<Account> findByAgentId(long agentId);

    Optional<Account> findByContactId(long contactId);

    @Query("select count(a) > 0 from Account a")
    boolean anyExists();
}
