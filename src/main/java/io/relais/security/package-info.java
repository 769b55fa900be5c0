/**
 * Who is acting and what they may see: accounts and login, API tokens, roles, and tenant scoping.
 * Every query that returns tickets, contacts, attachments or timeline entries takes its
 * organization predicate from {@link io.relais.security.Scope#clause}, the one place that writes it.
 */
@org.springframework.modulith.ApplicationModule(allowedDependencies = "common")
package io.relais.security;
