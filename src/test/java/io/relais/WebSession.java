package io.relais;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.CookieManager;
import java.net.CookiePolicy;
import java.net.HttpCookie;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.stream.Collectors;
import org.jsoup.Jsoup;

/**
 * A browser without the browser, over real HTTP: a cookie jar (the session, the FR/EN switch's cookie), the
 * languages the browser asks for, the sign-in form and forms posted with their CSRF token, as pages post them.
 */
public final class WebSession {
    private final HttpClient client;
    private final String base;
    private final String acceptLanguage;

    public WebSession(String base, String acceptLanguage) {
        this.base = base;
        this.acceptLanguage = acceptLanguage;
        client = HttpClient.newBuilder().cookieHandler(new CookieManager(null, CookiePolicy.ACCEPT_ALL))
                .followRedirects(HttpClient.Redirect.NORMAL).connectTimeout(Duration.ofSeconds(10)).build();
    }

    /** As after a click on FR or EN: the switch's cookie. */
    public WebSession withLanguageCookie(String language) {
        var cookie = new HttpCookie("relais-lang", language);
        cookie.setPath("/");
        cookie.setVersion(0);
        ((CookieManager) client.cookieHandler().orElseThrow()).getCookieStore().add(URI.create(base), cookie);
        return this;
    }

    public WebSession signIn(String login, String password) throws Exception {
        var response = post("/login", Map.of("username", login, "password", password), "/login");
        assertThat(response.uri().getPath()).as("signed in as " + login).isNotEqualTo("/login");
        return this;
    }

    public HttpResponse<String> get(String path, boolean htmx) throws Exception {
        var request = request(path).GET();
        if (htmx) {
            request.header("HX-Request", "true");
        }
        return client.send(request.build(), HttpResponse.BodyHandlers.ofString());
    }

    /** Posts a form as the page {@code from} would: with the CSRF token that page carries. */
    public HttpResponse<String> post(String path, Map<String, String> fields, String from) throws Exception {
        var page = Jsoup.parse(get(from, false).body());
        var input = page.selectFirst("input[name=_csrf]");
        var meta = page.selectFirst("meta[name=csrf-token]");
        var all = new LinkedHashMap<>(fields);
        all.put("_csrf", input != null ? input.attr("value") : meta.attr("content"));
        var body = all.entrySet().stream().map(e -> encode(e.getKey()) + "=" + encode(e.getValue()))
                .collect(Collectors.joining("&"));
        return client.send(request(path).header("Content-Type", "application/x-www-form-urlencoded")
                .POST(HttpRequest.BodyPublishers.ofString(body)).build(), HttpResponse.BodyHandlers.ofString());
    }

    /**
     * Posts a form of {@code enctype="multipart/form-data"} as the page {@code from} would: {@code files} maps each file
     * field to its name and content (an empty name and no content: no file chosen, as a browser sends it).
     */
    public HttpResponse<String> postMultipart(String path, Map<String, String> fields, Map<String, Map.Entry<String, byte[]>> files,
                                              String from) throws Exception {
        var page = Jsoup.parse(get(from, false).body());
        var input = page.selectFirst("input[name=_csrf]");
        var meta = page.selectFirst("meta[name=csrf-token]");
        var token = input != null ? input.attr("value") : meta.attr("content");
        var boundary = "relais" + Long.toString(System.nanoTime(), 36);
        var out = new java.io.ByteArrayOutputStream();
        var all = new LinkedHashMap<>(fields);
        all.put("_csrf", token);
        all.forEach((k, v) -> out.writeBytes(("--" + boundary + "\r\nContent-Disposition: form-data; name=\"" + k + "\"\r\n\r\n"
                + v + "\r\n").getBytes(StandardCharsets.UTF_8)));
        files.forEach((k, f) -> {
            out.writeBytes(("--" + boundary + "\r\nContent-Disposition: form-data; name=\"" + k + "\"; filename=\"" + f.getKey()
                    + "\"\r\nContent-Type: application/octet-stream\r\n\r\n").getBytes(StandardCharsets.UTF_8));
            out.writeBytes(f.getValue());
            out.writeBytes("\r\n".getBytes(StandardCharsets.UTF_8));
        });
        out.writeBytes(("--" + boundary + "--\r\n").getBytes(StandardCharsets.UTF_8));
        return client.send(request(path).header("Content-Type", "multipart/form-data; boundary=" + boundary).header("X-CSRF-TOKEN", token)
                .POST(HttpRequest.BodyPublishers.ofByteArray(out.toByteArray())).build(), HttpResponse.BodyHandlers.ofString());
    }

    private HttpRequest.Builder request(String path) {
        var request = HttpRequest.newBuilder(URI.create(base + path)).timeout(Duration.ofSeconds(30));
        if (acceptLanguage != null) {
            request.header("Accept-Language", acceptLanguage);
        }
        return request;
    }

    private static String encode(String s) {
        return URLEncoder.encode(s, StandardCharsets.UTF_8);
    }
}
