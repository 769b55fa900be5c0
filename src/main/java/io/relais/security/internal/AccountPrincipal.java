package io.relais.security.internal;

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

    public AccountPrincipal(long accountId, String login, String passwordHash, Long agentId, Long contactId,
                            String locale, String role, boolean enabled) {
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
