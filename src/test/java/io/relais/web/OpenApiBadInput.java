package io.relais.web;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import tools.jackson.databind.JsonNode;

/**
 * Bad input drawn from the OpenAPI document: for each operation, what its declared parameters and JSON body
 * refuse. The document is the application's own list of routes, so a new route gets its cases without anyone
 * writing them.
 */
final class OpenApiBadInput {
    private OpenApiBadInput() {}

    /** One bad request: the operation ("PUT /api/v1/…"), what is wrong, and the field the answer must name (null: none). */
    record Case(String operation, String name, String method, String path, String contentType, String body, String field) {}

    /** The operations of the document, the cases, and the operations that declare no input at all. */
    record Generated(Set<String> operations, List<Case> cases, Set<String> withoutInput) {}

    static final Set<String> METHODS = Set.of("get", "put", "post", "patch", "delete");

    /** {@code ids}: a valid value for each path parameter name (the others are filled with 1). */
    static Generated cases(JsonNode doc, Map<String, String> ids) {
        var operations = new TreeSet<String>();
        var withoutInput = new TreeSet<String>();
        var cases = new ArrayList<Case>();
        for (var path : doc.path("paths").properties()) {
            for (var op : path.getValue().properties()) {
                if (!METHODS.contains(op.getKey())) {
                    continue;
                }
                var method = op.getKey().toUpperCase(java.util.Locale.ROOT);
                var operation = method + " " + path.getKey();
                operations.add(operation);
                int before = cases.size();
                var json = op.getValue().path("requestBody").path("content").path("application/json").path("schema");
                // an operation that takes JSON gets a well-formed body with its bad parameter, so that the parameter is refused
                var paramType = json.isMissingNode() ? null : "application/json";
                var paramBody = json.isMissingNode() ? null : "{}";
                var parameters = new ArrayList<JsonNode>();
                path.getValue().path("parameters").forEach(parameters::add);
                op.getValue().path("parameters").forEach(parameters::add);
                for (var p : parameters) {
                    var schema = resolve(doc, p.path("schema"));
                    var name = p.path("name").asString();
                    var bad = badScalar(doc, schema);
                    if (bad == null) {
                        continue;
                    }
                    if ("path".equals(p.path("in").asString())) {
                        cases.add(new Case(operation, "path parameter " + name + " = " + bad, method,
                                fill(path.getKey(), ids, name, bad), paramType, paramBody, name));
                    } else if ("query".equals(p.path("in").asString())) {
                        // the other required parameters present and good, so that this one is the one refused
                        var others = new StringBuilder();
                        for (var o : parameters) {
                            if ("query".equals(o.path("in").asString()) && o.path("required").asBoolean(false)
                                    && !o.path("name").asString().equals(name)) {
                                others.append('&').append(o.path("name").asString()).append('=').append(good(resolve(doc, o.path("schema"))));
                            }
                        }
                        var multipart = op.getValue().path("requestBody").path("content").has("multipart/form-data");
                        cases.add(new Case(operation, "query parameter " + name + " = " + bad, method,
                                fill(path.getKey(), ids, null, null) + "?" + name + "=" + java.net.URLEncoder.encode(bad,
                                        java.nio.charset.StandardCharsets.UTF_8) + others,
                                multipart ? "multipart/form-data; boundary=bad-input" : paramType,
                                multipart ? "--bad-input\r\nContent-Disposition: form-data; name=\"body\"\r\n\r\nx\r\n--bad-input--\r\n"
                                        : paramBody, name));
                    }
                }
                // a required parameter left out, the others good (multipart form fields are listed as parameters too:
                // those operations are left to the body cases)
                var hasBody = !op.getValue().path("requestBody").isMissingNode();
                for (var p : parameters) {
                    var name = p.path("name").asString();
                    if (hasBody || !"query".equals(p.path("in").asString()) || !p.path("required").asBoolean(false)) {
                        continue;
                    }
                    var others = new StringBuilder();
                    for (var o : parameters) {
                        if ("query".equals(o.path("in").asString()) && o.path("required").asBoolean(false)
                                && !o.path("name").asString().equals(name)) {
                            others.append(others.isEmpty() ? '?' : '&').append(o.path("name").asString()).append('=')
                                    .append(good(resolve(doc, o.path("schema"))));
                        }
                    }
                    cases.add(new Case(operation, "required query parameter " + name + " missing", method,
                            fill(path.getKey(), ids, null, null) + others, null, null, name));
                }
                if (!json.isMissingNode()) {
                    var url = fill(path.getKey(), ids, null, null);
                    cases.add(new Case(operation, "malformed JSON", method, url, "application/json", "{\"a\": ", null));
                    cases.add(new Case(operation, "a list for the object", method, url, "application/json", "[1, 2]", null));
                    var schema = resolve(doc, json);
                    for (var property : schema.path("properties").properties()) {
                        var field = property.getKey();
                        var wrong = badJson(doc, resolve(doc, property.getValue()));
                        if (wrong != null) {
                            cases.add(new Case(operation, "body field " + field + " = " + wrong, method, url, "application/json",
                                    "{\"" + field + "\": " + wrong + "}", field));
                        }
                    }
                }
                if (cases.size() == before) {
                    withoutInput.add(operation);
                }
            }
        }
        return new Generated(operations, cases, withoutInput);
    }

    /** A value a parameter of this schema refuses, as text; null when it takes any text. */
    static String badScalar(JsonNode doc, JsonNode schema) {
        if (schema.has("enum")) {
            return "NOT_ONE_OF_THEM";
        }
        var type = schema.path("type").asString();
        var format = schema.path("format").asString();
        return switch (type) {
            case "integer", "number" -> "lots";
            case "boolean" -> "maybe";
            case "array" -> badScalar(doc, resolve(doc, schema.path("items")));
            case "string" -> switch (format) {
                case "date" -> "yesterday";
                case "date-time" -> "last Tuesday";
                default -> null;
            };
            default -> null;
        };
    }

    /** A JSON value a body field of this schema refuses; null when it takes anything. */
    static String badJson(JsonNode doc, JsonNode schema) {
        if (schema.has("enum")) {
            return "\"NOT_ONE_OF_THEM\"";
        }
        return switch (schema.path("type").asString()) {
            case "integer", "number" -> "\"lots\"";
            case "boolean" -> "\"maybe\"";
            case "array" -> "{\"not\": \"a list\"}";
            case "object" -> "[\"not an object\"]";
            case "string" -> switch (schema.path("format").asString()) {
                case "date" -> "\"yesterday\"";
                case "date-time" -> "\"last Tuesday\"";
                default -> null;
            };
            default -> null;
        };
    }

    /** A value a parameter of this schema takes. */
    static String good(JsonNode schema) {
        if (schema.has("enum")) {
            return schema.path("enum").get(0).asString();
        }
        return switch (schema.path("type").asString()) {
            case "integer", "number" -> "1";
            case "boolean" -> "false";
            default -> "x";
        };
    }

    /** The schema a {@code $ref} points at (components only), else the schema itself. */
    static JsonNode resolve(JsonNode doc, JsonNode schema) {
        var ref = schema.path("$ref").asString();
        if (ref.startsWith("#/")) {
            return doc.at(ref.substring(1));
        }
        return schema;
    }

    /** The path with its parameters filled: {@code name} with {@code value}, the others with valid ids. */
    static String fill(String template, Map<String, String> ids, String name, String value) {
        var m = java.util.regex.Pattern.compile("\\{([^}]+)}").matcher(template);
        var out = new StringBuilder();
        while (m.find()) {
            var p = m.group(1);
            var v = p.equals(name) ? java.net.URLEncoder.encode(value, java.nio.charset.StandardCharsets.UTF_8)
                    : ids.getOrDefault(p, "1");
            m.appendReplacement(out, java.util.regex.Matcher.quoteReplacement(v));
        }
        m.appendTail(out);
        return out.toString();
    }
}
