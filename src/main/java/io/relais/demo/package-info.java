/**
 * The {@code demo} profile: fills an empty database with a believable desk (two client
 * companies, contacts, four agents in L1/L2/L3 groups, sixty tickets in French and English, knowledge articles, a known error and the starter guided checks).
 * Never active unless the profile is chosen.
 */
@org.springframework.modulith.ApplicationModule(allowedDependencies = {"common", "security", "directory", "ticket", "sla", "knowledge", "problem", "mail"})
package io.relais.demo;
