package io.relais.security.internal;

import jakarta.servlet.http.HttpServletResponse;
import java.nio.charset.StandardCharsets;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.annotation.Order;
import org.springframework.security.access.hierarchicalroles.RoleHierarchy;
import org.springframework.security.access.hierarchicalroles.RoleHierarchyImpl;
import org.springframework.security.authentication.dao.DaoAuthenticationProvider;
import org.springframework.security.authentication.UsernamePasswordAuthenticationToken;
import org.springframework.security.config.annotation.web.builders.HttpSecurity;
import org.springframework.security.config.http.SessionCreationPolicy;
import org.springframework.security.crypto.factory.PasswordEncoderFactories;
import org.springframework.security.crypto.password.PasswordEncoder;
import org.springframework.security.web.SecurityFilterChain;
import org.springframework.security.web.authentication.UsernamePasswordAuthenticationFilter;
import org.springframework.security.web.authentication.AuthenticationFailureHandler;
import org.springframework.security.web.header.writers.ReferrerPolicyHeaderWriter;

@Configuration(proxyBeanMethods = false)
class SecurityConfig {

    /** No inline script or style anywhere: htmx's own indicator styles are switched off in the layout. */
    static final String CSP = "default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' data:; "
            + "object-src 'none'; base-uri 'self'; form-action 'self'; frame-ancestors 'none'";

    @Bean
    PasswordEncoder passwordEncoder() {
        return PasswordEncoderFactories.createDelegatingPasswordEncoder();
    }

    @Bean
    static RoleHierarchy roleHierarchy() {
        return RoleHierarchyImpl.fromHierarchy("ROLE_ADMIN > ROLE_SUPERVISOR\nROLE_SUPERVISOR > ROLE_AGENT");
    }

    @Bean
    ThrottledAuthenticationProvider authenticationProvider(AccountDetailsService details, PasswordEncoder encoder,
                                                           LoginThrottle throttle, AccountStore accounts) {
        var dao = new DaoAuthenticationProvider(details);
        dao.setPasswordEncoder(encoder);
        return new ThrottledAuthenticationProvider(dao, throttle, accounts);
    }

    /** The inbound mail gateway: gateway tokens only, nothing else accepted, nothing else reachable with them. */
    @Bean
    @Order(0)
    SecurityFilterChain mailGateway(HttpSecurity http, io.relais.security.MailGatewayTokens tokens) throws Exception {
        http.securityMatcher("/api/v1/inbound/**")
                .csrf(c -> c.disable()) // bearer tokens only
                .sessionManagement(s -> s.sessionCreationPolicy(SessionCreationPolicy.STATELESS))
                .addFilterBefore(new BearerTokenFilter(secret -> tokens.authenticate(secret).map(caller ->
                        UsernamePasswordAuthenticationToken.authenticated(caller, null,
                                java.util.List.of(new org.springframework.security.core.authority.SimpleGrantedAuthority("ROLE_MAIL_GATEWAY"))))),
                        UsernamePasswordAuthenticationFilter.class)
                .authorizeHttpRequests(a -> a.anyRequest().hasRole("MAIL_GATEWAY"))
                .exceptionHandling(e -> e
                        .authenticationEntryPoint((req, res, ex) -> problem(res, 401, "Unauthorized",
                                "Send a mail gateway token: Authorization: Bearer rlg_..."))
                        .accessDeniedHandler((req, res, ex) -> problem(res, 403, "Forbidden", "This token may not do that.")))
                .headers(h -> h.contentSecurityPolicy(c -> c.policyDirectives("default-src 'none'; frame-ancestors 'none'")));
        return http.build();
    }

    @Bean
    @Order(1)
    SecurityFilterChain api(HttpSecurity http, ApiTokenStore tokens) throws Exception {
        http.securityMatcher("/api/**", "/actuator/prometheus")
                .csrf(c -> c.disable()) // bearer tokens only: no ambient credential to forge
                .sessionManagement(s -> s.sessionCreationPolicy(SessionCreationPolicy.STATELESS))
                .addFilterBefore(new BearerTokenFilter(secret -> tokens.authenticate(secret).map(principal ->
                        UsernamePasswordAuthenticationToken.authenticated(principal, null, principal.getAuthorities()))),
                        UsernamePasswordAuthenticationFilter.class)
                .authorizeHttpRequests(a -> a
                        .requestMatchers("/actuator/prometheus").hasRole("ADMIN")
                        .anyRequest().authenticated())
                .exceptionHandling(e -> e
                        .authenticationEntryPoint((req, res, ex) -> problem(res, 401, "Unauthorized",
                                "Send a personal API token: Authorization: Bearer rls_..."))
                        .accessDeniedHandler((req, res, ex) -> problem(res, 403, "Forbidden",
                                "This token may not do that.")))
                .headers(h -> h.contentSecurityPolicy(c -> c.policyDirectives("default-src 'none'; frame-ancestors 'none'")));
        return http.build();
    }

    @Bean
    @Order(2)
    SecurityFilterChain web(HttpSecurity http, AccountStore accounts, io.relais.security.CurrentActor actors) throws Exception {
        http.addFilterBefore(new SetupGateFilter(accounts), UsernamePasswordAuthenticationFilter.class)
                // the session's role and active state, read again on every request before any access rule
                .addFilterBefore(new FreshSessionFilter(actors), org.springframework.security.web.authentication.AnonymousAuthenticationFilter.class)
                .authorizeHttpRequests(a -> a
                        .requestMatchers("/login", "/setup", "/css/**", "/js/**", "/webjars/**", "/favicon.ico",
                                "/error", "/actuator/health/**", "/actuator/health", "/actuator/info",
                                "/v3/api-docs/**", "/swagger-ui/**", "/swagger-ui.html").permitAll()
                        .requestMatchers("/admin/**").hasRole("ADMIN")
                        .requestMatchers("/", "/account/**", "/lang").authenticated()
                        .requestMatchers("/my/**").hasRole("CUSTOMER")
                        .anyRequest().hasRole("AGENT"))
                .formLogin(f -> f.loginPage("/login").failureHandler(loginFailure()).permitAll())
                .logout(l -> l.logoutUrl("/logout").logoutSuccessUrl("/login?logout"))
                .sessionManagement(s -> s.sessionFixation(f -> f.changeSessionId()))
                .headers(h -> h
                        .contentSecurityPolicy(c -> c.policyDirectives(CSP))
                        .frameOptions(f -> f.deny())
                        .referrerPolicy(r -> r.policy(ReferrerPolicyHeaderWriter.ReferrerPolicy.SAME_ORIGIN)));
        return http.build();
    }

    private static AuthenticationFailureHandler loginFailure() {
        return (req, res, ex) -> res.sendRedirect(req.getContextPath() + "/login?"
                + (ex instanceof org.springframework.security.authentication.LockedException ? "locked" : "error"));
    }

    static void problem(HttpServletResponse res, int status, String title, String detail) throws java.io.IOException {
        res.setStatus(status);
        res.setContentType("application/problem+json");
        res.setCharacterEncoding(StandardCharsets.UTF_8.name());
        res.getWriter().write("{\"type\":\"about:blank\",\"title\":\"" + title + "\",\"status\":" + status
                + ",\"detail\":\"" + detail + "\"}");
    }
}
