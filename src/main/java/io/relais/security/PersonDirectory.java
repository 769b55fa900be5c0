package io.relais.security;

import java.util.Optional;

/**
 * What security needs to know about the people behind accounts. Implemented by the directory,
 * which owns agents, contacts and groups (so that security does not depend on it).
 */
public interface PersonDirectory {

    Optional<Person> agent(long agentId);

    Optional<Person> contact(long contactId);

    record Person(String name, Role role, Scope scope, String language, boolean active) {}
}
