package io.relais.ticket.internal;

/** Where attachment content lives, addressed by its SHA-256. Storing the same content twice is a no-op. */
public interface AttachmentStorage {
    void store(String sha256, byte[] content);

    byte[] load(String sha256);
}
