/**
 * The outbox: every outgoing message is written in the transaction of the change that caused it and
 * delivered afterwards by {@link io.relais.notification.internal.OutboxDelivery}, with retries and
 * backoff, through the {@link io.relais.notification.OutboxTransport} of its channel (the mail module
 * provides e-mail). Delivery sends the stored bytes, so a retry sends exactly the same message.
 */
@org.springframework.modulith.ApplicationModule(allowedDependencies = {"common"})
package io.relais.notification;
