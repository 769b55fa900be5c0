package io.relais.security;

/** What a person may do. Administrators and supervisors can do everything an agent can. */
public enum Role {
    ADMIN, SUPERVISOR, AGENT, CUSTOMER;

    public boolean isAgent() {
        return this != CUSTOMER;
    }

    public String authority() {
        return "ROLE_" + name();
    }
}
