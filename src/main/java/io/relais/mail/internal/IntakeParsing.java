package io.relais.mail.internal;

import io.relais.ticket.TicketCommands.History;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Optional;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.stereotype.Component;
import org.springframework.util.unit.DataSize;

/**
 * The intake's work on a message before its transaction: a message taken before costs a header scan, not a parse;
 * over the size limit it is not parsed (a ticket says so); else it is parsed on a thread of its own within limits
 * (parts, depth, time), and what the parse read is checked once more against what was taken (its Message-ID may
 * differ from the quick scan's). A parser failure goes to quarantine and never blocks the next message.
 */
@Component
class IntakeParsing {
    /** How long past its own deadline a parse may take to hand back what it read before it is abandoned. */
    static final long PARSE_GRACE_MILLIS = 5_000;

    private final TakenMessages taken;
    private final Quarantine quarantine;
    private final Clock clock;
    private final MailParser parser = new MailParser(MailParser.Limits.defaults());
    private final ExecutorService parsing = Executors.newCachedThreadPool(r -> {
        var t = new Thread(r, "mail-parse");
        t.setDaemon(true);
        return t;
    });
    private final long maxSize;
    private final long parseTimeoutMillis;

    IntakeParsing(TakenMessages taken, Quarantine quarantine, Clock clock,
                  @Value("${relais.mail.max-size:25MB}") DataSize maxSize,
                  @Value("${relais.mail.parse-timeout-seconds:20}") int parseTimeoutSeconds) {
        this.taken = taken;
        this.quarantine = quarantine;
        this.clock = clock;
        this.maxSize = maxSize.toBytes();
        this.parseTimeoutMillis = parseTimeoutSeconds * 1000L;
    }

    /**
     * A message before its transaction: already known, or its parse under way. {@code archivedAt}: null
     * for live mail; for an archived message, the date to keep when its Date header cannot be read.
     */
    record Prepared(byte[] raw, String sha, String quickKey, Optional<IntakeOutcome> known,
                    Future<ParsedMail> parse, String sizeNote, Instant archivedAt) {}

    /** A message parsed (or read as far as it could be) and not known: what its transaction writes. */
    record Ready(String key, String sha, byte[] raw, ParsedMail mail, String limitNote, History history) {}

    /** What became of a prepared message before any transaction ({@code outcome}), or what to write ({@code ready}). */
    record Resolved(IntakeOutcome outcome, Ready ready) {}

    Prepared prepare(long mailboxId, byte[] raw, Instant archivedAt) {
        var sha = TakenMessages.sha256(raw);
        // A message seen before costs a header scan, not a parse (re-reads after a crash or a renumbering).
        var quickKey = TakenMessages.dedupeKey(MailParser.headersOnly(raw, "").messageId(), sha);
        var quick = taken.known(mailboxId, quickKey);
        if (quick.isPresent()) {
            return new Prepared(raw, sha, quickKey, quick, null, null, archivedAt);
        }
        if (raw.length > maxSize) {
            return new Prepared(raw, sha, quickKey, quick, null, "over the size limit ("
                    + DataSize.ofBytes(raw.length).toKilobytes() / 1024 + " MB > " + DataSize.ofBytes(maxSize).toMegabytes() + " MB)",
                    archivedAt);
        }
        var deadline = MailParser.Deadline.after(Duration.ofMillis(parseTimeoutMillis));
        return new Prepared(raw, sha, quickKey, quick, parsing.submit(() -> parser.parse(raw, deadline)), null, archivedAt);
    }

    /** Waits for the message's parse and checks it against what was taken (its Message-ID may differ from the quick scan's). */
    Resolved resolve(long mailboxId, Prepared prepared) {
        if (prepared.known().isPresent()) {
            return new Resolved(prepared.known().get(), null);
        }
        var raw = prepared.raw();
        var sha = prepared.sha();
        var quickKey = prepared.quickKey();
        ParsedMail mail;
        String limitNote = prepared.sizeNote();
        Exception failure = null;
        if (prepared.parse() == null) {
            mail = MailParser.headersOnly(raw, limitNote);
        } else {
            var future = prepared.parse();
            try {
                // the parse stops itself at its deadline with what it read; past the grace it is abandoned (interrupted)
                mail = future.get(parseTimeoutMillis + PARSE_GRACE_MILLIS, TimeUnit.MILLISECONDS);
            } catch (TimeoutException e) {
                future.cancel(true);
                limitNote = "not read: reading it took longer than " + (parseTimeoutMillis + PARSE_GRACE_MILLIS) / 1000 + " s";
                mail = MailParser.headersOnly(raw, limitNote);
            } catch (ExecutionException e) {
                ParsedMail partial = null;
                if (e.getCause() instanceof MailParser.LimitExceeded limit) {
                    limitNote = limit.getMessage();
                    partial = limit.partial().orElse(null);
                } else {
                    failure = e.getCause() instanceof Exception ex ? ex : new IllegalStateException(e.getCause());
                }
                mail = partial != null ? partial : MailParser.headersOnly(raw, limitNote != null ? limitNote : "unreadable");
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException("interrupted", e);
            }
        }
        var key = TakenMessages.dedupeKey(mail.messageId(), sha);
        var known = key.equals(quickKey) ? Optional.<IntakeOutcome>empty() : taken.known(mailboxId, key);
        if (known.isPresent()) {
            return new Resolved(known.get(), null);
        }
        if (failure != null) {
            return new Resolved(quarantine.hold(mailboxId, key, raw, ErrorText.describe(failure)), null);
        }
        var history = prepared.archivedAt() == null ? null
                : new History(MailDates.of(mail.header("date"), clock.instant()).orElse(prepared.archivedAt()));
        return new Resolved(null, new Ready(key, sha, raw, mail, limitNote, history));
    }
}
