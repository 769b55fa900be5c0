package io.relais.security.internal;

import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.util.Optional;
import java.util.function.Function;
import org.springframework.security.core.Authentication;
import org.springframework.security.core.context.SecurityContextHolder;
import org.springframework.web.filter.OncePerRequestFilter;

/**
 * Authenticates {@code Authorization: Bearer <secret>} with the token kind of its filter chain: personal API
 * tokens ({@code rls_…}) on the API, mail gateway tokens ({@code rlg_…}) on the inbound mail endpoint. A secret
 * its kind does not know leaves the request anonymous (answered 401 by the chain).
 */
class BearerTokenFilter extends OncePerRequestFilter {
    private final Function<String, Optional<Authentication>> tokens;

    BearerTokenFilter(Function<String, Optional<Authentication>> tokens) {
        this.tokens = tokens;
    }

    @Override
    protected void doFilterInternal(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
            throws ServletException, IOException {
        var header = request.getHeader("Authorization");
        if (header != null && header.regionMatches(true, 0, "Bearer ", 0, 7)) {
            tokens.apply(header.substring(7).trim()).ifPresent(auth -> {
                var context = SecurityContextHolder.createEmptyContext();
                context.setAuthentication(auth);
                SecurityContextHolder.setContext(context);
            });
        }
        chain.doFilter(request, response);
    }
}
