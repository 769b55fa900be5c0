package io.relais.security.internal;

import org.springframework.dao.DataAccessException;
import org.springframework.security.authentication.AuthenticationProvider;
import org.springframework.security.authentication.InternalAuthenticationServiceException;
import org.springframework.security.authentication.LockedException;
import org.springframework.security.authentication.UsernamePasswordAuthenticationToken;
import org.springframework.security.authentication.dao.DaoAuthenticationProvider;
import org.springframework.security.core.Authentication;
import org.springframework.security.core.AuthenticationException;
import org.springframework.security.web.authentication.WebAuthenticationDetails;

/**
 * Password login through {@link LoginThrottle}: the attempt is reserved (and counted as a failure) before the
 * password is compared, and refused without comparing it while the throttle says wait.
 */
class ThrottledAuthenticationProvider implements AuthenticationProvider {
    private final DaoAuthenticationProvider delegate;
    private final LoginThrottle throttle;
    private final AccountStore accounts;

    ThrottledAuthenticationProvider(DaoAuthenticationProvider delegate, LoginThrottle throttle, AccountStore accounts) {
        this.delegate = delegate;
        this.throttle = throttle;
        this.accounts = accounts;
    }

    @Override
    public Authentication authenticate(Authentication authentication) throws AuthenticationException {
        var login = String.valueOf(authentication.getName());
        // the peer of the connection (a proxy's X-Forwarded-For counts only where the server is told to trust it)
        var address = authentication.getDetails() instanceof WebAuthenticationDetails d ? d.getRemoteAddress() : "?";
        try {
            if (throttle.reserve(login, address).isPresent()) {
                throw new LockedException("too many failed attempts");
            }
            var result = delegate.authenticate(authentication);
            throttle.succeeded(login, address);
            if (result != null && result.getPrincipal() instanceof AccountPrincipal p) {
                accounts.recordLogin(p.accountId());
            }
            return result;
        } catch (DataAccessException e) {
            throw new InternalAuthenticationServiceException("login throttle unavailable", e);
        }
    }

    @Override
    public boolean supports(Class<?> authentication) {
        return UsernamePasswordAuthenticationToken.class.isAssignableFrom(authentication);
    }
}
