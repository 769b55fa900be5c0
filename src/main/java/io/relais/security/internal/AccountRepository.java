package io.relais.security.internal;

import java.util.Optional;
import org.springframework.data.jpa.repository.Query;
import org.springframework.data.repository.Repository;

public interface AccountRepository extends Repository<Account, Long> {
    Account save(Account account);

    Optional<Account> findById(long id);

    @Query("select a from Account a where lower(a.login) = lower(:login)")
    Optional<Account> findByLogin(String login);

    Optional<Account> findByAgentId(long agentId);

    Optional<Account> findByContactId(long contactId);

    @Query("select count(a) > 0 from Account a")
    boolean anyExists();
}
