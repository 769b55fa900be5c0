package io.relais.common;

/**
 * The object does not exist or the caller may not see it. Both answer the same way (404) so that
 * nobody learns that another organization's object exists.
 */
public class NotFoundException extends RuntimeException {
    private final String kind;

    public NotFoundException(String kind, Object id) {
        super(kind + " " + id + " not found");
        this.kind = kind;
    }

    public String kind() {
        return kind;
    }
}
