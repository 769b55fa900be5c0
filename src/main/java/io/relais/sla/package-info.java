/**
 * Service levels: business calendars, SLA policies per client company and OLAs per group, the clocks
 * of each ticket (first response, next update, resolution, OLA) computed from its timeline, their
 * stored due instants, warnings and breaches.
 */
@org.springframework.modulith.ApplicationModule(allowedDependencies = {"common", "security", "directory", "ticket", "notification"})
package io.relais.sla;
