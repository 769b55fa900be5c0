package io.relais.security.internal;

import io.relais.security.PersonDirectory;
import java.io.Serializable;
import java.util.Collection;
import java.util.List;
import org.springframework.security.core.CredentialsContainer;
import org.springframework.security.core.GrantedAuthority;
import org.springframework.security.core.authority.SimpleGrantedAuthority;
import org.springframework.security.core.userdetails.UserDetails;

/** The authenticated account, kept in the session (small: ids only, the password erased after login). */
public final class AccountPrincipal implements UserDetails, CredentialsContainer, Serializable {
    private final long accountId;
    private final String login;
    private String passwordHash;
    private final Long agentId;
    private final Long contactId;
    private final String locale;
    private final String role;
    private final boolean enabled;
    /**
     * The person as read with this request's API token, with the account (never set on a principal kept in a
     * session: a session's principal lives across requests and must be read again on each one).
     */
    private final transient PersonDirectory.Person readWithToken;

    public AccountPrincipal(long accountId, String login, String passwordHash, Long agentId, Long contactId,
                            String locale, String role, boolean enabled) {
        this(accountId, login, passwordHash, agentId, contactId, locale, role, enabled, null);
    }

    private AccountPrincipal(long accountId, String login, String passwordHash, Long agentId, Long contactId,
                             String locale, String role, boolean enabled, PersonDirectory.Person readWithToken) {
        this.readWithToken = readWithToken;
        this.accountId = accountId;
        this.login = login;
        this.passwordHash = passwordHash;
        this.agentId = agentId;
        this.contactId = contactId;
        this.locale = locale;
        this.role = role;
        this.enabled = enabled;
    }

    public long accountId() { return accountId; }
    public Long agentId() { return agentId; }
    public Long contactId() { return contactId; }
    public String locale() { return locale; }
    public String role() { return role; }

    /**
     * A principal for one API request, built from the token's account row and the person read just now: the
     * request's actor is made from them without reading either again.
     */
    static AccountPrincipal forOneRequest(long accountId, String login, Long agentId, Long contactId, String locale,
                                          boolean accountActive, PersonDirectory.Person person) {
        return new AccountPrincipal(accountId, login, null, agentId, contactId, locale, person.role().name(),
                accountActive && person.active(), person);
    }

    /** The person read with this request's token and account, if this principal was built for one API request. */
    public java.util.Optional<PersonDirectory.Person> readWithToken() {
        return java.util.Optional.ofNullable(readWithToken);
    }

    /** The same account with the role it has now (its password already erased). */
    AccountPrincipal withRole(String newRole) {
        return new AccountPrincipal(accountId, login, null, agentId, contactId, locale, newRole, enabled);
    }

    @Override
    public Collection<? extends GrantedAuthority> getAuthorities() {
        return List.of(new SimpleGrantedAuthority("ROLE_" + role));
    }

    @Override public String getPassword() { return passwordHash; }
    @Override public String getUsername() { return login; }
    @Override public boolean isEnabled() { return enabled; }
    @Override public void eraseCredentials() { passwordHash = null; }

    @Override
    public String toString() {
        return "AccountPrincipal[" + accountId + "]";
    }
}
