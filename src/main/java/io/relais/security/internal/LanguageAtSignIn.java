package io.relais.security.internal;

import java.util.List;
import java.util.Locale;
import org.springframework.context.event.EventListener;
import org.springframework.security.authentication.event.AuthenticationSuccessEvent;
import org.springframework.stereotype.Component;
import org.springframework.web.context.request.RequestContextHolder;
import org.springframework.web.context.request.ServletRequestAttributes;

/**
 * An agent who never chose a language with the FR/EN switch keeps the one their browser asked for when they
 * first signed in: the pages already speak it, and so do the mails written to them later (SLA alerts), when
 * there is no browser to ask. Choosing with the switch replaces it. (A customer's language is their contact's.)
 */
@Component
class LanguageAtSignIn {
    private static final List<Locale> SUPPORTED = List.of(Locale.ENGLISH, Locale.FRENCH);

    private final AccountStore accounts;

    LanguageAtSignIn(AccountStore accounts) {
        this.accounts = accounts;
    }

    @EventListener
    void on(AuthenticationSuccessEvent event) {
        if (!(event.getAuthentication().getPrincipal() instanceof AccountPrincipal principal) || principal.agentId() == null
                || principal.locale() != null
                || !(RequestContextHolder.getRequestAttributes() instanceof ServletRequestAttributes request)) {
            return;
        }
        var header = request.getRequest().getHeader("Accept-Language");
        if (header == null || header.isBlank()) {
            return;
        }
        try {
            var match = Locale.lookup(Locale.LanguageRange.parse(header), SUPPORTED);
            if (match != null) {
                accounts.rememberLocale(principal.accountId(), match.getLanguage());
            }
        } catch (IllegalArgumentException malformed) {
            // a header no browser sends: nothing to remember
        }
    }
}
