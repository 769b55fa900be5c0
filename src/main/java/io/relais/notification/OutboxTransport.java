package io.relais.notification;

/** Delivers one stored message of a channel. Implemented by the module that owns the channel. */
public interface OutboxTransport {

    String channel();

    /**
     * Sends the message. Throws {@link PermanentFailure} when retrying cannot help (a rejected
     * recipient, a mailbox without outbound settings); any other exception is retried with backoff.
     */
    void deliver(OutboxMessage message) throws Exception;

    /** A failure that retrying will not fix. */
    class PermanentFailure extends Exception {
        public PermanentFailure(String message) {
            super(message);
        }

        public PermanentFailure(String message, Throwable cause) {
            super(message, cause);
        }
    }
}
