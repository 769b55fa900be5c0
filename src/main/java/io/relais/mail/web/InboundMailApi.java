package io.relais.mail.web;

import io.relais.common.EmailAddress;
import io.relais.common.Letters;
import io.relais.mail.internal.IntakeOutcome;
import io.relais.mail.internal.Mailbox;
import io.relais.mail.internal.MailIntake;
import io.relais.mail.internal.MailboxRepository;
import io.relais.security.MailGatewayTokens;
import jakarta.servlet.http.HttpServletRequest;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.net.URI;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.ProblemDetail;
import org.springframework.http.ResponseEntity;
import org.springframework.util.unit.DataSize;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

/**
 * The mail gateway: a mail server (Postfix, Exim, an Exchange connector) hands over each message as it
 * arrives ({@code relais-mailgate} in its pipe, or any HTTP client), with a mail gateway token. The message
 * goes through the same intake as fetched mail (threading, loop protection, exactly once, quarantine).
 * Answers: 202 imported (or quarantined, or set aside as a bounce or our own mail); 200 already imported;
 * 4xx for a bad request (the mail server bounces); 503 only when the desk cannot store it now (the mail
 * server keeps it and retries). Never a 5xx because of the message.
 */
@RestController
class InboundMailApi {
    private static final Logger log = LoggerFactory.getLogger(InboundMailApi.class);

    private final MailIntake intake;
    private final MailboxRepository mailboxes;
    private final long maxSize;

    InboundMailApi(MailIntake intake, MailboxRepository mailboxes, @Value("${relais.mail.max-size:25MB}") DataSize maxSize) {
        this.intake = intake;
        this.mailboxes = mailboxes;
        this.maxSize = maxSize.toBytes();
    }

    /** What became of the message. */
    record Accepted(String outcome, Long ticketId, Long ticketNumber, Long articleId, Long quarantineId, String detail) {}

    @PostMapping(path = "/api/v1/inbound/mail", produces = MediaType.APPLICATION_JSON_VALUE)
    ResponseEntity<?> receive(@RequestParam(required = false) String mailbox, @RequestParam(required = false) String recipient,
                              HttpServletRequest request) throws IOException {
        var caller = MailGatewayTokens.current().orElseThrow();
        var type = request.getContentType() == null ? "" : Letters.lower(request.getContentType());
        if (!type.startsWith("message/rfc822") && !type.startsWith("application/octet-stream")) {
            return problem(HttpStatus.UNSUPPORTED_MEDIA_TYPE, "Send the raw message as Content-Type: message/rfc822");
        }
        if (request.getContentLengthLong() > DRAIN_FACTOR * maxSize) {
            // far too large to read through: answered at once (the connection then closes)
            return problem(HttpStatus.CONTENT_TOO_LARGE, "The message is larger than " + DataSize.ofBytes(maxSize).toMegabytes() + " MB");
        }
        var raw = read(request);
        if (raw == null) {
            return problem(HttpStatus.CONTENT_TOO_LARGE, "The message is larger than " + DataSize.ofBytes(maxSize).toMegabytes() + " MB");
        }
        if (raw.length == 0) {
            return problem(HttpStatus.BAD_REQUEST, "The body is empty: send the raw message");
        }
        var target = resolve(mailbox, recipient, caller.mailboxId());
        if (target.isEmpty()) {
            return problem(HttpStatus.NOT_FOUND, "No active mailbox " + (mailbox != null ? mailbox : recipient != null ? recipient : "given")
                    + ": name it with ?mailbox= (id or address) or ?recipient=");
        }
        if (caller.mailboxId() != null && !caller.mailboxId().equals(target.get().id())) {
            return problem(HttpStatus.FORBIDDEN, "This token delivers to mailbox " + caller.mailboxId() + " only");
        }
        IntakeOutcome outcome;
        try {
            outcome = intake.take(target.get().id(), raw);
        } catch (RuntimeException e) {
            // the intake never fails because of the message: this is the database, so the mail server retries
            log.warn("Gateway message for mailbox {} not stored now ({}); the mail server will retry", target.get().id(), e.toString());
            var p = ProblemDetail.forStatusAndDetail(HttpStatus.SERVICE_UNAVAILABLE, "The desk cannot store the message now: retry later");
            p.setTitle("Service Unavailable");
            return ResponseEntity.status(HttpStatus.SERVICE_UNAVAILABLE).header("Retry-After", "60")
                    .contentType(MediaType.APPLICATION_PROBLEM_JSON).body(p);
        }
        var body = new Accepted(outcome.kind().name(), outcome.ticketId(), outcome.ticketNumber(), outcome.articleId(),
                outcome.quarantineId(), outcome.detail());
        var status = outcome.kind() == IntakeOutcome.Kind.DUPLICATE ? HttpStatus.OK : HttpStatus.ACCEPTED;
        return ResponseEntity.status(status).body(body);
    }

    /** The mailbox named by id or address, else the one of the envelope recipient (without a +tag); active ones only. */
    private Optional<Mailbox> resolve(String mailbox, String recipient, Long bound) {
        Optional<Mailbox> found = Optional.empty();
        if (mailbox != null && !mailbox.isBlank()) {
            found = mailboxes.byIdOrAddress(mailbox);
        } else if (recipient != null && !recipient.isBlank()) {
            found = EmailAddress.parse(recipient).flatMap(r -> mailboxes.byAddress(r.value())
                    .or(() -> mailboxes.byAddress(withoutTag(r))));
        } else if (bound != null) {
            found = mailboxes.findById(bound);
        }
        return found.filter(Mailbox::active);
    }

    /** {@code support+acme@relais.example} without its tag: {@code support@relais.example}. */
    private static String withoutTag(EmailAddress address) {
        var local = address.localPart();
        var plus = local.indexOf('+');
        return plus < 0 ? address.value() : local.substring(0, plus) + "@" + address.domain();
    }

    /**
     * The body, or null past the size limit (a client may send no length). Past the limit the rest is read and
     * thrown away (up to {@link #DRAIN_FACTOR} times the limit), so that a client still writing its body reads
     * the 413 instead of a reset connection.
     */
    private byte[] read(HttpServletRequest request) throws IOException {
        var out = new ByteArrayOutputStream();
        var buffer = new byte[64 * 1024];
        long total = 0;
        try (var in = request.getInputStream()) {
            int n;
            while ((n = in.read(buffer)) > 0) {
                total += n;
                if (total > maxSize) {
                    out = null;
                    if (total > DRAIN_FACTOR * maxSize) {
                        break;
                    }
                } else {
                    out.write(buffer, 0, n);
                }
            }
        }
        return out == null ? null : out.toByteArray();
    }

    private static final long DRAIN_FACTOR = 4;

    private static ResponseEntity<ProblemDetail> problem(HttpStatus status, String detail) {
        var p = ProblemDetail.forStatusAndDetail(status, detail);
        p.setTitle(status.getReasonPhrase());
        p.setType(URI.create("about:blank"));
        return ResponseEntity.status(status).contentType(MediaType.APPLICATION_PROBLEM_JSON).body(p);
    }
}
