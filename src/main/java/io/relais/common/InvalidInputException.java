package io.relais.common;

import java.util.List;

/** Input that is well-formed but not acceptable (422 in the API, messages next to fields in forms). */
public class InvalidInputException extends RuntimeException {
    private final List<FieldProblem> fields;

    public InvalidInputException(String message, List<FieldProblem> fields) {
        super(message);
        this.fields = List.copyOf(fields);
    }

    public static InvalidInputException field(String field, String message) {
        return new InvalidInputException(message, List.of(new FieldProblem(field, message)));
    }

    public List<FieldProblem> fields() {
        return fields;
    }

    public record FieldProblem(String field, String message) {}
}
