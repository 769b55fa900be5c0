/**
 * Search: the search page, the quick search and the search API over the indexes the other modules map
 * (tickets, contacts, organizations, knowledge articles), always scoped to what the person may
 * see inside the query itself, so that counts and facets never reveal another organization's data.
 */
@org.springframework.modulith.ApplicationModule(allowedDependencies = {"common", "security", "directory", "ticket", "knowledge", "problem"})
package io.relais.search;
