/**
 * The shell of the agent workspace: layout, language switch, error pages, and the one place that
 * turns errors into answers (problem+json for the API, pages for people).
 */
@org.springframework.modulith.ApplicationModule(allowedDependencies = {"common", "security", "notification"})
package io.relais.web;
