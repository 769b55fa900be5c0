package io.relais.security;

import io.relais.common.ConflictException;
import io.relais.common.InvalidInputException;
import io.relais.security.internal.AccountStore;
import java.util.Optional;
import org.springframework.dao.CannotAcquireLockException;
import org.springframework.dao.DataIntegrityViolationException;
import org.springframework.stereotype.Service;

/** Login accounts for agents and customer contacts. */
@Service
public class Accounts {
    public static final int MIN_PASSWORD_LENGTH = 10;

    private final AccountStore store;

    Accounts(AccountStore store) {
        this.store = store;
    }

    /** True until the first account exists: the application then shows the setup page. */
    public boolean setupRequired() {
        return store.setupRequired();
    }

    public long createForAgent(long agentId, String login, String rawPassword) {
        return create(login, rawPassword, agentId, null);
    }

    public long createForContact(long contactId, String login, String rawPassword) {
        return create(login, rawPassword, null, contactId);
    }

    public Optional<String> loginOfAgent(long agentId) {
        return store.loginOfAgent(agentId);
    }

    public void changeLocale(long accountId, String language) {
        store.changeLocale(accountId, language);
    }

    /**
     * The language an agent reads Relais in (fr or en), for what is written to them away from the screen (mail):
     * the one they chose with the FR/EN switch, else the one their browser asked for when they first signed in.
     * Empty for an agent who never signed in.
     */
    public Optional<String> languageOfAgent(long agentId) {
        return store.localeOfAgent(agentId).filter(l -> "fr".equals(l) || "en".equals(l));
    }

    public void setPassword(long accountId, String rawPassword) {
        checkPassword(rawPassword);
        store.setPassword(accountId, rawPassword);
    }

    private long create(String login, String rawPassword, Long agentId, Long contactId) {
        if (login == null || login.isBlank()) {
            throw InvalidInputException.field("login", "required");
        }
        checkPassword(rawPassword);
        if (store.loginTaken(login)) {
            throw new ConflictException("An account with this login already exists");
        }
        try {
            return store.create(login.trim(), rawPassword, agentId, contactId);
        } catch (DataIntegrityViolationException | CannotAcquireLockException e) {
            // taken meanwhile by someone saving at the same time (the unique index decides; H2 reports the row another
            // transaction inserted as a concurrent update): the caller's whole transaction rolls back, so a contact or
            // an agent saved with it does not stay without its login
            throw new ConflictException("An account with this login already exists");
        }
    }

    /** Refuses a password too short to be a login's (422), before anything is written. */
    public static void checkPassword(String rawPassword) {
        if (rawPassword == null || rawPassword.length() < MIN_PASSWORD_LENGTH) {
            throw InvalidInputException.field("password", "at least " + MIN_PASSWORD_LENGTH + " characters");
        }
    }
}
