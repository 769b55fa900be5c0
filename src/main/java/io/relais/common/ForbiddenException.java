package io.relais.common;

/** The caller is known and sees the object, but this action is not theirs to take (403). */
public class ForbiddenException extends RuntimeException {
    public ForbiddenException(String message) {
        super(message);
    }
}
