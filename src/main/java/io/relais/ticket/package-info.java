/**
 * Tickets and their conversation (replies, internal notes, call logs), attachments, links, merge,
 * and the append-only timeline. Every read goes through the actor's tenant scope.
 */
@org.springframework.modulith.ApplicationModule(allowedDependencies = {"common", "security", "directory"})
package io.relais.ticket;
