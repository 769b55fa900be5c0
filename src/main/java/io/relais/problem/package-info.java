/**
 * Problems: known errors today (a symptom whose cause is known, its workaround, the tickets that are
 * occurrences of it, shown on matching tickets as they arrive); recurring causes and preventive actions
 * come with the capitalisation work.
 */
@org.springframework.modulith.ApplicationModule(allowedDependencies = {"common", "security", "directory", "ticket"})
package io.relais.problem;
