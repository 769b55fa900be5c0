package io.relais.security;

import io.relais.common.ForbiddenException;
import java.util.Locale;

/**
 * The person behind the current request, resolved once per request from their account.
 *
 * @param personId the agent id for agents, the contact id for customers
 */
public record Actor(long accountId, Kind kind, long personId, String name, Role role, Scope scope, String language) {

    public enum Kind { AGENT, CUSTOMER, SYSTEM }

    /** Intake, demo seeding and jobs: sees everything, acts under its own name. */
    public static Actor system(String name) {
        return new Actor(0, Kind.SYSTEM, 0, name, Role.ADMIN, Scope.everything(), "en");
    }

    public boolean isAgent() {
        return kind != Kind.CUSTOMER;
    }

    public boolean isAdmin() {
        return role == Role.ADMIN;
    }

    /** Role checks live here, in one place; tenant checks live in {@link Scope}. */
    public void requireAgent() {
        if (!isAgent()) {
            throw new ForbiddenException("Agents only");
        }
    }

    public void requireAdmin() {
        if (!isAdmin()) {
            throw new ForbiddenException("Administrators only");
        }
    }

    /** Supervisors and administrators (the service-level reports of the organizations they serve). */
    public boolean isSupervisor() {
        return isAgent() && (role == Role.ADMIN || role == Role.SUPERVISOR);
    }

    public void requireSupervisor() {
        if (!isSupervisor()) {
            throw new ForbiddenException("Supervisors only");
        }
    }

    public Long agentId() {
        return kind == Kind.AGENT ? personId : null;
    }

    public Long contactId() {
        return kind == Kind.CUSTOMER ? personId : null;
    }

    public Locale locale() {
        return Locale.forLanguageTag(language == null ? "en" : language);
    }
}
