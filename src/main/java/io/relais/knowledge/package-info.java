/**
 * Knowledge: articles and procedures (Markdown, versions, translations, visibility per audience and
 * organization, links to the tickets they came from and helped solve, feedback), and the guided first
 * checks (decision trees run from a ticket).
 */
@org.springframework.modulith.ApplicationModule(allowedDependencies = {"common", "security", "directory", "ticket"})
package io.relais.knowledge;
