/**
 * The e-mail channel: mailboxes (IMAP/IMAPS/POP3S in, SMTP out), the fetchers that read them, the
 * parser, the intake steps that turn a mail into a ticket or a follow-up (dedupe, loop and bounce
 * detection, sender, threading), and the mails Relais writes (agent replies, acknowledgements,
 * notifications), handed to the outbox in the transaction of the change.
 */
@org.springframework.modulith.ApplicationModule(
        allowedDependencies = {"common", "security", "directory", "ticket", "ticket :: *", "notification"})
package io.relais.mail;
