package io.relais.notification;

/** What became of an outbox message: listeners update what depends on it (an article's delivery state). */
public final class OutboxEvents {
    private OutboxEvents() {}

    public record Delivered(long outboxId, String kind, Long ticketId, Long articleId) {}

    /** {@code permanent}: no further attempt will be made. */
    public record DeliveryFailed(long outboxId, String kind, Long ticketId, Long articleId, String error,
                                 boolean permanent) {}
}
