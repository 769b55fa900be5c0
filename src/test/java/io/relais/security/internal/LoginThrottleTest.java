package io.relais.security.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;

import io.relais.Fixtures;
import io.relais.IntegrationTest;
import io.relais.RawHttp;
import java.net.InetAddress;
import java.net.URI;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.jdbc.core.simple.JdbcClient;

/**
 * Password guessing through the real login form, over sockets from chosen loopback addresses: concurrent
 * attempts, one address or many, with the default limits (5 failures per login and address, 10 per login from
 * anywhere, then a delay of 30 s that doubles).
 */
class LoginThrottleTest extends IntegrationTest {
    private static final int ATTEMPTS = 30;

    @LocalServerPort int port;
    @Autowired JdbcClient jdbc;
    @Autowired LoginThrottle throttle;
    @Value("${relais.login.account-delay}") Duration accountDelay;

    /** A login page opened from one address: its session cookie and CSRF token. */
    record Form(InetAddress from, String cookie, String csrf) {}

    @Test
    void thirtyConcurrentWrongPasswordsFromOneAddressAreNotAllCompared() throws Exception {
        var t = fixtures.tenant("Race");
        var from = InetAddress.getByName("127.0.0.1");
        var answers = concurrently(t.customer().login(), i -> from, true);

        // the check and the count are one step: five are compared, the others refused without comparing;
        // and a forged X-Forwarded-For on each attempt does not make them count as other addresses
        assertThat(answers).filteredOn("/login?error"::equals).hasSize(5);
        assertThat(answers).filteredOn("/login?locked"::equals).hasSize(ATTEMPTS - 5);
        assertThat(submit(open(from), t.customer().login(), Fixtures.PASSWORD, null)).isEqualTo("/login?locked");
    }

    @Test
    void theLimitOfAnAccountHoldsAcrossAddressesAndTheRightPasswordPassesAfterTheDelay() throws Exception {
        var t = fixtures.tenant("Spray");
        var login = t.agent().login();
        var answers = concurrently(login, i -> address(20 + i), false);

        assertThat(answers).filteredOn("/login?error"::equals).hasSize(10);
        assertThat(answers).filteredOn("/login?locked"::equals).hasSize(ATTEMPTS - 10);
        // the real person, from an address of their own, during the delay: refused, and not counted
        var own = address(80);
        assertThat(submit(open(own), login, Fixtures.PASSWORD, null)).isEqualTo("/login?locked");
        assertThat(submit(open(own), login, Fixtures.PASSWORD, null)).isEqualTo("/login?locked");

        // the delay passes (the counters live in the database, where every node reads them)
        var past = Instant.now().minus(accountDelay).minusSeconds(1).atOffset(ZoneOffset.UTC);
        jdbc.sql("update login_throttle set last_failure_at = :past where last_failure_at > :past").param("past", past).update();

        assertThat(submit(open(own), login, Fixtures.PASSWORD, null)).isEqualTo("/");
        // the success forgot the failures: a wrong password is compared again
        assertThat(submit(open(address(81)), login, "wrong again", null)).isEqualTo("/login?error");
    }

    /**
     * A login of 250,000 capital sigmas, unauthenticated: the JDK's lower case takes about twenty minutes on it (each
     * sigma scans the whole text for a word's end). Refused like any wrong login, at once.
     */
    @Test
    void aLoginOfSlowLettersIsRefusedAtOnce() throws Exception {
        fixtures.tenant("Sigma");
        var form = open(address(90));
        var login = "Σ".repeat(250_000);

        var answer = assertTimeoutPreemptively(Duration.ofSeconds(20), () -> submit(form, login, "wrong", null));

        assertThat(answer).isEqualTo("/login?error");
    }

    @Test
    void countersThatHoldNothingBackAnyMoreAreDeleted() {
        var now = Instant.now();
        jdbc.sql("insert into login_throttle (subject, failures, last_failure_at) values ('test:old', 12, :at)")
                .param("at", now.minus(Duration.ofHours(2)).atOffset(ZoneOffset.UTC)).update();
        jdbc.sql("insert into login_throttle (subject, failures, last_failure_at) values ('test:recent', 12, :at)")
                .param("at", now.minus(Duration.ofMinutes(10)).atOffset(ZoneOffset.UTC)).update();

        throttle.expire();

        assertThat(jdbc.sql("select subject from login_throttle where subject like 'test:%'").query(String.class).list())
                .containsExactly("test:recent");
    }

    private List<String> concurrently(String login, java.util.function.IntFunction<InetAddress> from, boolean forgeForwardedFor)
            throws Exception {
        var forms = new ArrayList<Form>();
        for (int i = 0; i < ATTEMPTS; i++) {
            forms.add(open(from.apply(i)));
        }
        var start = new CountDownLatch(1);
        var pool = Executors.newFixedThreadPool(ATTEMPTS);
        try {
            var futures = new ArrayList<Future<String>>();
            for (int i = 0; i < ATTEMPTS; i++) {
                var form = forms.get(i);
                var header = forgeForwardedFor ? "X-Forwarded-For: 198.51.100." + (i + 1) : null;
                var password = "wrong-" + i;
                futures.add(pool.submit(() -> {
                    start.await();
                    return submit(form, login, password, header);
                }));
            }
            start.countDown();
            var answers = new ArrayList<String>();
            for (var f : futures) {
                answers.add(f.get(120, TimeUnit.SECONDS));
            }
            return answers;
        } finally {
            pool.shutdownNow();
        }
    }

    private Form open(InetAddress from) throws Exception {
        var page = RawHttp.exchange(from, port, "GET /login HTTP/1.1\r\nHost: localhost", null);
        var cookie = page.header("Set-Cookie").split(";")[0];
        var csrf = page.body().replaceAll("(?s).*name=\"_csrf\" value=\"([^\"]+)\".*", "$1");
        return new Form(from, cookie, csrf);
    }

    /** Posts the login form; the path the answer redirects to. */
    private String submit(Form form, String login, String password, String extraHeader) throws Exception {
        var body = ("username=" + URLEncoder.encode(login, StandardCharsets.UTF_8) + "&password="
                + URLEncoder.encode(password, StandardCharsets.UTF_8) + "&_csrf=" + URLEncoder.encode(form.csrf(), StandardCharsets.UTF_8))
                .getBytes(StandardCharsets.UTF_8);
        var head = "POST /login HTTP/1.1\r\nHost: localhost\r\nCookie: " + form.cookie()
                + "\r\nContent-Type: application/x-www-form-urlencoded\r\nContent-Length: " + body.length
                + (extraHeader == null ? "" : "\r\n" + extraHeader);
        var r = RawHttp.exchange(form.from(), port, head, body);
        assertThat(r.status()).isEqualTo(302);
        var location = URI.create(r.header("Location"));
        return location.getRawPath() + (location.getRawQuery() == null ? "" : "?" + location.getRawQuery());
    }

    private static InetAddress address(int last) {
        try {
            return InetAddress.getByAddress(new byte[] {127, 0, 0, (byte) last});
        } catch (java.net.UnknownHostException e) {
            throw new IllegalArgumentException(e);
        }
    }
}
