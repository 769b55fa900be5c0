package io.relais.security.internal;

import java.time.Clock;
import java.util.Optional;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.security.crypto.password.PasswordEncoder;
import org.springframework.stereotype.Component;
import org.springframework.transaction.annotation.Transactional;

@Component
public class AccountStore {
    private final AccountRepository accounts;
    private final PasswordEncoder encoder;
    private final Clock clock;
    private final JdbcClient jdbc;
    private volatile boolean setupDone;

    AccountStore(AccountRepository accounts, PasswordEncoder encoder, Clock clock, JdbcClient jdbc) {
        this.accounts = accounts;
        this.encoder = encoder;
        this.clock = clock;
        this.jdbc = jdbc;
    }

    /**
     * Whether the account may still act. Read on every request (one indexed statement, outside any transaction, as
     * {@link ApiTokenStore#authenticate} reads a token's account), so that deactivating an account ends its open
     * sessions at their next request.
     */
    public boolean active(long accountId) {
        return jdbc.sql("select active from account where id = ?").param(accountId).query(Boolean.class).optional().orElse(false);
    }

    @Transactional(readOnly = true)
    public boolean setupRequired() {
        if (setupDone) {
            return false;
        }
        setupDone = accounts.anyExists();
        return !setupDone;
    }

    @Transactional(readOnly = true)
    public boolean loginTaken(String login) {
        return accounts.findByLogin(login.trim()).isPresent();
    }

    @Transactional
    public long create(String login, String rawPassword, Long agentId, Long contactId) {
        var account = accounts.save(new Account(login, encoder.encode(rawPassword), agentId, contactId, clock.instant()));
        return account.id();
    }

    @Transactional(readOnly = true)
    public Optional<String> loginOfAgent(long agentId) {
        return accounts.findByAgentId(agentId).map(Account::login);
    }

    @Transactional
    public void changeLocale(long accountId, String language) {
        accounts.findById(accountId).ifPresent(a -> a.changeLocale(language));
    }

    /** The language a person signed in with, kept until they choose one (the FR/EN switch). */
    @Transactional
    public void rememberLocale(long accountId, String language) {
        accounts.findById(accountId).filter(a -> a.locale() == null).ifPresent(a -> a.changeLocale(language));
    }

    @Transactional(readOnly = true)
    public Optional<String> localeOfAgent(long agentId) {
        return accounts.findByAgentId(agentId).map(Account::locale);
    }

    @Transactional
    public void setPassword(long accountId, String rawPassword) {
        accounts.findById(accountId).ifPresent(a -> a.changePassword(encoder.encode(rawPassword)));
    }

    @Transactional
    public void recordLogin(long accountId) {
        accounts.findById(accountId).ifPresent(a -> a.loggedIn(clock.instant()));
    }
}
