package io.relais.web;

import io.relais.directory.AgentsAndGroups;
import io.relais.directory.Directory;
import io.relais.directory.DirectoryRecords.AgentInfo;
import io.relais.directory.DirectoryRecords.ContactForm;
import io.relais.directory.DirectoryRecords.OrganizationForm;
import io.relais.directory.SupportLevel;
import io.relais.knowledge.CheckRuns;
import io.relais.knowledge.CheckTreeEditor;
import io.relais.knowledge.KbRecords.ArticleForm;
import io.relais.knowledge.KbRecords.Kind;
import io.relais.knowledge.KbRecords.Visibility;
import io.relais.knowledge.KbEditor;
import io.relais.knowledge.KbFiles;
import io.relais.knowledge.KbTickets;
import io.relais.mail.MailRecords.InboundProtocol;
import io.relais.mail.MailRecords.MailboxForm;
import io.relais.mail.MailRecords.OutboundSecurity;
import io.relais.mail.Mailboxes;
import io.relais.mail.internal.MailImportJobs;
import io.relais.mail.internal.MailIntake;
import io.relais.notification.Notices;
import io.relais.problem.KnownErrors;
import io.relais.security.ApiTokens;
import io.relais.security.Actor;
import io.relais.security.MailGatewayTokens;
import io.relais.security.Role;
import io.relais.security.Scope;
import io.relais.ticket.Change;
import io.relais.ticket.Status;
import io.relais.ticket.TicketCommands.Incoming;
import io.relais.ticket.TicketCommands.MailIdentity;
import io.relais.ticket.TicketCommands.NewCallLog;
import io.relais.ticket.TicketCommands.NewLink;
import io.relais.ticket.TicketCommands.NewMessage;
import io.relais.ticket.TicketCommands.NewTicket;
import io.relais.ticket.TicketCommands.TicketUpdate;
import io.relais.ticket.TicketCommands.Upload;
import io.relais.ticket.TicketEnums.CallDirection;
import io.relais.ticket.TicketEnums.Channel;
import io.relais.ticket.TicketEnums.DeliveryState;
import io.relais.ticket.TicketEnums.Impact;
import io.relais.ticket.TicketEnums.LinkKind;
import io.relais.ticket.TicketEnums.Urgency;
import io.relais.ticket.DeliveryLog;
import io.relais.ticket.Escalation;
import io.relais.ticket.Escalation.SlaAlert;
import io.relais.ticket.TicketIntake;
import io.relais.ticket.TicketLinks;
import io.relais.ticket.TicketReads;
import io.relais.ticket.TicketService;
import io.relais.ticket.TicketSettings;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.util.EnumSet;
import java.util.List;
import java.util.Set;
import org.springframework.boot.test.context.TestComponent;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * On top of the demo desk (agents of every role, groups of every level, two clients, sixty tickets, SLAs,
 * articles, checks), what a desk gathers with time: a ticket with links of every kind both ways and a
 * timeline entry of every kind, a merged ticket, a follow-up by mail, a quarantined message, an import,
 * an outbox, notices, tokens, article versions and files.
 */
@TestComponent
class ShowcaseDesk {
    /** What the pages are opened with. */
    record Ids(long mainTicket, long mainNumber, long childTicket, long mergedTicket, long followUpTicket,
               long publicAttachment, long htmlArticle, long rawAttachment, long customerOtherTicket, long organization,
               long contact, long agent, long group, long category, long mailbox, long quarantine, long importJob,
               long article, long publicArticle, long articleFile, long publicArticleFile, long checkTree,
               long knownError, long calendar, long policy) {}

    private final Directory directory;
    private final AgentsAndGroups agentsAndGroups;
    private final TicketService tickets;
    private final TicketLinks ticketLinks;
    private final TicketIntake ticketIntake;
    private final DeliveryLog deliveries;
    private final Escalation escalation;
    private final TicketReads queries;
    private final TicketSettings settings;
    private final KbEditor kb;
    private final KbFiles kbFiles;
    private final KbTickets kbTickets;
    private final CheckTreeEditor checks;
    private final CheckRuns checkRuns;
    private final KnownErrors knownErrors;
    private final Mailboxes mailboxes;
    private final MailIntake intake;
    private final MailImportJobs imports;
    private final Notices notices;
    private final ApiTokens apiTokens;
    private final MailGatewayTokens gatewayTokens;
    private final JdbcClient jdbc;
    private final TransactionTemplate tx;

    ShowcaseDesk(Directory directory, AgentsAndGroups agentsAndGroups, TicketService tickets, TicketLinks ticketLinks,
                 TicketIntake ticketIntake, DeliveryLog deliveries, Escalation escalation, TicketReads queries, TicketSettings settings,
                 KbEditor kb, KbFiles kbFiles, KbTickets kbTickets,
                 CheckTreeEditor checks, CheckRuns checkRuns, KnownErrors knownErrors, Mailboxes mailboxes, MailIntake intake, MailImportJobs imports,
                 Notices notices, ApiTokens apiTokens, MailGatewayTokens gatewayTokens, JdbcClient jdbc,
                 TransactionTemplate tx) {
        this.directory = directory;
        this.agentsAndGroups = agentsAndGroups;
        this.tickets = tickets;
        this.ticketLinks = ticketLinks;
        this.ticketIntake = ticketIntake;
        this.deliveries = deliveries;
        this.escalation = escalation;
        this.queries = queries;
        this.settings = settings;
        this.kb = kb;
        this.kbFiles = kbFiles;
        this.kbTickets = kbTickets;
        this.checks = checks;
        this.checkRuns = checkRuns;
        this.knownErrors = knownErrors;
        this.mailboxes = mailboxes;
        this.intake = intake;
        this.imports = imports;
        this.notices = notices;
        this.apiTokens = apiTokens;
        this.gatewayTokens = gatewayTokens;
        this.jdbc = jdbc;
        this.tx = tx;
    }

    Ids seed() throws Exception {
        var system = Actor.system("showcase");
        var admin = actor(agent(Role.ADMIN));
        var marc = agent(Role.AGENT);
        var acme = directory.organizations(system).stream().filter(o -> o.name().startsWith("ACME")).findFirst().orElseThrow();
        var julie = contact("julie.martin@acme.example");
        var thomas = contact("thomas.bernard@acme.example");
        var l1 = groupAt(SupportLevel.L1);
        var l2 = groupAt(SupportLevel.L2);
        var categories = settings.categories();

        // a sending mailbox (whose server refuses: the outbox keeps what it could not send) and one that fetches
        var outgoing = mailboxes.create(system, new MailboxForm("Sortant", "sortant@relais.demo", "Relais Support",
                InboundProtocol.NONE, null, null, null, null, null, null, null, OutboundSecurity.PLAIN, "127.0.0.1", 9, null,
                null, l1, null, true));
        var fetching = mailboxes.create(system, new MailboxForm("ACME IMAP", "support@acme.example", null, InboundProtocol.IMAPS,
                "imap.invalid", 993, "support", "secret-imap-pw", "INBOX", "Traité", 300, OutboundSecurity.STARTTLS,
                "smtp.invalid", 587, "support", "secret-smtp-pw", l1, acme.id(), true));

        var main = open("Imprimante du 3e étage : bourrage papier", julie, l1, admin);
        var child = open("Bac 2 de l'imprimante bloqué", julie, l1, admin);
        var related = open("Toner presque vide au 3e étage", julie, l1, admin);
        var original = open("Imprimantes du 3e : plus rien ne sort", julie, l1, admin);
        var parent = open("Parc d'impression du bâtiment B", julie, l1, admin);
        var duplicate = open("Imprimante 3e étage HS", julie, l1, admin);
        var merged = open("Imprimante : bourrage (doublon)", julie, l1, admin);
        var removed = open("Lien retiré ensuite", julie, l1, admin);

        tickets.update(main, new TicketUpdate(null, "Imprimante du 3e étage : bourrage papier répété", Status.OPEN,
                Impact.DEPARTMENT, Urgency.HIGH, categories.get(categories.size() - 2).id(), l2, marc.id(), null,
                List.of("imprimante", "bourrage"), thomas), admin);
        tickets.update(main, new TicketUpdate(null, null, null, null, null, null, null, null, null, null, julie), admin);
        var reply = tickets.addMessage(main, new NewMessage("Bonjour, pouvez-vous ouvrir le bac 2 ?", false,
                List.of(new Upload("schema-bac.txt", "text/plain", "bac 2".getBytes(StandardCharsets.UTF_8)))), admin);
        tickets.addMessage(main, new NewMessage("Rouleau d'entraînement usé, pièce commandée.", true, List.of()), admin);
        tickets.logCall(main, new NewCallLog(CallDirection.INBOUND, "+33 1 23 45 67 89", 240, "La cliente rappelle : toujours bloqué.",
                List.of()), admin);
        ticketLinks.link(main, new NewLink(child, LinkKind.PARENT_OF), admin);
        ticketLinks.link(main, new NewLink(related, LinkKind.RELATED), admin);
        ticketLinks.link(main, new NewLink(original, LinkKind.DUPLICATE_OF), admin);
        ticketLinks.link(parent, new NewLink(main, LinkKind.PARENT_OF), admin);
        ticketLinks.link(duplicate, new NewLink(main, LinkKind.DUPLICATE_OF), admin);
        var gone = ticketLinks.link(main, new NewLink(removed, LinkKind.RELATED), admin);
        ticketLinks.unlink(main, gone, admin);
        ticketLinks.merge(merged, main, admin);
        deliveries.recordDelivery(reply, DeliveryState.FAILED, "550 5.1.1 <julie.martin@acme.example>: mailbox unavailable");
        ticketIntake.recordBounce(main, "julie.martin@acme.example", "Final-Recipient: rfc822; julie.martin@acme.example\n"
                + "Action: failed\nStatus: 5.1.1", null);
        escalation.recordSlaAlert(main, new SlaAlert("FIRST_RESPONSE", false, false, false, null));
        escalation.recordSlaAlert(main, new SlaAlert("RESOLUTION", true, true, false, null));
        var knownError = knownErrors.list(admin, true).get(0).id();
        knownErrors.link(admin, knownError, main);
        var tree = checks.trees(admin, false).stream().filter(t -> "fr".equals(t.language())).findFirst().orElseThrow().id();
        var run = checkRuns.start(admin, tree, main);
        run = checkRuns.answer(admin, run.id(), run.current().answers().get(0).id());
        checkRuns.stop(admin, run.id());
        checkRuns.start(admin, tree, child);

        // closed, then the customer writes again by mail with a colleague copied: a follow-up, with its original
        tickets.update(related, TicketUpdate.status(Status.RESOLVED), admin);
        tickets.update(related, TicketUpdate.status(Status.CLOSED), admin);
        var mail = "From: Julie Martin <julie.martin@acme.example>\r\nSubject: Re: Toner\r\n\r\nToujours vide.\r\n";
        var followUp = ticketIntake.receive(new Incoming(related, "Re: Toner presque vide au 3e étage", "Toujours vide.",
                "<p>Toujours <b>vide</b>.</p>", julie, null, "Julie Martin", acme.id(), null, Channel.EMAIL,
                new MailIdentity("toner-2@acme.example", "Julie Martin <julie.martin@acme.example>", "support@relais.demo",
                        "thomas.bernard@acme.example"), false, List.of(), List.of(),
                new Upload("message.eml", "message/rfc822", mail.getBytes(StandardCharsets.UTF_8)), List.of(thomas), null));
        var otherOfJulie = open("Souris sans fil qui décroche", julie, l1, admin);
        tickets.addMessage(main, new NewMessage("Le technicien passe demain matin.", false, List.of()), admin);

        var missing = EnumSet.allOf(Change.class);
        jdbc.sql("select distinct change from timeline_entry").query(String.class).list()
                .forEach(c -> missing.remove(Change.valueOf(c)));
        if (!missing.isEmpty()) {
            throw new IllegalStateException("the showcase desk lacks timeline entries of kind " + missing);
        }

        // mail: a message the pipeline could not take (its sender's address is a contact of ACME's, its domain a
        // subcontractor's declared since: held for review), an archive import, tokens
        directory.createContact(system, new ContactForm(acme.id(), "Camille Petit", "camille.petit@prestataire.example", null,
                "fr", false, false));
        directory.createOrganization(system, new OrganizationForm("Prestataire Dupont", "prestataire.example", "CTR-PRESTA",
                "Europe/Paris", "fr"));
        var quarantine = intake.take(fetching.id(), ("From: Camille Petit <camille.petit@prestataire.example>\r\n"
                + "To: support@acme.example\r\nMessage-ID: <poison@acme.example>\r\nSubject: Scanner\r\n\r\n"
                + "Le scanner ne marche plus.\r\n").getBytes(StandardCharsets.UTF_8)).quarantineId();
        if (quarantine == null) {
            throw new IllegalStateException("the showcase desk's held message was not quarantined");
        }
        var archive = Files.createTempFile("showcase-", ".mbox");
        Files.writeString(archive, "From julie@acme.example Mon Jan  5 09:00:00 2026\nFrom: Julie Martin <julie.martin@acme.example>\n"
                + "Subject: Ancienne demande\nMessage-ID: <old-1@acme.example>\nDate: Mon, 5 Jan 2026 09:00:00 +0100\n\nBonjour.\n");
        var job = imports.start(admin, fetching.id(), "ancien.mbox", archive, true, false);
        for (int i = 0; i < 300 && imports.job(admin, job.id()).map(j -> !j.finished()).orElse(false); i++) {
            Thread.sleep(100);
        }
        apiTokens.create(actorWithAccount(admin), "supervision");
        gatewayTokens.create(system, "postfix mx1", fetching.id());
        tx.executeWithoutResult(s -> notices.post(List.of(admin.personId()), main, "SLA_BREACHED",
                "#" + queries.require(admin, main).number().value() + " Imprimante", "RESOLUTION"));
        tx.executeWithoutResult(s -> notices.post(List.of(admin.personId()), child, "SLA_WARNING", "#2 Bac", "FIRST_RESPONSE"));

        // knowledge: an article with two versions and a file, a public one with a file, used on the ticket
        var article = kb.create(admin, new ArticleForm("fr", Kind.PROCEDURE, null, "Débloquer le bac 2", "1. Ouvrir le bac.\n2. Retirer la feuille.",
                "imprimante", Visibility.INTERNAL, Set.of(), null, Set.of(main), null, null));
        kb.update(admin, article.id(), new ArticleForm("fr", Kind.PROCEDURE, null, "Débloquer le bac 2",
                "1. Ouvrir le bac.\n2. Retirer la feuille.\n3. Refermer.", "imprimante", Visibility.INTERNAL, Set.of(), null,
                Set.of(), "étape 3", 1));
        var file = kbFiles.attach(admin, article.id(), new Upload("bac.txt", "text/plain", "bac".getBytes(StandardCharsets.UTF_8)));
        kbTickets.markUsed(admin, article.id(), main);
        var publicArticle = kb.create(admin, new ArticleForm("fr", Kind.ARTICLE, null, "Imprimer en recto verso", "Choisir *recto verso*.",
                "imprimante", Visibility.PUBLIC, Set.of(), null, Set.of(), null, null));
        var publicFile = kbFiles.attach(admin, publicArticle.id(), new Upload("recto.txt", "text/plain", "r".getBytes(StandardCharsets.UTF_8)));
        knownErrors.create(admin, new KnownErrors.Form("Pilote d'impression 4.1 : pages blanches", "Pages blanches", "Pilote 4.1",
                "Revenir au pilote 4.0", KnownErrors.Status.FIXED, null));

        var attachments = queries.attachments(admin, main);
        var articles = queries.conversation(admin, followUp.ticketId());
        var html = articles.stream().filter(a -> a.hasHtml()).findFirst().orElseThrow();
        var calendar = jdbc.sql("select min(id) from sla_calendar").query(Long.class).single();
        var policy = jdbc.sql("select min(id) from sla_policy").query(Long.class).single();
        return new Ids(main, queries.require(admin, main).number().value(), child, merged, followUp.ticketId(),
                attachments.stream().filter(a -> a.filename().equals("schema-bac.txt")).findFirst().orElseThrow().id(),
                html.id(), html.rawAttachmentId(), otherOfJulie, acme.id(), julie, marc.id(), l2,
                categories.get(0).id(), fetching.id(), quarantine, job.id(), article.id(), publicArticle.id(), file.id(),
                publicFile.id(), tree, knownError, calendar, policy);
    }

    private long open(String subject, long requester, long group, Actor by) {
        return tickets.open(new NewTicket(subject, subject + ".", requester, null, Impact.USER, Urgency.MEDIUM, Channel.PHONE,
                group, null, List.of()), by).id();
    }

    private AgentInfo agent(Role role) {
        return agentsAndGroups.agents().stream().filter(a -> a.role() == role).findFirst().orElseThrow();
    }

    private long groupAt(SupportLevel level) {
        return agentsAndGroups.groups().stream().filter(g -> g.level() == level).findFirst().orElseThrow().id();
    }

    private long contact(String email) {
        return directory.searchContacts(Actor.system("showcase"), email, null, 1).get(0).id();
    }

    private static Actor actor(AgentInfo agent) {
        return new Actor(0, Actor.Kind.AGENT, agent.id(), agent.name(), agent.role(), Scope.everything(), "fr");
    }

    private Actor actorWithAccount(Actor agent) {
        var account = jdbc.sql("select id from account where agent_id = ?").param(agent.personId()).query(Long.class).single();
        return new Actor(account, agent.kind(), agent.personId(), agent.name(), agent.role(), agent.scope(), agent.language());
    }
}
