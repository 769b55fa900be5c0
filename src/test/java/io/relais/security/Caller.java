package io.relais.security;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.net.CookieManager;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Map;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

/**
 * One person over real HTTP, as the attack matrix uses them: an API token for {@code /api/**}, and a signed-in
 * browser session (its cookies and CSRF token) for the pages. Redirects are not followed, so that a refusal and a
 * redirect after a write can be told apart; {@link #follow} reads the page a redirect leads to when asked.
 */
final class Caller {
    private static final Pattern CSRF_META = Pattern.compile("name=\"csrf-token\" content=\"([^\"]+)\"");
    private static final Pattern CSRF_INPUT = Pattern.compile("name=\"_csrf\" value=\"([^\"]+)\"");

    /** What a request answered: status, where a redirect leads ({@code null} otherwise), the body. */
    record Answer(int status, String location, String body) {
        boolean success() {
            return status / 100 == 2;
        }

        boolean toLogin() {
            return status / 100 == 3 && location != null && location.contains("/login");
        }

        @Override
        public String toString() {
            var shown = body.length() > 300 ? body.substring(0, 300) + "…" : body;
            return status + (location == null ? "" : " -> " + location) + " " + shown.replaceAll("\\s+", " ");
        }
    }

    /** A request body: its content type and bytes ({@code null} for none). */
    record Body(String contentType, byte[] bytes) {
        static final Body NONE = new Body(null, null);

        static Body json(String json) {
            return new Body("application/json", json.getBytes(StandardCharsets.UTF_8));
        }

        static Body form(Map<String, String> fields) {
            return new Body("application/x-www-form-urlencoded", fields.entrySet().stream()
                    .map(e -> encode(e.getKey()) + "=" + encode(e.getValue())).collect(Collectors.joining("&"))
                    .getBytes(StandardCharsets.UTF_8));
        }

        /** The fields, and one small text file under {@code fileField}. */
        static Body multipart(Map<String, String> fields, String fileField) {
            var boundary = "matrix" + Long.toString(System.nanoTime(), 36);
            var out = new ByteArrayOutputStream();
            fields.forEach((k, v) -> out.writeBytes(("--" + boundary + "\r\nContent-Disposition: form-data; name=\"" + k
                    + "\"\r\n\r\n" + v + "\r\n").getBytes(StandardCharsets.UTF_8)));
            out.writeBytes(("--" + boundary + "\r\nContent-Disposition: form-data; name=\"" + fileField
                    + "\"; filename=\"matrix.txt\"\r\nContent-Type: text/plain\r\n\r\nmatrix file\r\n--" + boundary + "--\r\n")
                    .getBytes(StandardCharsets.UTF_8));
            return new Body("multipart/form-data; boundary=" + boundary, out.toByteArray());
        }
    }

    private static final HttpClient API = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(10)).build();

    final String name;
    private final String base;
    private final String token;
    private final HttpClient browser = HttpClient.newBuilder().cookieHandler(new CookieManager())
            .followRedirects(HttpClient.Redirect.NEVER).connectTimeout(Duration.ofSeconds(10)).build();
    private String csrf = "";

    Caller(String name, int port, String token) {
        this.name = name;
        this.base = "http://localhost:" + port;
        this.token = token;
    }

    /** Signs in with the login form, then keeps the session's CSRF token from {@code page}. */
    Caller signIn(String login, String password, String page) throws Exception {
        var form = get("/login").body();
        var m = CSRF_INPUT.matcher(form);
        assertThat(m.find()).as("CSRF token on the login page").isTrue();
        var r = send("POST", "/login", Body.form(Map.of("username", login, "password", password, "_csrf", m.group(1))), false);
        assertThat(r.status()).as("%s signs in", name).isEqualTo(302);
        assertThat(r.location()).as("%s signs in", name).doesNotContain("/login");
        var meta = CSRF_META.matcher(get(page).body());
        assertThat(meta.find()).as("CSRF token of %s on %s", name, page).isTrue();
        csrf = meta.group(1);
        return this;
    }

    Answer get(String path) throws Exception {
        return send("GET", path, Body.NONE);
    }

    /** {@code /api/**} with the token, every other path with the session (and its CSRF token on a write). */
    Answer send(String method, String path, Body body) throws Exception {
        return send(method, path, body, !"GET".equals(method));
    }

    /** The page a redirect leads to, with the session (the flash message of the write is read there). */
    Answer follow(Answer redirect) throws Exception {
        var location = URI.create(redirect.location().split("#")[0]);
        return get(location.getRawPath() + (location.getRawQuery() == null ? "" : "?" + location.getRawQuery()));
    }

    private Answer send(String method, String path, Body body, boolean withCsrf) throws Exception {
        var request = HttpRequest.newBuilder(URI.create(base + path)).timeout(Duration.ofSeconds(60));
        if (path.startsWith("/api/")) {
            request.header("Authorization", "Bearer " + token).header("Accept", "application/json");
        } else if (withCsrf && !csrf.isEmpty()) {
            request.header("X-CSRF-TOKEN", csrf);
        }
        if (body.bytes() != null) {
            request.header("Content-Type", body.contentType()).method(method, HttpRequest.BodyPublishers.ofByteArray(body.bytes()));
        } else {
            request.method(method, HttpRequest.BodyPublishers.noBody());
        }
        var r = (path.startsWith("/api/") ? API : browser).send(request.build(),
                HttpResponse.BodyHandlers.ofString());
        return new Answer(r.statusCode(), r.headers().firstValue("Location").orElse(null), r.body());
    }

    private static String encode(String s) {
        return URLEncoder.encode(s, StandardCharsets.UTF_8);
    }

    @Override
    public String toString() {
        return name;
    }
}
