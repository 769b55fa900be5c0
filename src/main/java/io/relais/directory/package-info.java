/**
 * Client companies (organizations), their contacts, the agents and the groups that serve them.
 * A group's list of organizations is what decides which tickets its agents may see.
 */
@org.springframework.modulith.ApplicationModule(allowedDependencies = {"common", "security"})
package io.relais.directory;
