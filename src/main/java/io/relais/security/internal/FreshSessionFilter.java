package io.relais.security.internal;

import io.relais.security.CurrentActor;
import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import org.springframework.security.authentication.UsernamePasswordAuthenticationToken;
import org.springframework.security.core.context.SecurityContextHolder;
import org.springframework.security.web.context.HttpSessionSecurityContextRepository;
import org.springframework.web.filter.OncePerRequestFilter;

/**
 * A session keeps the role it was opened with unless told otherwise: on every request of a signed-in person,
 * this filter reads who they are now (the same per-request look-up as {@link CurrentActor}, one query) before
 * any access rule is checked. A changed role replaces the session's authorities at once (a demoted administrator
 * gets 403 on the next admin page); a deactivated person, or one whose organization was deactivated, is signed
 * out. Groups need nothing here: the scope is computed per request already. API tokens are checked against the
 * account on every request by {@link ApiTokenStore}.
 */
class FreshSessionFilter extends OncePerRequestFilter {
    private final CurrentActor actors;
    private final HttpSessionSecurityContextRepository sessions = new HttpSessionSecurityContextRepository();

    FreshSessionFilter(CurrentActor actors) {
        this.actors = actors;
    }

    @Override
    protected boolean shouldNotFilter(HttpServletRequest request) {
        var path = request.getRequestURI().substring(request.getContextPath().length());
        // static files: nothing to protect, not worth a query each
        return path.startsWith("/css/") || path.startsWith("/js/") || path.startsWith("/webjars/") || path.equals("/favicon.ico");
    }

    @Override
    protected void doFilterInternal(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
            throws ServletException, IOException {
        var auth = SecurityContextHolder.getContext().getAuthentication();
        if (auth != null && auth.getPrincipal() instanceof AccountPrincipal principal) {
            var actor = actors.find();
            if (actor.isEmpty()) {
                var session = request.getSession(false);
                if (session != null) {
                    session.invalidate();
                }
                SecurityContextHolder.clearContext();
            } else if (!actor.get().role().name().equals(principal.role())) {
                var fresh = principal.withRole(actor.get().role().name());
                var token = UsernamePasswordAuthenticationToken.authenticated(fresh, null, fresh.getAuthorities());
                token.setDetails(auth.getDetails());
                var context = SecurityContextHolder.createEmptyContext();
                context.setAuthentication(token);
                SecurityContextHolder.setContext(context);
                sessions.saveContext(context, request, response);
            }
        }
        chain.doFilter(request, response);
    }
}
