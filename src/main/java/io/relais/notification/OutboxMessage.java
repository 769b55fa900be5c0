package io.relais.notification;

import java.util.List;

/**
 * A message to deliver, as stored.
 *
 * @param sourceId   the sending account of its channel (the mailbox for e-mail)
 * @param automatic  written by Relais on its own (acknowledgement, notification), not by a person
 * @param rateKey    what automatic messages are counted by (the recipient address), may be null
 * @param payload    the bytes to send (a complete MIME message for e-mail)
 */
public record OutboxMessage(long id, String channel, String kind, boolean automatic, Long sourceId, Long ticketId,
                            Long articleId, String messageId, String sender, List<String> recipients, String rateKey,
                            byte[] payload, int attempts) {}
