/**
 * Search: the search page, the quick search and the search API over the indexes the other modules map
 * (tickets today; contacts and knowledge articles as they arrive), always scoped to what the person may
 * see inside the query itself, so that counts and facets never reveal another organization's data.
 */
@org.springframework.modulith.ApplicationModule(allowedDependencies = {"common", "security", "directory", "ticket"})
package io.relais.search;
