package io.relais.mail.internal;

import io.relais.mail.internal.IntakeParsing.Prepared;
import io.relais.mail.internal.IntakeParsing.Ready;
import io.relais.ticket.TicketIntake;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.IdentityHashMap;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.dao.DataIntegrityViolationException;
import org.springframework.stereotype.Component;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * The intake's transactions: a batch of messages in one (one commit, one search index refresh and one WAL flush for
 * the batch instead of one per message), or one message in its own. A batch that fails is rolled back and each of its
 * messages written on its own, so a poison message goes to quarantine alone. A message someone else took first (the
 * unique key on {@code mail_message}) is a duplicate; any other failure caused by the message goes to quarantine;
 * a failure that says nothing about the message (the database cannot be reached) is thrown, so that the caller leaves
 * the message where it is and takes it again later.
 */
@Component
class IntakeBatches {
    /** The intake logs under one name. */
    private static final Logger log = LoggerFactory.getLogger(MailIntake.class);

    private final MailboxRepository mailboxes;
    private final TransactionTemplate tx;
    private final TicketIntake tickets;
    private final IntakeParsing parsing;
    private final IntakeSteps steps;
    private final TakenMessages taken;
    private final Quarantine quarantine;

    IntakeBatches(MailboxRepository mailboxes, TransactionTemplate tx, TicketIntake tickets, IntakeParsing parsing,
                  IntakeSteps steps, TakenMessages taken, Quarantine quarantine) {
        this.mailboxes = mailboxes;
        this.tx = tx;
        this.tickets = tickets;
        this.parsing = parsing;
        this.steps = steps;
        this.taken = taken;
        this.quarantine = quarantine;
    }

    /**
     * Writes a batch of messages in one transaction, the outcomes in the messages' order. When any message of the
     * batch fails, the batch is rolled back and each message is written on its own (a poison message goes to
     * quarantine, the others go through). A message that comes twice in the batch is written once; the second
     * is then known (DUPLICATE).
     */
    List<IntakeOutcome> write(long mailboxId, Mailbox mailbox, List<Prepared> batch, boolean background) {
        var resolved = batch.stream().map(p -> parsing.resolve(mailboxId, p)).toList();
        var together = new ArrayList<Ready>();
        var keys = new HashSet<String>();
        for (var r : resolved) {
            if (r.ready() != null && keys.add(r.ready().key())) {
                together.add(r.ready());
            }
        }
        var written = new IdentityHashMap<Ready, IntakeOutcome>();
        if (together.size() == 1) {
            written.put(together.get(0), writeOne(mailboxId, mailbox, together.get(0), background));
        } else if (!together.isEmpty()) {
            var outcomes = writeTogether(mailboxId, mailbox, together, background);
            for (int i = 0; i < together.size(); i++) {
                written.put(together.get(i), outcomes.get(i));
            }
        }
        var result = new ArrayList<IntakeOutcome>(resolved.size());
        for (var r : resolved) {
            if (r.outcome() != null) {
                result.add(r.outcome());
            } else if (written.containsKey(r.ready())) {
                result.add(written.get(r.ready()));
            } else {
                result.add(taken.known(mailboxId, r.ready().key()).orElseGet(() -> writeOne(mailboxId, mailbox, r.ready(), background)));
            }
        }
        return result;
    }

    private List<IntakeOutcome> writeTogether(long mailboxId, Mailbox mailbox, List<Ready> together, boolean background) {
        List<IntakeOutcome> outcomes;
        try {
            outcomes = tx.execute(s -> {
                if (background) {
                    tickets.indexWithoutWaiting();
                }
                var list = new ArrayList<IntakeOutcome>(together.size());
                for (var r : together) {
                    list.add(steps.process(mailbox, r));
                    // what this message wrote is visible to the next one's lookups (plain SQL ones included), and the
                    // next one starts with an empty persistence context
                    tickets.settle();
                }
                taken.countImported(mailboxId, list);
                return list;
            });
        } catch (RuntimeException e) {
            if (notAboutTheMessage(e)) {
                throw e;
            }
            log.debug("A group of {} mails of mailbox {} failed ({}): each is taken on its own", together.size(), mailboxId,
                    e.toString());
            return together.stream().map(r -> writeOne(mailboxId, mailbox, r, background)).toList();
        }
        return outcomes;
    }

    /**
     * One message in its own transaction; with {@code background}, the search index takes it without the caller
     * waiting (the fetcher: nobody waits on it), else it is searchable when this returns (the gateway's caller).
     * {@code mailbox} null: read in the transaction.
     */
    IntakeOutcome writeOne(long mailboxId, Mailbox mailbox, Ready r, boolean background) {
        try {
            var outcome = tx.execute(s -> {
                if (background) {
                    tickets.indexWithoutWaiting();
                }
                var one = steps.process(mailbox != null ? mailbox
                        : mailboxes.findById(mailboxId).orElseThrow(() -> new IllegalStateException("no mailbox " + mailboxId)), r);
                taken.countImported(mailboxId, List.of(one));
                return one;
            });
            return outcome;
        } catch (DataIntegrityViolationException e) {
            // Another run took the same message first (the unique key on mail_message): nothing to do.
            var again = taken.known(mailboxId, r.key());
            if (again.isPresent()) {
                return again.get();
            }
            return quarantine.hold(mailboxId, r.key(), r.raw(), ErrorText.describe(e));
        } catch (RuntimeException e) {
            if (notAboutTheMessage(e)) {
                throw e;
            }
            log.warn("Mail of mailbox {} could not be taken in ({}): quarantined", mailboxId, e.toString());
            return quarantine.hold(mailboxId, r.key(), r.raw(), ErrorText.describe(e));
        }
    }

    /**
     * A failure that says nothing about the message: the database cannot be reached (the caller leaves the
     * message where it is and tries again later).
     */
    private static boolean notAboutTheMessage(RuntimeException e) {
        return io.relais.common.DatabaseFaults.isDatabaseFault(e);
    }
}
