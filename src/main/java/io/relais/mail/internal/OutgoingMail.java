package io.relais.mail.internal;

import io.relais.directory.AgentsAndGroups;
import io.relais.common.Letters;
import io.relais.directory.Directory;
import io.relais.directory.DirectoryRecords.Recipient;
import io.relais.mail.internal.MailTemplates.Key;
import io.relais.notification.Notices;
import io.relais.notification.Outbox;
import io.relais.notification.OutboxEvents.Delivered;
import io.relais.notification.OutboxEvents.DeliveryFailed;
import io.relais.security.Accounts;
import io.relais.security.Actor;
import io.relais.ticket.Status;
import io.relais.ticket.TicketEnums.ArticleKind;
import io.relais.ticket.TicketEnums.Channel;
import io.relais.ticket.TicketEnums.DeliveryState;
import io.relais.ticket.TicketEnums.NotSentReason;
import io.relais.ticket.TicketEvents.ArticleAdded;
import io.relais.ticket.TicketEvents.StatusChanged;
import io.relais.ticket.TicketEvents.TicketCreated;
import io.relais.ticket.DeliveryLog;
import io.relais.ticket.MailThreads;
import io.relais.ticket.TicketViews.AttachmentContent;
import io.relais.ticket.TicketViews.MailThread;
import jakarta.mail.Message.RecipientType;
import jakarta.mail.MessagingException;
import jakarta.mail.Session;
import jakarta.mail.internet.InternetAddress;
import jakarta.mail.internet.MimeBodyPart;
import jakarta.mail.internet.MimeMessage;
import jakarta.mail.internet.MimeMultipart;
import jakarta.mail.util.ByteArrayDataSource;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UnsupportedEncodingException;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Date;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Properties;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.context.MessageSource;
import org.springframework.context.event.EventListener;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;
import org.springframework.transaction.event.TransactionPhase;
import org.springframework.transaction.event.TransactionalEventListener;

/**
 * The mails Relais writes, composed in the transaction of the change that causes them (just before
 * it commits) and handed to the outbox as finished MIME bytes: agent replies to the customer and the
 * people copied, acknowledgements of new tickets, notifications to the assignee, resolution notices.
 * Every one carries our loop header; automatic ones also {@code Auto-Submitted} and a per-address
 * hourly limit, and none is sent in answer to automatic mail.
 */
@Component
public class OutgoingMail {
    static {
        MailProviders.pin();
    }

    private static final Logger log = LoggerFactory.getLogger(OutgoingMail.class);
    private static final Actor SYSTEM = Actor.system("mail");
    private static final Session SESSION = Session.getInstance(new Properties());

    private final MailThreads tickets;
    private final Directory directory;
    private final AgentsAndGroups agentsAndGroups;
    private final MailboxRepository mailboxes;
    private final Outbox outbox;
    private final MessageIds messageIds;
    private final MailTemplates templates;
    private final MailSettings settings;
    private final JdbcClient jdbc;
    private final BouncedAddresses bounced;
    private final DeliveryLog deliveries;
    private final Clock clock;
    private final Accounts accounts;
    private final MessageSource messages;

    OutgoingMail(MailThreads tickets, Directory directory, AgentsAndGroups agentsAndGroups, MailboxRepository mailboxes,
                 Outbox outbox, MessageIds messageIds, MailTemplates templates, MailSettings settings, JdbcClient jdbc,
                 BouncedAddresses bounced, DeliveryLog deliveries, Clock clock, Accounts accounts, MessageSource messages) {
        this.accounts = accounts;
        this.messages = messages;
        this.bounced = bounced;
        this.deliveries = deliveries;
        this.tickets = tickets;
        this.directory = directory;
        this.agentsAndGroups = agentsAndGroups;
        this.mailboxes = mailboxes;
        this.outbox = outbox;
        this.messageIds = messageIds;
        this.templates = templates;
        this.settings = settings;
        this.jdbc = jdbc;
        this.clock = clock;
    }

    // ---- what causes mail

    @TransactionalEventListener(phase = TransactionPhase.BEFORE_COMMIT)
    void on(TicketCreated event) {
        if (event.automatic() || event.imported()) {
            return;
        }
        // Only the mail intake gives a ticket a mailbox of its own (and it is an e-mail ticket); the others, new
        // from the API, the portal or a call, have none to look up.
        var mailbox = (event.channel() == Channel.EMAIL ? mailboxFor(event.ticketId()) : sendingMailbox()).orElse(null);
        var thread = mailbox == null ? null : tickets.mailThread(event.ticketId()).orElse(null);
        var requester = thread == null ? null : contact(thread.requesterId());
        if (requester == null || requester.email() == null) {
            return;
        }
        automatic(mailbox, thread, Key.ACKNOWLEDGEMENT, requester.email(), requester.name(), requester.language(), Map.of(), null);
    }

    /** An in-app notice about a ticket (SLA warning or breach) also goes to each agent by mail. */
    @TransactionalEventListener(phase = TransactionPhase.BEFORE_COMMIT)
    void on(Notices.NoticePosted event) {
        if (event.ticketId() == null || !event.kind().startsWith("SLA_")) {
            return;
        }
        var mailbox = mailboxFor(event.ticketId()).orElse(null);
        var thread = mailbox == null ? null : tickets.mailThread(event.ticketId()).orElse(null);
        if (thread == null) {
            return;
        }
        for (var agentId : event.agentIds()) {
            var agent = agentsAndGroups.agent(agentId).orElse(null);
            if (agent != null && agent.active() && agent.email() != null) {
                var language = languageOf(agent.id());
                var locale = java.util.Locale.forLanguageTag(language);
                var clockName = messages.getMessage("sla.clock." + event.body(), null, String.valueOf(event.body()), locale);
                var alert = messages.getMessage("mail.slaAlert." + event.kind(), new Object[] {clockName}, locale);
                automatic(mailbox, thread, Key.SLA_ALERT, agent.email(), agent.name(), language, Map.of("alert", alert), agent.id());
            }
        }
    }

    /** The language an agent reads Relais in ({@link Accounts#languageOfAgent}); English for one who never signed in. */
    private String languageOf(long agentId) {
        return accounts.languageOfAgent(agentId).orElse("en");
    }

    @TransactionalEventListener(phase = TransactionPhase.BEFORE_COMMIT)
    void on(ArticleAdded event) {
        if (event.internal() || event.kind() != ArticleKind.REPLY || event.automatic() || event.imported()) {
            return;
        }
        // Only an agent's reply, or a customer's on an assigned ticket, sends anything.
        if (!event.byAgent() && tickets.assigneeOf(event.ticketId()).isEmpty()) {
            return;
        }
        var mailbox = mailboxFor(event.ticketId()).orElse(null);
        if (event.byAgent()) {
            agentReply(mailbox, event.ticketId(), event.articleId(), event.quoteHistory());
            return;
        }
        var thread = mailbox == null ? null : tickets.mailThread(event.ticketId()).orElse(null);
        if (thread != null && thread.assigneeId() != null) {
            var agent = agentsAndGroups.agent(thread.assigneeId()).orElse(null);
            var article = tickets.articleMail(event.articleId()).orElse(null);
            if (agent != null && agent.active() && article != null) {
                automatic(mailbox, thread, Key.REPLY_NOTIFICATION, agent.email(), article.authorName(), languageOf(agent.id()),
                        Map.of("body", article.body()), agent.id());
            }
        }
    }

    @TransactionalEventListener(phase = TransactionPhase.BEFORE_COMMIT)
    void on(StatusChanged event) {
        if (event.to() != Status.RESOLVED || !event.byAgent()) {
            return;
        }
        var mailbox = mailboxFor(event.ticketId()).orElse(null);
        var thread = mailbox == null ? null : tickets.mailThread(event.ticketId()).orElse(null);
        var requester = thread == null ? null : contact(thread.requesterId());
        if (requester == null || requester.email() == null) {
            return;
        }
        automatic(mailbox, thread, Key.RESOLUTION, requester.email(), requester.name(), requester.language(), Map.of(), null);
    }

    /** The outbox reports a delivery: the article shows it. */
    @EventListener
    void on(Delivered event) {
        if (event.articleId() != null) {
            deliveries.recordDelivery(event.articleId(), DeliveryState.SENT, null);
        }
    }

    @EventListener
    void on(DeliveryFailed event) {
        if (event.articleId() != null && event.permanent()) {
            deliveries.recordDelivery(event.articleId(), DeliveryState.FAILED, event.error());
        }
    }

    // ---- the mails

    /** An agent's reply to the customer; when none can be written, the reply says so and why (never taken for sent). */
    private void agentReply(Mailbox mailbox, long ticketId, long articleId, boolean quoteHistory) {
        var thread = tickets.mailThread(ticketId).orElse(null);
        var article = tickets.articleMail(articleId).orElse(null);
        if (thread == null || article == null) {
            return;
        }
        var requester = contact(thread.requesterId());
        if (mailbox == null || requester == null || requester.email() == null) {
            var reason = mailbox == null ? NotSentReason.NO_MAILBOX : NotSentReason.NO_ADDRESS;
            log.info("Reply {} of ticket #{} not mailed: {}", articleId, thread.number(), reason);
            deliveries.markNotSent(articleId, reason);
            return;
        }
        var cc = new ArrayList<String>();
        for (var id : thread.participantIds()) {
            var c = contact(id);
            if (c != null && c.email() != null && !c.email().equalsIgnoreCase(requester.email())) {
                cc.add(c.email());
            }
        }
        var messageId = messageIds.create(thread.number(), null, domain(mailbox.address()));
        var from = display(article.authorName() + " (" + name(mailbox) + ")", mailbox.address());
        var body = quoteHistory ? article.body() + quoted(thread, articleId, requester) : article.body();
        var bytes = compose(mailbox, from, List.of(requester.email()), cc, settings.subject(thread.number(), thread.subject(), true),
                body, messageId, thread.messageIds(), false, article.files());
        var recipients = new ArrayList<String>(List.of(requester.email()));
        recipients.addAll(cc);
        outbox.enqueue(new Outbox.NewMessage("EMAIL", "AGENT_REPLY", false, mailbox.id(), thread.ticketId(), articleId,
                messageId, mailbox.address(), recipients, null, bytes));
        deliveries.markMailed(articleId, messageId, from, requester.email(), cc.isEmpty() ? null : String.join(", ", cc));
    }

    /**
     * The earlier public messages, newest first, quoted the way mail clients do ("On …, X wrote:" then
     * "> " lines), in the requester's language and their organization's time zone; at most 10 messages
     * and about 50,000 characters.
     */
    private String quoted(MailThread thread, long articleId, Recipient requester) {
        var history = tickets.history(thread.ticketId(), articleId, 10);
        if (history.isEmpty()) {
            return "";
        }
        var french = "fr".equals(requester.language());
        var zone = directory.organization(SYSTEM, thread.organizationId()).map(o -> o.timeZone())
                .flatMap(z -> {
                    try {
                        return java.util.Optional.of(java.time.ZoneId.of(z));
                    } catch (RuntimeException e) {
                        return java.util.Optional.empty();
                    }
                }).orElse(java.time.ZoneId.of("Europe/Paris"));
        var format = java.time.format.DateTimeFormatter.ofPattern(french ? "d MMM yyyy 'à' HH:mm" : "d MMM yyyy 'at' HH:mm",
                french ? java.util.Locale.FRENCH : java.util.Locale.ENGLISH).withZone(zone);
        var out = new StringBuilder("\n");
        for (var m : history) {
            var when = format.format(m.at());
            out.append('\n').append(french ? "Le " + when + ", " + m.authorName() + " a écrit :" : "On " + when + ", "
                    + m.authorName() + " wrote:").append('\n');
            for (var line : m.body().split("\r?\n", -1)) {
                out.append(line.startsWith(">") ? ">" : "> ").append(line).append('\n');
            }
            if (out.length() > 50_000) {
                break;
            }
        }
        return out.toString();
    }

    private void automatic(Mailbox mailbox, MailThread thread, Key key, String to, String name, String language,
                           Map<String, String> extra, Long agentId) {
        if (to == null || bounced.flagged(to)) {
            return;
        }
        var rateKey = Letters.lower(to);
        if (rateKey.endsWith(".invalid")) {
            // the placeholder of a mail without sender (RFC 2606: a domain that never exists): nobody to answer, and a
            // message that could only fail in the outbox, again and again
            return;
        }
        if (outbox.automaticSince(rateKey, clock.instant().minus(Duration.ofHours(1))) >= settings.autoRepliesPerHour()) {
            log.info("Automatic {} for ticket #{} not sent: {} reached {} automatic mails this hour", key, thread.number(),
                    rateKey, settings.autoRepliesPerHour());
            return;
        }
        var template = templates.get(key, language);
        var values = new LinkedHashMap<String, String>();
        values.put("name", name == null ? "" : name);
        values.put("number", "#" + thread.number());
        values.put("subject", thread.subject());
        values.put("team", name(mailbox));
        values.put("link", settings.baseUrl() + (agentId != null ? "/tickets/" + thread.ticketId() : "/my/tickets/" + thread.ticketId()));
        values.put("reopen", "mailto:" + mailbox.address() + "?subject="
                + URLEncoder.encode(settings.subject(thread.number(), thread.subject(), true), StandardCharsets.UTF_8).replace("+", "%20"));
        values.putAll(extra);
        var subject = settings.subject(thread.number(), MailTemplates.render(template.subject(), values), false);
        var body = MailTemplates.render(template.body(), values);
        var messageId = messageIds.create(thread.number(), agentId, domain(mailbox.address()));
        var bytes = compose(mailbox, display(name(mailbox), mailbox.address()), List.of(to), List.of(), subject, body,
                messageId, thread.messageIds(), true, List.of());
        outbox.enqueue(new Outbox.NewMessage("EMAIL", key.name(), true, mailbox.id(), thread.ticketId(), null, messageId,
                mailbox.address(), List.of(to), rateKey, bytes));
    }

    byte[] compose(Mailbox mailbox, String from, List<String> to, List<String> cc, String subject, String body,
                   String messageId, List<String> history, boolean automatic, List<AttachmentContent> files) {
        try {
            var message = new MimeMessage(SESSION) {
                @Override
                protected void updateMessageID() throws MessagingException {
                    setHeader("Message-ID", "<" + messageId + ">");
                }
            };
            message.setFrom(new InternetAddress(from));
            for (var address : to) {
                message.addRecipient(RecipientType.TO, new InternetAddress(address));
            }
            for (var address : cc) {
                message.addRecipient(RecipientType.CC, new InternetAddress(address));
            }
            message.setSubject(subject, "UTF-8");
            message.setSentDate(Date.from(clock.instant()));
            if (!history.isEmpty()) {
                message.setHeader("In-Reply-To", "<" + history.get(history.size() - 1) + ">");
                var refs = history.subList(Math.max(0, history.size() - 20), history.size());
                message.setHeader("References", String.join(" ", refs.stream().map(id -> "<" + id + ">").toList()));
            }
            message.setHeader(AutoMail.LOOP_HEADER, settings.loopId());
            if (automatic) {
                message.setHeader("Auto-Submitted", "auto-replied");
                message.setHeader("X-Auto-Response-Suppress", "All");
            }
            if (files.isEmpty()) {
                message.setText(body, "UTF-8");
                message.setHeader("Content-Transfer-Encoding", transferEncoding(body));
            } else {
                var multipart = new MimeMultipart("mixed");
                var text = new MimeBodyPart();
                text.setText(body, "UTF-8");
                text.setHeader("Content-Transfer-Encoding", transferEncoding(body));
                multipart.addBodyPart(text);
                for (var f : files) {
                    var part = new MimeBodyPart();
                    part.setDataHandler(new jakarta.activation.DataHandler(new ByteArrayDataSource(f.content(), f.meta().contentType())));
                    part.setFileName(jakarta.mail.internet.MimeUtility.encodeText(f.meta().filename(), "UTF-8", null));
                    part.setDisposition(MimeBodyPart.ATTACHMENT);
                    multipart.addBodyPart(part);
                }
                message.setContent(multipart);
            }
            message.saveChanges();
            var out = new ByteArrayOutputStream();
            message.writeTo(out);
            return out.toByteArray();
        } catch (MessagingException | IOException e) {
            throw new IllegalStateException("cannot compose the mail: " + e.getMessage(), e);
        }
    }

    // ---- helpers

    /**
     * How a text part travels, chosen as Jakarta Mail would (7bit for short-lined ASCII, quoted-printable for
     * mostly ASCII, base64 otherwise) from the characters we hold, instead of by encoding the whole text once
     * more to look at its bytes when the message is saved.
     */
    static String transferEncoding(String text) {
        int ascii = 0;
        int other = 0;
        int line = 0;
        boolean longLine = false;
        for (int i = 0; i < text.length(); i++) {
            char ch = text.charAt(i);
            if (ch == '\r' || ch == '\n') {
                line = 0;
            } else if (++line > 998) {
                longLine = true;
            }
            if (ch > 0 && ch < 128) {
                ascii++;
            } else {
                other++;
            }
        }
        if (other == 0 && !longLine) {
            return "7bit";
        }
        return other > ascii ? "base64" : "quoted-printable";
    }

    /** The mailbox a ticket's mail goes through: the one it came in by, else the first that sends. */
    Optional<Mailbox> mailboxFor(long ticketId) {
        var id = jdbc.sql("select mailbox_id from mail_thread where ticket_id = ?").param(ticketId).query(Long.class).optional();
        var mailbox = id.flatMap(mailboxes::findById).filter(m -> m.active() && m.sends());
        return mailbox.isPresent() ? mailbox : sendingMailbox();
    }

    /** The first active mailbox that sends: where the mail of a ticket that did not come by mail goes out. */
    private Optional<Mailbox> sendingMailbox() {
        return mailboxes.findAllByName().stream().filter(m -> m.active() && m.sends()).min(java.util.Comparator.comparing(Mailbox::id));
    }

    private Recipient contact(long id) {
        return directory.recipient(SYSTEM, id).orElse(null);
    }

    private static String name(Mailbox mailbox) {
        return mailbox.displayName() == null || mailbox.displayName().isBlank() ? mailbox.name() : mailbox.displayName();
    }

    private static String display(String name, String address) {
        try {
            return new InternetAddress(address, name, "UTF-8").toString();
        } catch (UnsupportedEncodingException e) {
            return address;
        }
    }

    static String domain(String address) {
        var at = address.lastIndexOf('@');
        return at < 0 ? "relais.invalid" : address.substring(at + 1);
    }
}
