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
 * its kind does not know leaves the request anonymous (answered 401 by the chain). When the database cannot
 * be reached to check the token, the answer is 503 with Retry-After (a mail server keeps the message and
 * retries), never a 500.
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
            Optional<Authentication> found;
            try {
                found = tokens.apply(header.substring(7).trim());
            } catch (org.springframework.dao.DataAccessException | org.springframework.transaction.TransactionException e) {
                unavailable(response);
                return;
            }
            found.ifPresent(auth -> {
                var context = SecurityContextHolder.createEmptyContext();
                context.setAuthentication(auth);
                SecurityContextHolder.setContext(context);
            });
        }
        chain.doFilter(request, response);
    }

    private static void unavailable(HttpServletResponse response) throws IOException {
        response.setStatus(HttpServletResponse.SC_SERVICE_UNAVAILABLE);
        response.setHeader("Retry-After", "60");
        response.setContentType("application/problem+json");
        response.getWriter().write("{\"type\":\"about:blank\",\"title\":\"Service Unavailable\",\"status\":503,"
                + "\"detail\":\"The desk cannot check the token now: retry later\"}");
    }
}
