package io.relais.mail.internal;

import io.relais.common.InvalidInputException;
import io.relais.directory.AgentsAndGroups;
import io.relais.common.Letters;
import io.relais.directory.Directory;
import io.relais.directory.SenderLookup;
import io.relais.directory.DirectoryRecords.ContactForm;
import io.relais.directory.DirectoryRecords.Sender;
import io.relais.mail.internal.ParsedMail.Address;
import io.relais.security.Actor;
import io.relais.ticket.TicketCommands.InlineImage;
import io.relais.ticket.TicketCommands.History;
import io.relais.ticket.TicketCommands.Incoming;
import io.relais.ticket.TicketCommands.MailIdentity;
import io.relais.ticket.TicketCommands.Upload;
import io.relais.ticket.TicketEnums.Channel;
import io.relais.ticket.MailThreads;
import io.relais.ticket.TicketIntake;
import io.relais.ticket.TicketReads;
import io.relais.ticket.TicketViews.MailThread;
import java.security.MessageDigest;
import java.time.Clock;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.regex.Pattern;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.dao.DataIntegrityViolationException;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;
import org.springframework.transaction.support.TransactionTemplate;
import org.springframework.util.unit.DataSize;

/**
 * The intake of one raw mail, in order, top to bottom:
 * <ol>
 * <li>dedupe: the same mailbox and Message-ID (or raw SHA-256 without one) is taken once, ever;</li>
 * <li>parse, within limits (size, parts, depth, time); over a limit, a ticket says so; a parser
 *     failure goes to quarantine and never blocks the next message;</li>
 * <li>loops: automatic mail is marked so that nothing answers it; our own mail coming back is ignored;</li>
 * <li>bounces: attached to the ticket whose mail bounced, the address flagged;</li>
 * <li>sender: the contact owning the address, else a new contact in the organization of the domain,
 *     the mailbox's default organization, or the unassigned organization;</li>
 * <li>follow-up: a signed Message-ID in In-Reply-To / References, else the subject tag or a known
 *     Message-ID when the sender is on the ticket;</li>
 * <li>else a new ticket, in the mailbox's default group.</li>
 * </ol>
 * Everything of one message happens in one transaction, which records the message as taken (a fetch or an
 * import writes a few consecutive messages in one transaction: the same steps, one commit). The caller
 * flags or moves the message on the server only after that commit.
 */
@Component
public class MailIntake {
    private static final Logger log = LoggerFactory.getLogger(MailIntake.class);
    private static final Actor SYSTEM = Actor.system("mail intake");

    public enum Kind { TICKET, FOLLOW_UP, DUPLICATE, IGNORED, BOUNCE, QUARANTINED }

    public record Outcome(Kind kind, Long ticketId, Long ticketNumber, Long articleId, Long quarantineId, String detail) {}

    /** The detail of a QUARANTINED outcome for a message already in quarantine (taken again: nothing new). */
    public static final String ALREADY_QUARANTINED = "already in quarantine";

    private final MailboxRepository mailboxes;
    private final JdbcClient jdbc;
    private final TransactionTemplate tx;
    private final TicketIntake tickets;
    private final TicketReads ticketQueries;
    private final MailThreads mailThreads;
    private final Directory directory;
    private final SenderLookup senders;
    private final AgentsAndGroups agentsAndGroups;
    private final MessageIds messageIds;
    private final MailSettings settings;
    private final BouncedAddresses bouncedAddresses;
    private final io.relais.notification.Outbox outbox;
    private final Clock clock;
    private final MailParser parser = new MailParser(MailParser.Limits.defaults());
    private final ExecutorService parsing = Executors.newCachedThreadPool(r -> {
        var t = new Thread(r, "mail-parse");
        t.setDaemon(true);
        return t;
    });
    private final long maxSize;
    private final long parseTimeoutMillis;
    /** Messages written in one transaction by {@link #takeInOrder} and {@link #takeArchived} (1: each on its own). */
    private final int group;

    MailIntake(MailboxRepository mailboxes, JdbcClient jdbc, TransactionTemplate tx, TicketIntake tickets,
               TicketReads ticketQueries, MailThreads mailThreads, Directory directory, SenderLookup senders, AgentsAndGroups agentsAndGroups, MessageIds messageIds, MailSettings settings,
               BouncedAddresses bounced, io.relais.notification.Outbox outbox, Clock clock,
               @Value("${relais.mail.max-size:25MB}") DataSize maxSize,
               @Value("${relais.mail.parse-timeout-seconds:20}") int parseTimeoutSeconds,
               @Value("${relais.mail.intake-group:20}") int group) {
        this.mailboxes = mailboxes;
        this.jdbc = jdbc;
        this.tx = tx;
        this.tickets = tickets;
        this.ticketQueries = ticketQueries;
        this.mailThreads = mailThreads;
        this.directory = directory;
        this.senders = senders;
        this.agentsAndGroups = agentsAndGroups;
        this.messageIds = messageIds;
        this.settings = settings;
        this.bouncedAddresses = bounced;
        this.outbox = outbox;
        this.clock = clock;
        this.maxSize = maxSize.toBytes();
        this.parseTimeoutMillis = parseTimeoutSeconds * 1000L;
        this.group = Math.max(1, group);
    }

    /**
     * Takes one message. Never throws because of the message; throws only when the database cannot
     * be reached, so that the caller leaves the message where it is and tries again later.
     */
    public Outcome take(long mailboxId, byte[] raw) {
        return finish(mailboxId, null, prepare(mailboxId, raw, null));
    }

    /**
     * A message of a mail archive (import): {@code fallbackDate} is its date when its own Date header
     * is missing or unreadable (the mbox separator's date, the file's time).
     */
    public record Archived(byte[] raw, java.time.Instant fallbackDate) {}

    /**
     * Takes the messages of an archive in the given order (oldest first is the caller's), in groups like
     * live mail ({@link #takeInOrder}), with three differences: each keeps its own date, nothing is mailed about
     * it (no acknowledgement, no notification) and a ticket it opens is marked imported (no SLA clocks);
     * a message from an agent's address that follows a known thread is that agent's reply (the
     * administrator vouches for the archive; live mail needs a signed reference for that).
     * Throws like {@link #take}, when the database cannot be reached.
     */
    public void takeArchived(long mailboxId, java.util.Iterator<Archived> messages, java.util.function.Consumer<Outcome> afterEach) {
        takeAll(mailboxId, messages, true, afterEach);
    }

    /**
     * Takes messages in their order, up to {@code relais.mail.intake-group} (20) of them in one transaction;
     * a group closes at {@link #GROUP_BYTES} of mail. The next messages are parsed while a group is written, so
     * parsing and the database overlap; at most a group
     * and {@link #LOOKAHEAD} more wait in memory (fewer when they are large). A message that fails within a
     * group sends its group back to one transaction per message, so a poison message is quarantined alone.
     * The fetcher's caller: nobody waits on it, so the search index takes each group after its commit while the
     * next group is written (a message is searchable a moment after this returns, not when it returns).
     * Throws like {@link #take}.
     */
    public void takeInOrder(long mailboxId, List<byte[]> raws) {
        takeAll(mailboxId, raws.stream().map(raw -> new Archived(raw, null)).iterator(), false, o -> {});
    }

    private void takeAll(long mailboxId, java.util.Iterator<Archived> messages, boolean archive,
                         java.util.function.Consumer<Outcome> afterEach) {
        var mailbox = mailboxes.findById(mailboxId).orElseThrow(() -> new IllegalStateException("no mailbox " + mailboxId));
        var window = new java.util.ArrayDeque<Prepared>();
        long windowBytes = 0;
        try {
            while (messages.hasNext() || !window.isEmpty()) {
                // parsed ahead: a group and a little more, fewer when the messages are large
                while (messages.hasNext() && window.size() < group + LOOKAHEAD
                        && (window.size() <= LOOKAHEAD || windowBytes < 2 * GROUP_BYTES)) {
                    var next = messages.next();
                    var date = !archive ? null : next.fallbackDate() == null ? clock.instant() : next.fallbackDate();
                    window.add(prepare(mailboxId, next.raw(), date));
                    windowBytes += next.raw().length;
                }
                var batch = new ArrayList<Prepared>(group);
                long batchBytes = 0;
                while (!window.isEmpty() && batch.size() < group && (batch.isEmpty() || batchBytes < GROUP_BYTES)) {
                    var p = window.poll();
                    batch.add(p);
                    batchBytes += p.raw().length;
                    windowBytes -= p.raw().length;
                }
                for (var outcome : finishGroup(mailboxId, mailbox, batch, !archive)) {
                    afterEach.accept(outcome);
                }
            }
        } finally {
            window.forEach(p -> {
                if (p.parse() != null) {
                    p.parse().cancel(true);
                }
            });
        }
    }

    /** How long past its own deadline a parse may take to hand back what it read before it is abandoned. */
    static final long PARSE_GRACE_MILLIS = 5_000;

    /** Parses ahead of the transactions of {@link #takeInOrder}, beyond the group being written. */
    static final int LOOKAHEAD = 2;

    /**
     * A group closes at this many bytes of raw mail (and what is parsed ahead stops near twice that): large
     * mails are written a few at a time, so that a group's sources, parts and entities never crowd the heap.
     */
    static final long GROUP_BYTES = 8L * 1024 * 1024;

    /**
     * A message before its transaction: already known, or its parse under way. {@code archivedAt}: null
     * for live mail; for an archived message, the date to keep when its Date header cannot be read.
     */
    private record Prepared(byte[] raw, String sha, String quickKey, Optional<Outcome> known,
                            java.util.concurrent.Future<ParsedMail> parse, String sizeNote, java.time.Instant archivedAt) {}

    /** A message parsed (or read as far as it could be) and not known: what its transaction writes. */
    private record Ready(String key, String sha, byte[] raw, ParsedMail mail, String limitNote, History history) {}

    /** What became of a prepared message before any transaction ({@code outcome}), or what to write ({@code ready}). */
    private record Resolved(Outcome outcome, Ready ready) {}

    private Prepared prepare(long mailboxId, byte[] raw, java.time.Instant archivedAt) {
        var sha = sha256(raw);
        // A message seen before costs a header scan, not a parse (re-reads after a crash or a renumbering).
        var quickKey = dedupeKey(MailParser.headersOnly(raw, "").messageId(), sha);
        var quick = known(mailboxId, quickKey);
        if (quick.isPresent()) {
            return new Prepared(raw, sha, quickKey, quick, null, null, archivedAt);
        }
        if (raw.length > maxSize) {
            return new Prepared(raw, sha, quickKey, quick, null, "over the size limit ("
                    + DataSize.ofBytes(raw.length).toKilobytes() / 1024 + " MB > " + DataSize.ofBytes(maxSize).toMegabytes() + " MB)",
                    archivedAt);
        }
        var deadline = MailParser.Deadline.after(java.time.Duration.ofMillis(parseTimeoutMillis));
        return new Prepared(raw, sha, quickKey, quick, parsing.submit(() -> parser.parse(raw, deadline)), null, archivedAt);
    }

    private Outcome finish(long mailboxId, Mailbox mailbox, Prepared prepared) {
        var resolved = resolve(mailboxId, prepared);
        return resolved.outcome() != null ? resolved.outcome() : commit(mailboxId, mailbox, resolved.ready(), false);
    }

    /**
     * Writes a group of messages in one transaction: one commit, one search index refresh and one WAL flush for
     * the group instead of one per message, the outcomes in the messages' order. When any message of the group
     * fails, the group is rolled back and each message is written on its own (a poison message goes to
     * quarantine, the others go through). A message that comes twice in the group is written once; the second
     * is then known (DUPLICATE).
     */
    private List<Outcome> finishGroup(long mailboxId, Mailbox mailbox, List<Prepared> batch, boolean background) {
        var resolved = batch.stream().map(p -> resolve(mailboxId, p)).toList();
        var together = new ArrayList<Ready>();
        var keys = new java.util.HashSet<String>();
        for (var r : resolved) {
            if (r.ready() != null && keys.add(r.ready().key())) {
                together.add(r.ready());
            }
        }
        var written = new java.util.IdentityHashMap<Ready, Outcome>();
        if (together.size() == 1) {
            written.put(together.get(0), commit(mailboxId, mailbox, together.get(0), background));
        } else if (!together.isEmpty()) {
            var outcomes = commitTogether(mailboxId, mailbox, together, background);
            for (int i = 0; i < together.size(); i++) {
                written.put(together.get(i), outcomes.get(i));
            }
        }
        var result = new ArrayList<Outcome>(resolved.size());
        for (var r : resolved) {
            if (r.outcome() != null) {
                result.add(r.outcome());
            } else if (written.containsKey(r.ready())) {
                result.add(written.get(r.ready()));
            } else {
                result.add(known(mailboxId, r.ready().key()).orElseGet(() -> commit(mailboxId, mailbox, r.ready(), background)));
            }
        }
        return result;
    }

    private List<Outcome> commitTogether(long mailboxId, Mailbox mailbox, List<Ready> together, boolean background) {
        List<Outcome> outcomes;
        try {
            outcomes = tx.execute(s -> {
                if (background) {
                    tickets.indexWithoutWaiting();
                }
                var list = new ArrayList<Outcome>(together.size());
                for (var r : together) {
                    list.add(process(mailbox, r.key(), r.sha(), r.raw(), r.mail(), r.limitNote(), r.history()));
                    // what this message wrote is visible to the next one's lookups (plain SQL ones included), and the
                    // next one starts with an empty persistence context
                    tickets.settle();
                }
                countImported(mailboxId, list);
                return list;
            });
        } catch (RuntimeException e) {
            if (notAboutTheMessage(e)) {
                throw e;
            }
            log.debug("A group of {} mails of mailbox {} failed ({}): each is taken on its own", together.size(), mailboxId,
                    e.toString());
            return together.stream().map(r -> commit(mailboxId, mailbox, r, background)).toList();
        }
        return outcomes;
    }

    /** Waits for the message's parse and checks it against what was taken (its Message-ID may differ from the quick scan's). */
    private Resolved resolve(long mailboxId, Prepared prepared) {
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
        var key = dedupeKey(mail.messageId(), sha);
        var known = key.equals(quickKey) ? Optional.<Outcome>empty() : known(mailboxId, key);
        if (known.isPresent()) {
            return new Resolved(known.get(), null);
        }
        if (failure != null) {
            return new Resolved(quarantine(mailboxId, key, raw, MailFetchers.describe(failure)), null);
        }
        var history = prepared.archivedAt() == null ? null
                : new History(MailDates.of(mail.header("date"), clock.instant()).orElse(prepared.archivedAt()));
        return new Resolved(null, new Ready(key, sha, raw, mail, limitNote, history));
    }

    /**
     * One message in its own transaction; with {@code background}, the search index takes it without the caller
     * waiting (the fetcher: nobody waits on it), else it is searchable when this returns (the gateway's caller).
     */
    private Outcome commit(long mailboxId, Mailbox mailbox, Ready r, boolean background) {
        try {
            var outcome = tx.execute(s -> {
                if (background) {
                    tickets.indexWithoutWaiting();
                }
                var one = process(mailbox != null ? mailbox
                        : mailboxes.findById(mailboxId).orElseThrow(() -> new IllegalStateException("no mailbox " + mailboxId)),
                        r.key(), r.sha(), r.raw(), r.mail(), r.limitNote(), r.history());
                countImported(mailboxId, List.of(one));
                return one;
            });
            return outcome;
        } catch (DataIntegrityViolationException e) {
            // Another run took the same message first (the unique key on mail_message): nothing to do.
            var again = known(mailboxId, r.key());
            if (again.isPresent()) {
                return again.get();
            }
            return quarantine(mailboxId, r.key(), r.raw(), MailFetchers.describe(e));
        } catch (RuntimeException e) {
            if (notAboutTheMessage(e)) {
                throw e;
            }
            log.warn("Mail of mailbox {} could not be taken in ({}): quarantined", mailboxId, e.toString());
            return quarantine(mailboxId, r.key(), r.raw(), MailFetchers.describe(e));
        }
    }

    /**
     * A failure that says nothing about the message: the database cannot be reached (the caller leaves the
     * message where it is and tries again later).
     */
    private static boolean notAboutTheMessage(RuntimeException e) {
        return io.relais.common.DatabaseFaults.isDatabaseFault(e);
    }

    /** Takes a quarantined message again (after a fix); its quarantine entry is closed when it goes through. */
    public Outcome retry(long quarantineId) {
        var row = jdbc.sql("select mailbox_id, raw from mail_quarantine where id = ? and status = 'OPEN'")
                .param(quarantineId).query((rs, i) -> new Object[] {rs.getLong(1), rs.getBytes(2)}).optional();
        if (row.isEmpty()) {
            return new Outcome(Kind.IGNORED, null, null, null, quarantineId, "not in quarantine");
        }
        jdbc.sql("update mail_quarantine set status = 'RETRIED', resolved_at = ? where id = ?")
                .params(now(), quarantineId).update();
        var outcome = take((Long) row.get()[0], (byte[]) row.get()[1]);
        if (outcome.kind() == Kind.QUARANTINED) {
            jdbc.sql("update mail_quarantine set status = 'OPEN', resolved_at = null where id = ?").param(quarantineId).update();
        }
        return outcome;
    }

    // ---- the steps, in one transaction

    private Outcome process(Mailbox mailbox, String key, String sha, byte[] raw, ParsedMail mail, String limitNote,
                            History history) {
        long mailboxId = mailbox.id();
        // 1. The message is recorded as taken at the end (record), in this transaction: a second run of the
        //    same message fails there on the unique key and rolls back whatever it did.
        var claim = new Claim(mailboxId, key, MailParser.cut(mail.messageId(), 500), sha);

        // 2. Loops and automatic mail.
        var verdict = AutoMail.judge(mail, settings.loopId());
        if (verdict.ours()) {
            return record(claim, new Outcome(Kind.IGNORED, null, null, null, null, "our own mail came back"));
        }

        // 3. Bounces of our own mail. A report names any address it likes: only those the returned message was sent
        //    to are flagged (anyone holding one of our signed Message-IDs could otherwise silence any address).
        if (verdict.bounce() && mail.report() != null) {
            var returned = mail.report().returnedMessageIds().stream()
                    .filter(id -> messageIds.verify(id).isPresent()).toList();
            var bounced = returned.stream().map(messageIds::verify).flatMap(Optional::stream)
                    .map(r -> ticketQueries.ticketByNumber(SYSTEM, r.ticketNumber())).flatMap(Optional::stream).findFirst();
            if (bounced.isPresent()) {
                var sentTo = returned.stream().flatMap(id -> outbox.recipientsOf(id).stream())
                        .map(Letters::lower).collect(java.util.stream.Collectors.toSet());
                var failed = mail.report().failedRecipients().stream()
                        .filter(a -> sentTo.contains(Letters.lower(a))).toList();
                var named = String.join(", ", mail.report().failedRecipients());
                var recipients = failed.isEmpty() ? named + " (not a recipient of that message: no address flagged)"
                        : String.join(", ", failed);
                var articleId = tickets.recordBounce(bounced.get().id(), recipients, mail.report().text(),
                        new Upload("bounce.eml", "message/rfc822", raw));
                for (var address : failed) {
                    bouncedAddresses.flag(address, MailParser.cut(mail.report().text(), 900));
                }
                return record(claim, new Outcome(Kind.BOUNCE, bounced.get().id(), bounced.get().number().value(),
                        articleId, null, failed.isEmpty() ? "delivery report naming no recipient of the message: "
                        + MailParser.cut(named, 300) + "; nothing flagged" : "bounce for " + recipients));
            }
        }

        // 4. Who wrote it.
        var from = mail.from() != null ? mail.from() : fallbackSender(mail);
        var references = new ArrayList<String>();
        if (mail.inReplyTo() != null) {
            references.add(mail.inReplyTo());
        }
        var refs = new ArrayList<>(mail.references());
        java.util.Collections.reverse(refs);
        references.addAll(refs);
        var signed = references.stream().map(messageIds::verify).flatMap(Optional::stream).toList();
        Long agentId = null;
        MailThread thread = null;
        var agent = agentsAndGroups.activeAgentByEmail(from.email());
        if (agent.isPresent() && signed.stream().anyMatch(r -> agent.get().equals(r.agentId()))) {
            agentId = agent.get();
        } else if (agent.isPresent() && history != null) {
            // an archive: an agent's answer to a thread already imported is that agent's reply
            thread = byKnownMessageId(mailboxId, references, null);
            agentId = thread == null ? null : agent.get();
        }
        Sender contact = agentId != null ? null : contact(from, mailbox);

        // 5. Which ticket it follows.
        for (var ref : signed) {
            if (thread != null) {
                break;
            }
            thread = ticketQueries.ticketByNumber(SYSTEM, ref.ticketNumber())
                    .flatMap(t -> mailThreads.mailThread(t.id())).orElse(null);
        }
        if (thread == null && contact != null) {
            thread = bySubjectTag(mail.subject(), contact.id());
        }
        if (thread == null && contact != null) {
            thread = byKnownMessageId(mailboxId, references, contact.id());
        }

        // 6. The article, on that ticket or a new one.
        var organizationId = thread != null ? thread.organizationId() : contact.organizationId();
        var participants = agentId != null ? List.<Long>of() : participants(mail, mailbox, organizationId, contact.id());
        var body = mail.text() == null ? "" : mail.text();
        if (limitNote != null) {
            body = "[This message is " + limitNote + "; its source is attached as message.eml.]\n\n" + body;
        }
        var files = new ArrayList<Upload>();
        var inline = new ArrayList<InlineImage>();
        // the HTML is read for cid: references only when an inline part could be one of them
        var shown = mail.parts().stream().anyMatch(p -> p.inline()) ? MailHtml.cidReferences(mail.html()) : java.util.Set.<String>of();
        for (var part : mail.parts()) {
            var upload = new Upload(part.filename(), part.contentType(), part.content());
            if (part.inline() && shown.contains(part.contentId())) {
                inline.add(new InlineImage(part.contentId(), upload));
            } else {
                files.add(upload);
            }
        }
        var authorName = agentId != null ? from.display() : contact.name();
        var received = tickets.receive(new Incoming(thread == null ? null : thread.ticketId(), mail.subject(), body,
                mail.html(), contact == null ? null : contact.id(), agentId, authorName, organizationId,
                mailbox.defaultGroupId(), Channel.EMAIL,
                new MailIdentity(mail.messageId(), from.display(), join(mail.to()), join(mail.cc())),
                verdict.automatic(), files, inline, new Upload("message.eml", "message/rfc822", raw), participants, history));
        if (received.created()) {
            jdbc.sql("insert into mail_thread (ticket_id, mailbox_id) values (?, ?)").params(received.ticketId(), mailboxId).update();
        }
        return record(claim, new Outcome(received.created() ? Kind.TICKET : Kind.FOLLOW_UP, received.ticketId(),
                received.number(), received.articleId(), null, verdict.reason()));
    }

    /**
     * Adds the messages a transaction took in to the mailbox's imported count once, at its end: the count's
     * row is the one the fetcher updates to acknowledge what it fetched, and updating it with the first message of a
     * group kept that row locked, and the fetcher waiting, until the whole group was written.
     */
    private void countImported(long mailboxId, List<Outcome> outcomes) {
        var taken = outcomes.stream().filter(o -> o.kind() == Kind.TICKET || o.kind() == Kind.FOLLOW_UP).count();
        if (taken > 0) {
            jdbc.sql("update mailbox_state set imported = imported + ? where mailbox_id = ?").params(taken, mailboxId).update();
        }
    }

    private record Claim(long mailboxId, String key, String messageId, String sha) {}

    private Outcome record(Claim claim, Outcome outcome) {
        jdbc.sql("insert into mail_message (mailbox_id, dedupe_key, message_id, raw_sha256, outcome, ticket_id, article_id, detail,"
                        + " received_at) values (?, ?, ?, ?, ?, ?, ?, ?, ?)")
                .params(claim.mailboxId(), claim.key(), claim.messageId(), claim.sha(), outcome.kind().name(), outcome.ticketId(),
                        outcome.articleId(), MailParser.cut(outcome.detail(), 1000), now()).update();
        return outcome;
    }

    private Sender contact(Address from, Mailbox mailbox) {
        var existing = senders.senderByEmail(SYSTEM, from.email());
        if (existing.isPresent() && existing.get().domainConflict()) {
            throw new SenderConflict(from.email(), existing.get(), senders.organizationsDeclaring(from.domain()));
        }
        if (existing.isPresent()) {
            return existing.get();
        }
        var organizationId = senders.organizationOfDomain(from.domain())
                .or(() -> Optional.ofNullable(mailbox.defaultOrganizationId()))
                .orElseGet(() -> directory.unassignedOrganization(settings.unassignedOrganization()));
        var name = from.name() != null && !from.name().isBlank() ? from.name() : from.email().substring(0, from.email().indexOf('@'));
        try {
            var created = directory.createContact(SYSTEM, new ContactForm(organizationId, MailParser.cut(name, 200), from.email(),
                    null, null, false, false));
            return new Sender(created.id(), created.organizationId(), created.name());
        } catch (InvalidInputException e) {
            // An address the directory refuses: the message still becomes a ticket, from the unknown sender.
            return unknownSender(mailbox);
        }
    }

    /**
     * The sender's address is a contact's whose organization does not declare its domain, while another organization
     * does, and no administrator confirmed it: filing the mail with the contact's client could hand one client's mail
     * to another, so it waits in quarantine until someone moves the address or confirms it, then retries it.
     */
    static final class SenderConflict extends RuntimeException {
        SenderConflict(String address, Sender contact, List<String> declaring) {
            super("held for review: the sender " + address + " is the address of contact #" + contact.id() + " ("
                    + contact.name() + ") of organization #" + contact.organizationId() + ", but its domain is declared by "
                    + String.join(", ", declaring) + "; move the address to the right contact, or confirm it on this"
                    + " contact (administrator), then retry");
        }
    }

    private Address fallbackSender(ParsedMail mail) {
        var sender = MailParser.addresses(mail.header("sender"));
        if (!sender.isEmpty()) {
            return sender.get(0);
        }
        if (!mail.replyTo().isEmpty()) {
            return mail.replyTo().get(0);
        }
        var returnPath = MailParser.addresses(mail.returnPath());
        if (!returnPath.isEmpty()) {
            return returnPath.get(0);
        }
        return new Address("Unknown sender", "unknown-sender@relais.invalid");
    }

    private Sender unknownSender(Mailbox mailbox) {
        return contact(new Address("Unknown sender", "unknown-sender@relais.invalid"), mailbox);
    }

    /** Cc (and other To) addresses of the ticket's organization become participants; others stay on the article only. */
    private List<Long> participants(ParsedMail mail, Mailbox mailbox, long organizationId, Long senderId) {
        var ids = new LinkedHashSet<Long>();
        var candidates = new ArrayList<Address>(mail.cc());
        candidates.addAll(mail.to());
        candidates.removeIf(a -> a.email() == null || a.email().equalsIgnoreCase(mailbox.address()));
        if (candidates.isEmpty()) {
            return List.of();
        }
        var ours = mailboxes.findAllByName().stream().map(m -> Letters.lower(m.address()))
                .collect(java.util.stream.Collectors.toSet());
        for (var address : candidates) {
            if (ours.contains(Letters.lower(address.email())) || ids.size() >= 20) {
                continue;
            }
            var existing = senders.senderByEmail(SYSTEM, address.email());
            if (existing.isPresent()) {
                // an address whose domain another client declares is never copied on this client's ticket
                if (!existing.get().domainConflict() && existing.get().organizationId() == organizationId && (senderId == null || existing.get().id() != senderId)) {
                    ids.add(existing.get().id());
                }
                continue;
            }
            var domainOrganization = senders.organizationOfDomain(address.domain());
            if (domainOrganization.isPresent() && domainOrganization.get() == organizationId) {
                try {
                    var name = address.name() != null ? address.name() : address.email().substring(0, address.email().indexOf('@'));
                    ids.add(directory.createContact(SYSTEM, new ContactForm(organizationId, MailParser.cut(name, 200),
                            address.email(), null, null, false, false)).id());
                } catch (InvalidInputException e) {
                    // not an address the directory takes: kept on the article's Cc only
                }
            }
        }
        return List.copyOf(ids);
    }

    /** The ticket number of a subject tag such as {@code [Relais #1042]}, if the subject has one. */
    static Optional<Long> taggedNumber(String subject, String tag) {
        if (subject == null) {
            return Optional.empty();
        }
        var m = Pattern.compile("\\[" + Pattern.quote(tag) + " #(\\d{1,18})\\]", Pattern.CASE_INSENSITIVE).matcher(subject);
        return m.find() ? Optional.of(Long.parseLong(m.group(1))) : Optional.empty();
    }

    private MailThread bySubjectTag(String subject, long contactId) {
        var number = taggedNumber(subject, settings.subjectTag());
        if (number.isEmpty()) {
            return null;
        }
        return ticketQueries.ticketByNumber(SYSTEM, number.get())
                .flatMap(t -> mailThreads.mailThread(t.id()))
                .filter(t -> t.requesterId() == contactId || t.participantIds().contains(contactId))
                .orElse(null);
    }

    /** The ticket of a message this one refers to, if {@code contactId} (null: anyone) is on it. */
    private MailThread byKnownMessageId(long mailboxId, List<String> references, Long contactId) {
        for (var ref : references) {
            var ticketId = ticketOfMessage(mailboxId, ref);
            if (ticketId.isPresent()) {
                var thread = mailThreads.mailThread(ticketId.get())
                        .filter(t -> contactId == null || t.requesterId() == contactId || t.participantIds().contains(contactId));
                if (thread.isPresent()) {
                    return thread.get();
                }
            }
        }
        return null;
    }

    /** The ticket a message of this mailbox, taken before, went to. */
    Optional<Long> ticketOfMessage(long mailboxId, String messageId) {
        return jdbc.sql("select ticket_id from mail_message where mailbox_id = ? and message_id = ? and ticket_id is not null")
                .params(mailboxId, MailParser.cut(messageId, 500)).query(Long.class).optional();
    }

    // ---- known messages and quarantine

    /** What became of the message of this dedupe key, if it was taken before or waits in quarantine. */
    Optional<Outcome> known(long mailboxId, String key) {
        // one statement for both (asked for every message): taken first, else waiting in quarantine
        var rows = jdbc.sql("select 0, outcome, ticket_id, article_id from mail_message where mailbox_id = ? and dedupe_key = ?"
                        + " union all select 1, null, cast(null as bigint), id from mail_quarantine"
                        + " where mailbox_id = ? and dedupe_key = ? and status = 'OPEN'")
                .params(mailboxId, key, mailboxId, key)
                .query((rs, i) -> rs.getInt(1) == 0
                        ? new Outcome(Kind.DUPLICATE, rs.getObject(3, Long.class), null, rs.getObject(4, Long.class), null,
                                rs.getString(2))
                        : new Outcome(Kind.QUARANTINED, null, null, null, rs.getLong(4), ALREADY_QUARANTINED))
                .list();
        return rows.stream().filter(o -> o.kind() == Kind.DUPLICATE).findFirst().or(() -> rows.stream().findFirst());
    }

    private Outcome quarantine(long mailboxId, String key, byte[] raw, String error) {
        var id = tx.execute(s -> {
            var existing = jdbc.sql("select id from mail_quarantine where mailbox_id = ? and dedupe_key = ?")
                    .params(mailboxId, key).query(Long.class).optional();
            if (existing.isPresent()) {
                jdbc.sql("update mail_quarantine set status = 'OPEN', error = ?, resolved_at = null where id = ?")
                        .params(MailParser.cut(error, 2000), existing.get()).update();
                return existing.get();
            }
            jdbc.sql("insert into mail_quarantine (mailbox_id, dedupe_key, raw, error, status, created_at) values (?, ?, ?, ?, 'OPEN', ?)")
                    .params(mailboxId, key, raw, MailParser.cut(error, 2000), now()).update();
            return jdbc.sql("select id from mail_quarantine where mailbox_id = ? and dedupe_key = ?")
                    .params(mailboxId, key).query(Long.class).single();
        });
        return new Outcome(Kind.QUARANTINED, null, null, null, id, error);
    }

    // ---- helpers

    static String dedupeKey(String messageId, String sha) {
        return messageId == null || messageId.isBlank() ? "sha256:" + sha : "mid:" + MailParser.cut(messageId.trim(), 590);
    }

    private static String join(List<Address> addresses) {
        return addresses.isEmpty() ? null : String.join(", ", addresses.stream().map(Address::display).toList());
    }

    private OffsetDateTime now() {
        return clock.instant().atOffset(ZoneOffset.UTC);
    }

    static String sha256(byte[] raw) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(raw));
        } catch (java.security.NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
