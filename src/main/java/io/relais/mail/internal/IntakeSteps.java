package io.relais.mail.internal;

import io.relais.directory.AgentsAndGroups;
import io.relais.directory.DirectoryRecords.Sender;
import io.relais.mail.internal.IntakeOutcome.Kind;
import io.relais.mail.internal.IntakeParsing.Ready;
import io.relais.mail.internal.ParsedMail.Address;
import io.relais.mail.internal.TakenMessages.Claim;
import io.relais.ticket.TicketCommands.Incoming;
import io.relais.ticket.TicketCommands.InlineImage;
import io.relais.ticket.TicketCommands.MailIdentity;
import io.relais.ticket.TicketCommands.Upload;
import io.relais.ticket.TicketEnums.Channel;
import io.relais.ticket.TicketIntake;
import io.relais.ticket.TicketViews.MailThread;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;

/**
 * The intake's steps for one parsed message, in order, inside the transaction of its batch ({@link IntakeBatches}):
 * loops, bounces, who wrote it, which ticket it follows, then the article on that ticket or a new one, and last the
 * record that the message was taken. Each step that decides the outcome returns it, recorded.
 */
@Component
class IntakeSteps {
    private final JdbcClient jdbc;
    private final TicketIntake tickets;
    private final AgentsAndGroups agentsAndGroups;
    private final MessageIds messageIds;
    private final MailSettings settings;
    private final TakenMessages taken;
    private final BounceCheck bounces;
    private final SenderIdentification senders;
    private final FollowUp followUp;
    private final Participants participants;

    IntakeSteps(JdbcClient jdbc, TicketIntake tickets, AgentsAndGroups agentsAndGroups, MessageIds messageIds,
                MailSettings settings, TakenMessages taken, BounceCheck bounces, SenderIdentification senders,
                FollowUp followUp, Participants participants) {
        this.jdbc = jdbc;
        this.tickets = tickets;
        this.agentsAndGroups = agentsAndGroups;
        this.messageIds = messageIds;
        this.settings = settings;
        this.taken = taken;
        this.bounces = bounces;
        this.senders = senders;
        this.followUp = followUp;
        this.participants = participants;
    }

    IntakeOutcome process(Mailbox mailbox, Ready r) {
        long mailboxId = mailbox.id();
        var mail = r.mail();
        // 1. The message is recorded as taken at the end (record), in this transaction: a second run of the
        //    same message fails there on the unique key and rolls back whatever it did.
        var claim = new Claim(mailboxId, r.key(), MailParser.cut(mail.messageId(), 500), r.sha());

        // 2. Loops and automatic mail.
        var verdict = AutoMail.judge(mail, settings.loopId());
        if (verdict.ours()) {
            return taken.record(claim, new IntakeOutcome(Kind.IGNORED, null, null, null, null, "our own mail came back"));
        }

        // 3. Bounces of our own mail.
        if (verdict.bounce() && mail.report() != null) {
            var bounce = bounces.onItsTicket(mail, r.raw());
            if (bounce.isPresent()) {
                return taken.record(claim, bounce.get());
            }
        }

        // 4. Who wrote it: an agent only when answering a notification signed for them (or, in an archive, when
        //    following a thread already imported); anyone else is a contact.
        var from = SenderIdentification.from(mail);
        var references = FollowUp.references(mail);
        var signed = references.stream().map(messageIds::verify).flatMap(Optional::stream).toList();
        Long agentId = null;
        MailThread thread = null;
        var agent = agentsAndGroups.activeAgentByEmail(from.email());
        if (agent.isPresent() && signed.stream().anyMatch(ref -> agent.get().equals(ref.agentId()))) {
            agentId = agent.get();
        } else if (agent.isPresent() && r.history() != null) {
            // an archive: an agent's answer to a thread already imported is that agent's reply
            thread = followUp.byKnownMessageId(mailboxId, references, null);
            agentId = thread == null ? null : agent.get();
        }
        Sender contact = agentId != null ? null : senders.contact(from, mailbox);

        // 5. Which ticket it follows.
        if (thread == null) {
            thread = followUp.thread(mailboxId, mail.subject(), references, signed, contact == null ? null : contact.id());
        }

        // 6. The article, on that ticket or a new one.
        var organizationId = thread != null ? thread.organizationId() : contact.organizationId();
        var copied = agentId != null ? List.<Long>of() : participants.of(mail, mailbox, organizationId, contact.id());
        var body = mail.text() == null ? "" : mail.text();
        if (r.limitNote() != null) {
            body = "[This message is " + r.limitNote() + "; its source is attached as message.eml.]\n\n" + body;
        }
        var files = new ArrayList<Upload>();
        var inline = new ArrayList<InlineImage>();
        // the HTML is read for cid: references only when an inline part could be one of them
        var shown = mail.parts().stream().anyMatch(p -> p.inline()) ? MailHtml.cidReferences(mail.html()) : Set.<String>of();
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
                verdict.automatic(), files, inline, new Upload("message.eml", "message/rfc822", r.raw()), copied, r.history()));
        if (received.created()) {
            jdbc.sql("insert into mail_thread (ticket_id, mailbox_id) values (?, ?)").params(received.ticketId(), mailboxId).update();
        }
        return taken.record(claim, new IntakeOutcome(received.created() ? Kind.TICKET : Kind.FOLLOW_UP, received.ticketId(),
                received.number(), received.articleId(), null, verdict.reason()));
    }

    private static String join(List<Address> addresses) {
        return addresses.isEmpty() ? null : String.join(", ", addresses.stream().map(Address::display).toList());
    }
}
