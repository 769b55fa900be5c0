package io.relais.mail.internal;

import io.relais.common.Letters;
import io.relais.security.Actor;
import io.relais.ticket.TicketReads;
import java.io.IOException;
import java.nio.file.Path;
import java.time.Clock;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import org.springframework.stereotype.Component;

/**
 * Imports mail archives (.eml, mbox, Maildir) into one mailbox: oldest first, through the same intake as
 * live mail (threading, loop protection, exactly once, quarantine), without mailing anyone
 * ({@link MailIntake#takeArchived}). Running the same import again creates nothing: every message is
 * then a duplicate. A dry run reads and parses everything and says what would happen, writing nothing.
 */
@Component
public class MailImport {
    private static final Actor SYSTEM = Actor.system("mail import");

    /** What an import did (or, in a dry run, would do). */
    public record Summary(int messages, int tickets, int followUps, int duplicates, int quarantined, int bounces,
                          int ignored, int closed, List<String> skippedFiles, long millis, boolean dryRun) {
        public double perSecond() {
            return millis == 0 ? messages : messages * 1000.0 / millis;
        }
    }

    /** Called after each message: how many are done out of how many. */
    @FunctionalInterface
    public interface Progress {
        void update(int done, int total);
    }

    private final MailIntake intake;
    private final TakenMessages taken;
    private final MailboxRepository mailboxes;
    private final MessageIds messageIds;
    private final MailSettings settings;
    private final TicketReads tickets;
    private final io.relais.directory.Directory directory;
    private final io.relais.directory.AgentsAndGroups agentsAndGroups;
    private final io.relais.ticket.TicketIntake ticketService;
    private final Clock clock;
    private final MailParser parser = new MailParser(MailParser.Limits.defaults());

    MailImport(MailIntake intake, TakenMessages taken, MailboxRepository mailboxes, MessageIds messageIds, MailSettings settings,
               TicketReads tickets, io.relais.directory.Directory directory, io.relais.directory.AgentsAndGroups agentsAndGroups, io.relais.ticket.TicketIntake ticketService,
               Clock clock) {
        this.directory = directory;
        this.agentsAndGroups = agentsAndGroups;
        this.ticketService = ticketService;
        this.intake = intake;
        this.taken = taken;
        this.mailboxes = mailboxes;
        this.messageIds = messageIds;
        this.settings = settings;
        this.tickets = tickets;
        this.clock = clock;
    }

    /** The mailbox named by its id or its address (any case). */
    public java.util.Optional<Long> mailbox(String idOrAddress) {
        return mailboxes.byIdOrAddress(idOrAddress).map(Mailbox::id);
    }

    /**
     * Imports (or, with {@code dryRun}, only judges) every message under {@code paths}. With {@code close}, the
     * imported tickets this run opened or added to are then filed as history: closed at their last message's
     * date ({@link io.relais.ticket.TicketIntake#closeImported}), out of the queues.
     */
    public Summary run(long mailboxId, List<Path> paths, boolean dryRun, boolean close, Progress progress) throws IOException {
        long started = System.nanoTime();
        var listing = MailArchives.list(paths, clock.instant());
        var total = listing.entries().size();
        var counts = new int[IntakeOutcome.Kind.values().length];
        var done = new int[1];
        var touched = new java.util.LinkedHashSet<Long>();
        progress.update(0, total);
        if (dryRun) {
            var plan = new Plan(mailboxId);
            var messages = MailArchives.read(listing.entries());
            while (messages.hasNext()) {
                counts[plan.judge(messages.next().raw()).ordinal()]++;
                progress.update(++done[0], total);
            }
        } else {
            intake.takeArchived(mailboxId, MailArchives.read(listing.entries()), outcome -> {
                if (close && outcome.ticketId() != null
                        && (outcome.kind() == IntakeOutcome.Kind.TICKET || outcome.kind() == IntakeOutcome.Kind.FOLLOW_UP)) {
                    touched.add(outcome.ticketId());
                }
                counts[outcome.kind() == IntakeOutcome.Kind.QUARANTINED && IntakeOutcome.ALREADY_QUARANTINED.equals(outcome.detail())
                        ? IntakeOutcome.Kind.DUPLICATE.ordinal() : outcome.kind().ordinal()]++;
                progress.update(++done[0], total);
            });
        }
        int closed = 0;
        for (var ticketId : touched) {
            closed += ticketService.closeImported(ticketId) ? 1 : 0;
        }
        return new Summary(total, counts[IntakeOutcome.Kind.TICKET.ordinal()], counts[IntakeOutcome.Kind.FOLLOW_UP.ordinal()],
                counts[IntakeOutcome.Kind.DUPLICATE.ordinal()], counts[IntakeOutcome.Kind.QUARANTINED.ordinal()],
                counts[IntakeOutcome.Kind.BOUNCE.ordinal()], counts[IntakeOutcome.Kind.IGNORED.ordinal()], closed, listing.skipped(),
                (System.nanoTime() - started) / 1_000_000, dryRun);
    }

    /**
     * The dry run's judgement, message by message, writing nothing: known before (this mailbox, or earlier
     * in this archive) is a duplicate; unreadable is quarantined; our own mail is ignored; a bounce is a
     * bounce; a message referring to one earlier in the archive whose thread its sender wrote to or was
     * addressed on (or from an agent), to one signed or imported before, or carrying the tag of an existing
     * ticket is a follow-up; anything else opens a ticket. An estimate: the import itself checks the
     * ticket's requester and participants.
     */
    private final class Plan {
        private final long mailboxId;
        private final java.util.Set<String> seenKeys = new HashSet<>();
        /** Message-ID → the thread it opened or joined in this archive; a thread's addresses (from, to, cc). */
        private final java.util.Map<String, Integer> threadOf = new java.util.HashMap<>();
        private final List<java.util.Set<String>> threads = new ArrayList<>();

        Plan(long mailboxId) {
            this.mailboxId = mailboxId;
        }

        IntakeOutcome.Kind judge(byte[] raw) {
            var key = TakenMessages.dedupeKey(MailParser.headersOnly(raw, "").messageId(), TakenMessages.sha256(raw));
            if (!seenKeys.add(key) || taken.known(mailboxId, key).isPresent()) {
                return IntakeOutcome.Kind.DUPLICATE;
            }
            ParsedMail mail;
            try {
                mail = parser.parse(raw);
            } catch (MailParser.LimitExceeded e) {
                mail = e.partial().orElseGet(() -> MailParser.headersOnly(raw, e.getMessage()));
            } catch (IOException | RuntimeException e) {
                return IntakeOutcome.Kind.QUARANTINED;
            }
            var verdict = AutoMail.judge(mail, settings.loopId());
            if (verdict.ours()) {
                return IntakeOutcome.Kind.IGNORED;
            }
            if (verdict.bounce() && mail.report() != null && mail.report().returnedMessageIds().stream()
                    .anyMatch(id -> messageIds.verify(id).isPresent())) {
                return IntakeOutcome.Kind.BOUNCE;
            }
            var references = new ArrayList<String>(mail.references());
            if (mail.inReplyTo() != null) {
                references.add(mail.inReplyTo());
            }
            var from = mail.from() == null ? "" : Letters.lower(mail.from().email());
            var agent = !from.isEmpty() && agentsAndGroups.activeAgentByEmail(from).isPresent();
            // as the intake: a reference to a message of this archive counts when the sender is on that thread
            // (or an agent); a signed reference, one imported before or a tag of an existing ticket counts as is
            Integer thread = references.stream().map(threadOf::get).filter(t -> t != null && (agent || threads.get(t).contains(from)))
                    .findFirst().orElse(null);
            boolean follows = thread != null || references.stream().anyMatch(id -> messageIds.verify(id).isPresent()
                    || taken.ticketOfMessage(mailboxId, id).isPresent()) || tagged(mail.subject());
            if (thread == null) {
                thread = threads.size();
                threads.add(new HashSet<>());
            }
            var addresses = threads.get(thread);
            addresses.add(from);
            java.util.stream.Stream.concat(mail.to().stream(), mail.cc().stream()).filter(a -> a.email() != null)
                    .forEach(a -> addresses.add(Letters.lower(a.email())));
            if (mail.messageId() != null) {
                threadOf.put(mail.messageId(), thread);
            }
            return follows ? IntakeOutcome.Kind.FOLLOW_UP : IntakeOutcome.Kind.TICKET;
        }

        private boolean tagged(String subject) {
            return FollowUp.taggedNumber(subject, settings.subjectTag())
                    .flatMap(number -> tickets.ticketByNumber(SYSTEM, number)).isPresent();
        }
    }
}
