package io.relais.security.internal;

import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import org.springframework.web.filter.OncePerRequestFilter;

/** Until the first account exists, every page leads to the setup page (nothing is pre-seeded). */
class SetupGateFilter extends OncePerRequestFilter {
    private final AccountStore accounts;

    SetupGateFilter(AccountStore accounts) {
        this.accounts = accounts;
    }

    @Override
    protected void doFilterInternal(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
            throws ServletException, IOException {
        var path = request.getRequestURI().substring(request.getContextPath().length());
        var open = path.startsWith("/setup") || path.startsWith("/css/") || path.startsWith("/js/")
                || path.startsWith("/webjars/") || path.startsWith("/actuator/") || path.equals("/favicon.ico")
                || path.equals("/error") || path.startsWith("/v3/api-docs") || path.startsWith("/swagger-ui");
        if (!open && accounts.setupRequired()) {
            response.sendRedirect(request.getContextPath() + "/setup");
            return;
        }
        chain.doFilter(request, response);
    }
}
