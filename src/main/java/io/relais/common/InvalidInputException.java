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

    /**
     * A problem with one field ({@code field} empty: with the whole form). {@link #key()} names its text in the
     * messages (French, English) for the pages; the API shows {@code message}, in English.
     */
    public record FieldProblem(String field, String message) {
        /** "problem." and the message in lower case, runs of other characters as one dash: "problem.not-an-e-mail-address". */
        public String key() {
            var slug = Letters.lower(java.text.Normalizer.normalize(message == null ? "" : message, java.text.Normalizer.Form.NFKD))
                    .replaceAll("[^a-z0-9]+", "-").replaceAll("^-|-$", "");
            return "problem." + slug;
        }

        /** The field's label in the messages: "field." and its name, an id named after what it points at ("groupId": "field.group"). */
        public String labelKey() {
            var name = field == null ? "" : field;
            return "field." + (name.endsWith("Ids") ? name.substring(0, name.length() - 3) + "s"
                    : name.endsWith("Id") ? name.substring(0, name.length() - 2) : name);
        }
    }
}
