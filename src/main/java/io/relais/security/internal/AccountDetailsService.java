package io.relais.security.internal;

import io.relais.security.PersonDirectory;
import org.springframework.security.core.userdetails.UserDetails;
import org.springframework.security.core.userdetails.UserDetailsService;
import org.springframework.security.core.userdetails.UsernameNotFoundException;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;

@Service
class AccountDetailsService implements UserDetailsService {
    private final AccountRepository accounts;
    private final PersonDirectory people;

    AccountDetailsService(AccountRepository accounts, PersonDirectory people) {
        this.accounts = accounts;
        this.people = people;
    }

    @Override
    @Transactional(readOnly = true)
    public UserDetails loadUserByUsername(String login) {
        var account = accounts.findByLogin(login.trim()).orElseThrow(() -> new UsernameNotFoundException("unknown login"));
        return principalOf(account, people).orElseThrow(() -> new UsernameNotFoundException("no active person"));
    }

    static java.util.Optional<AccountPrincipal> principalOf(Account account, PersonDirectory people) {
        return principalOf(account.id(), account.login(), account.passwordHash(), account.agentId(), account.contactId(),
                account.locale(), account.active(), people);
    }

    static java.util.Optional<AccountPrincipal> principalOf(long accountId, String login, String passwordHash, Long agentId,
            Long contactId, String locale, boolean active, PersonDirectory people) {
        var person = agentId != null ? people.agent(agentId) : people.contact(contactId);
        return person.map(p -> new AccountPrincipal(accountId, login, passwordHash, agentId, contactId, locale,
                p.role().name(), active && p.active()));
    }
}
