/**
 * Shared kernel: the few error types every module raises so that the web layer can turn them
 * into one consistent answer (problem+json for the API, an error page or a form message for HTML).
 */
@org.springframework.modulith.ApplicationModule(type = org.springframework.modulith.ApplicationModule.Type.OPEN)
package io.relais.common;
