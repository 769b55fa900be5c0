package io.relais.demo;

import io.relais.directory.AgentsAndGroups;
import io.relais.directory.Directory;
import io.relais.knowledge.KbEditor;
import io.relais.knowledge.KbFeedback;
import io.relais.knowledge.KbRecords.ArticleForm;
import io.relais.knowledge.KbRecords.Kind;
import io.relais.knowledge.KbRecords.Verdict;
import io.relais.knowledge.KbRecords.Visibility;
import io.relais.knowledge.StarterChecks;
import io.relais.problem.KnownErrors;
import io.relais.directory.DirectoryRecords.AgentForm;
import io.relais.directory.DirectoryRecords.ContactForm;
import io.relais.directory.DirectoryRecords.GroupForm;
import io.relais.directory.DirectoryRecords.OrganizationForm;
import io.relais.directory.SupportLevel;
import io.relais.sla.AlertAction;
import io.relais.sla.BusinessCalendar.Range;
import io.relais.sla.SlaEngine.ClockKind;
import io.relais.sla.SlaEngine.Pause;
import io.relais.sla.SlaEngine.PauseReason;
import io.relais.sla.ContractCalendars;
import io.relais.sla.SlaCalendars;
import io.relais.sla.SlaPolicies;
import io.relais.ticket.TicketEnums.Priority;
import io.relais.security.Accounts;
import io.relais.security.Actor;
import io.relais.security.Role;
import io.relais.security.Scope;
import io.relais.ticket.Status;
import io.relais.ticket.TicketCommands.NewCallLog;
import io.relais.ticket.TicketCommands.NewMessage;
import io.relais.ticket.TicketCommands.NewTicket;
import io.relais.ticket.TicketCommands.TicketUpdate;
import io.relais.ticket.TicketEnums.CallDirection;
import io.relais.ticket.TicketEnums.Channel;
import io.relais.ticket.TicketEnums.Impact;
import io.relais.ticket.TicketEnums.Urgency;
import io.relais.ticket.TicketService;
import io.relais.ticket.TicketSettings;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.Set;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.boot.ApplicationArguments;
import org.springframework.boot.ApplicationRunner;
import org.springframework.context.annotation.Profile;
import org.springframework.stereotype.Component;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * Seeds the demo desk once, on an empty database, through the same services the UI uses (so the
 * timeline is real), then spreads the tickets over the last five weeks.
 */
@Component
@Profile("demo")
class DemoData implements ApplicationRunner {
    /** The password of every demo account: the demo profile is for trying Relais, never for production. */
    static final String PASSWORD = "demo-relais";
    private static final Logger log = LoggerFactory.getLogger(DemoData.class);

    private final Accounts accounts;
    private final Directory directory;
    private final AgentsAndGroups agentsAndGroups;
    private final TicketService tickets;
    private final TicketSettings settings;
    private final TransactionTemplate tx;
    private final DemoClock clock;
    private final SlaCalendars slaCalendars;
    private final ContractCalendars contractCalendars;
    private final SlaPolicies slaPolicies;
    private final KbEditor kb;
    private final KbFeedback kbFeedback;
    private final StarterChecks starterChecks;
    private final KnownErrors knownErrors;
    private final io.relais.mail.Mailboxes mailboxes;

    DemoData(Accounts accounts, Directory directory, AgentsAndGroups agentsAndGroups, TicketService tickets, TicketSettings settings,
             TransactionTemplate tx, DemoClock clock, SlaCalendars slaCalendars, ContractCalendars contractCalendars,
             SlaPolicies slaPolicies, KbEditor kb, KbFeedback kbFeedback, StarterChecks starterChecks, KnownErrors knownErrors,
             io.relais.mail.Mailboxes mailboxes) {
        this.knownErrors = knownErrors;
        this.mailboxes = mailboxes;
        this.slaCalendars = slaCalendars;
        this.contractCalendars = contractCalendars;
        this.slaPolicies = slaPolicies;
        this.kb = kb;
        this.kbFeedback = kbFeedback;
        this.starterChecks = starterChecks;
        this.accounts = accounts;
        this.directory = directory;
        this.agentsAndGroups = agentsAndGroups;
        this.tickets = tickets;
        this.settings = settings;
        this.tx = tx;
        this.clock = clock;
    }

    @Override
    public void run(ApplicationArguments args) {
        if (!accounts.setupRequired()) {
            log.info("Demo profile: the database already has accounts, nothing seeded");
            return;
        }
        try {
            tx.executeWithoutResult(s -> seed());
        } finally {
            clock.release();
        }
        log.info("Demo desk seeded: sign in as priya@relais.demo (administrator), marc@relais.demo (L1 agent), "
                + "julie.martin@acme.example (customer); the demo password is in the README");
    }

    private void seed() {
        var system = Actor.system("Demo");
        var acme = directory.createOrganization(system, new OrganizationForm("ACME Industrie", "acme.example",
                "CTR-2024-017", "Europe/Paris", "fr"));
        var globex = directory.createOrganization(system, new OrganizationForm("Globex Logistics", "globex.example",
                "CTR-2025-003", "Europe/London", "en"));
        var all = Set.<Long>of();
        var l1 = agentsAndGroups.createGroup(system, new GroupForm("Support L1", SupportLevel.L1, true, all, "First contact: phone, mail, portal"));
        var l2 = agentsAndGroups.createGroup(system, new GroupForm("Support L2", SupportLevel.L2, true, all, "Diagnosis and applications"));
        var l3 = agentsAndGroups.createGroup(system, new GroupForm("Expertise L3", SupportLevel.L3, true, all, "Experts, escalations to development"));
        var infra = agentsAndGroups.createGroup(system, new GroupForm("Infrastructure", SupportLevel.SPECIALIST, false,
                Set.of(acme.id()), "Network, servers and Wi-Fi of ACME's sites"));

        slas(system, acme.id(), globex.id(), infra.id(), l3.id());
        // a mailbox without a server: mail arrives by the gateway or an archive import (Administration › Mailboxes)
        mailboxes.create(system, new io.relais.mail.MailRecords.MailboxForm("Support", "support@relais.demo", "Relais Support",
                io.relais.mail.MailRecords.InboundProtocol.NONE, null, null, null, null, null, null, null,
                io.relais.mail.MailRecords.OutboundSecurity.NONE, null, null, null, null, l1.id(), null, true));

        var marc = agent(system, "Marc Dubois", "marc@relais.demo", Role.AGENT, Set.of(l1.id()));
        var sarah = agent(system, "Sarah Chen", "sarah@relais.demo", Role.AGENT, Set.of(l1.id()));
        var julien = agent(system, "Julien Moreau", "julien@relais.demo", Role.SUPERVISOR, Set.of(l2.id(), infra.id()));
        var priya = agent(system, "Priya Natarajan", "priya@relais.demo", Role.ADMIN, Set.of(l3.id()));
        var agents = List.of(marc, sarah, julien, priya);

        var people = new ArrayList<ContactInfoLite>();
        String[][] acmePeople = {
                {"Julie Martin", "julie.martin@acme.example", "+33 1 23 45 67 89"},
                {"Thomas Bernard", "thomas.bernard@acme.example", "+33 1 23 45 67 12"},
                {"Camille Petit", "camille.petit@acme.example", "+33 4 72 10 20 30"},
                {"Nicolas Roux", "nicolas.roux@acme.example", "+33 6 12 34 56 78"},
                {"Sophie Laurent", "sophie.laurent@acme.example", "+33 1 98 76 54 32"},
                {"Antoine Garnier", "antoine.garnier@acme.example", "+33 3 20 11 22 33"}};
        String[][] globexPeople = {
                {"Emily Carter", "emily.carter@globex.example", "+44 20 7946 0101"},
                {"James Wilson", "james.wilson@globex.example", "+44 20 7946 0202"},
                {"Olivia Brown", "olivia.brown@globex.example", "+44 161 496 0303"},
                {"Daniel Evans", "daniel.evans@globex.example", "+44 113 496 0404"},
                {"Grace Taylor", "grace.taylor@globex.example", "+44 20 7946 0505"},
                {"Harry Thompson", "harry.thompson@globex.example", "+44 117 496 0606"}};
        for (int i = 0; i < acmePeople.length; i++) {
            var c = directory.createContact(system, new ContactForm(acme.id(), acmePeople[i][0], acmePeople[i][1],
                    acmePeople[i][2], "fr", i == 1, i == 4, List.of(), i == 0 ? List.of("+33 6 98 76 54 32") : List.of()));
            people.add(new ContactInfoLite(c.id(), true));
        }
        for (int i = 0; i < globexPeople.length; i++) {
            var c = directory.createContact(system, new ContactForm(globex.id(), globexPeople[i][0], globexPeople[i][1],
                    globexPeople[i][2], "en", i == 0, i == 0));
            people.add(new ContactInfoLite(c.id(), false));
        }
        accounts.createForContact(people.get(0).id(), "julie.martin@acme.example", PASSWORD);
        accounts.createForContact(people.get(6).id(), "emily.carter@globex.example", PASSWORD);

        var categories = settings.categories();
        var random = new Random(42);
        var now = Instant.now();
        // Oldest first, so that ticket numbers follow creation dates.
        var ages = new ArrayList<Duration>();
        for (int i = 0; i < 60; i++) {
            ages.add(Duration.ofMinutes(60L * 24 * random.nextInt(35) + 60 + random.nextInt(600)));
        }
        ages.sort(java.util.Comparator.reverseOrder());
        var statuses = List.of(Status.NEW, Status.OPEN, Status.OPEN, Status.PENDING_CUSTOMER, Status.PENDING_THIRD_PARTY,
                Status.RESOLVED, Status.CLOSED, Status.OPEN, Status.NEW, Status.RESOLVED);
        for (int i = 0; i < 60; i++) {
            var contact = people.get(random.nextInt(people.size()));
            var story = contact.french() ? DemoStories.FR[i % DemoStories.FR.length] : DemoStories.EN[i % DemoStories.EN.length];
            var agent = agents.get(random.nextInt(agents.size()));
            var agentActor = actorOf(agent, agents);
            var impact = Impact.values()[random.nextInt(3)];
            var urgency = Urgency.values()[random.nextInt(3)];
            var category = categories.get(story.category() % categories.size());
            var group = switch (random.nextInt(5)) {
                case 0 -> l2.id();
                case 1 -> l3.id();
                default -> l1.id();
            };
            var at = now.minus(ages.get(i));
            clock.set(at);
            var opened = tickets.open(new NewTicket(story.subject(), story.description(), contact.id(), category.id(),
                    impact, urgency, i % 3 == 0 ? Channel.EMAIL : Channel.PHONE, group, null, List.of(story.tag())), agentActor);
            var id = opened.id();
            var status = statuses.get(i % statuses.size());
            if (status == Status.NEW) {
                continue;
            }
            at = step(at, now, random);
            tickets.update(id, TicketUpdate.assignTo(agent.id()), agentActor);
            tickets.addMessage(id, new NewMessage(story.note(), true, List.of()), agentActor);
            if (i % 4 == 0) {
                at = step(at, now, random);
                tickets.logCall(id, new NewCallLog(CallDirection.OUTBOUND, null, 180 + random.nextInt(600),
                        story.call(), List.of()), agentActor);
            }
            at = step(at, now, random);
            tickets.addMessage(id, new NewMessage(story.reply(), false, List.of()), agentActor);
            at = step(at, now, random);
            switch (status) {
                case PENDING_CUSTOMER, PENDING_THIRD_PARTY -> tickets.update(id, TicketUpdate.status(status), agentActor);
                case RESOLVED -> tickets.update(id, TicketUpdate.status(Status.RESOLVED), agentActor);
                case CLOSED -> {
                    tickets.update(id, TicketUpdate.status(Status.RESOLVED), agentActor);
                    step(at, now, random);
                    tickets.update(id, TicketUpdate.status(Status.CLOSED), agentActor);
                }
                default -> { }
            }
        }
        // Two fresh Globex calls, so that some clocks are still running, one of them due soon.
        var globexAgent = actorOf(agents.get(1), agents);
        clock.set(now.minus(Duration.ofMinutes(200)));
        tickets.open(new NewTicket("Dock scanners lose the Wi-Fi in bay 4", "Handheld scanners in bay 4 drop off the "
                + "network every few minutes since this morning.", people.get(7).id(), categories.get(2 % categories.size()).id(),
                Impact.DEPARTMENT, Urgency.MEDIUM, Channel.PHONE, l1.id(), null, List.of("wifi")), globexAgent);
        clock.set(now.minus(Duration.ofMinutes(20)));
        tickets.open(new NewTicket("Label printer in Leeds prints blank labels", "Shipping labels come out blank on the "
                + "Zebra printer of the Leeds depot.", people.get(9).id(), categories.get(4 % categories.size()).id(),
                Impact.DEPARTMENT, Urgency.HIGH, Channel.PHONE, l1.id(), null, List.of("printer")), globexAgent);
        clock.set(now.minus(Duration.ofMinutes(5)));
        knowledge(system, actorOf(agents.get(0), agents), actorOf(agents.get(1), agents), acme.id());
    }

    /** Articles and procedures in both languages (one for ACME only, one flagged outdated), a known error, the starter checks. */
    private void knowledge(Actor system, Actor marc, Actor sarah, long acme) {
        starterChecks.install(system);
        var printerFr = kb.create(marc, new ArticleForm("fr", Kind.PROCEDURE, null, "Remettre en ligne une imprimante réseau", """
                Quand une imprimante apparaît **hors ligne** pour tout le monde :

                1. Vérifier que l'imprimante est allumée et sans erreur sur son écran.
                2. Vérifier le câble réseau (port 1 de la prise murale) et le voyant de liaison.
                3. Imprimer la page de configuration : l'adresse IP doit commencer par `10.20.`.
                4. Sur le serveur d'impression, redémarrer le spouleur : `Restart-Service Spooler`.

                Si l'adresse IP commence par `169.254.`, l'imprimante n'a pas obtenu d'adresse : prévenir l'équipe Infrastructure.
                """, "imprimante, réseau", Visibility.PUBLIC, Set.of(), null, Set.of(), null, null));
        kb.create(sarah, new ArticleForm("en", Kind.PROCEDURE, null, "Bring a network printer back online", """
                When a printer shows **offline** for everyone:

                1. Check the printer is on, with no error on its screen.
                2. Check the network cable (port 1 of the wall socket) and the link light.
                3. Print the configuration page: the IP address must start with `10.20.`.
                4. On the print server, restart the spooler: `Restart-Service Spooler`.

                If the IP address starts with `169.254.`, the printer got no address: tell the Infrastructure team.
                """, "printer, network", Visibility.PUBLIC, Set.of(), printerFr.id(), Set.of(), null, null));
        var vpn = kb.create(sarah, new ArticleForm("en", Kind.ARTICLE, null, "VPN client 5.2 drops after sleep", """
                ## Symptom
                The VPN client 5.2 disconnects each time the laptop wakes from sleep; error `0x80070005` in its log.

                ## Cause
                Power saving on the network card, turned on by the 5.2 update.

                ## Workaround
                Device Manager → network card → Power Management → untick *Allow the computer to turn off this device*.
                """, "vpn, known error", Visibility.INTERNAL, Set.of(), null, Set.of(), null, null));
        kb.create(marc, new ArticleForm("fr", Kind.ARTICLE, null, "Le client VPN 5.2 décroche après la mise en veille", """
                ## Symptôme
                Le client VPN 5.2 se déconnecte à chaque sortie de veille ; erreur `0x80070005` dans son journal.

                ## Cause
                L'économie d'énergie de la carte réseau, activée par la mise à jour 5.2.

                ## Contournement
                Gestionnaire de périphériques → carte réseau → Gestion de l'alimentation → décocher *Autoriser l'ordinateur à éteindre ce périphérique*.
                """, "vpn, erreur connue", Visibility.INTERNAL, Set.of(), vpn.id(), Set.of(), null, null));
        var password = kb.create(marc, new ArticleForm("fr", Kind.PROCEDURE, null, "Réinitialiser son mot de passe", """
                1. Sur la page de connexion, cliquer sur **Mot de passe oublié**.
                2. Saisir son adresse e-mail professionnelle.
                3. Suivre le lien reçu (valable 30 minutes) et choisir un mot de passe d'au moins 12 caractères.
                """, "mot de passe, compte", Visibility.PUBLIC, Set.of(), null, Set.of(), null, null));
        kbFeedback.feedback(sarah, password.id(), Verdict.OUTDATED, "Le lien est maintenant valable 15 minutes.");
        knownErrors.create(sarah, new KnownErrors.Form("VPN client 5.2 drops after sleep",
                "The VPN disconnects each time the laptop wakes from sleep (VPN client 5.2), error 0x80070005.",
                "Power saving on the network card, turned on by the 5.2 update.",
                "Device Manager → network card → Power Management → untick \"Allow the computer to turn off this device\".",
                null, null));
        kb.create(marc, new ArticleForm("fr", Kind.PROCEDURE, null, "ACME : imprimer sur les traceurs du bureau d'études", """
                Les traceurs **HP DesignJet** du bureau d'études (bâtiment B, 2e étage) s'ajoutent depuis `\\\\print-acme\\traceurs`.
                Choisir le format A0 dans les préférences avant d'imprimer.
                """, "acme, traceur", Visibility.PUBLIC, Set.of(acme), null, Set.of(), null, null));
    }

    /**
     * Service levels, in force since before the oldest ticket: office calendars with public holidays,
     * a standard policy per priority for every client, ACME's own stricter contract for P1 and P2, and
     * OLAs for the infrastructure and L3 teams. Seeded tickets then show clocks in every state.
     */
    private void slas(Actor system, long acme, long globex, long infra, long l3) {
        clock.set(Instant.now().minus(Duration.ofDays(40)));
        var weekdays = java.util.EnumSet.range(java.time.DayOfWeek.MONDAY, java.time.DayOfWeek.FRIDAY);
        var parisHours = new java.util.EnumMap<java.time.DayOfWeek, List<Range>>(java.time.DayOfWeek.class);
        var londonHours = new java.util.EnumMap<java.time.DayOfWeek, List<Range>>(java.time.DayOfWeek.class);
        for (var d : weekdays) {
            parisHours.put(d, List.of(Range.of("08:00", "12:30"), Range.of("13:30", "19:00")));
            londonHours.put(d, List.of(Range.of("09:00", "17:30")));
        }
        var paris = slaCalendars.createCalendar(system, new SlaCalendars.CalendarForm("Paris office", "Europe/Paris", parisHours));
        var year = java.time.LocalDate.now().getYear();
        String[][] french = {{"01-01", "Jour de l'an"}, {"05-01", "Fête du travail"}, {"05-08", "Victoire 1945"},
                {"07-14", "Fête nationale"}, {"08-15", "Assomption"}, {"11-01", "Toussaint"}, {"11-11", "Armistice"},
                {"12-25", "Noël"}};
        for (var h : french) {
            var date = java.time.LocalDate.parse(year + "-" + h[0]);
            slaCalendars.addDay(system, paris, new SlaCalendars.DayForm("HOLIDAY", date, date, true, null, h[1]));
        }
        var london = slaCalendars.createCalendar(system, new SlaCalendars.CalendarForm("London office", "Europe/London", londonHours));
        String[][] english = {{"01-01", "New Year's Day"}, {"12-25", "Christmas Day"}, {"12-26", "Boxing Day"}};
        for (var h : english) {
            var date = java.time.LocalDate.parse(year + "-" + h[0]);
            slaCalendars.addDay(system, london, new SlaCalendars.DayForm("HOLIDAY", date, date, true, null, h[1]));
        }
        contractCalendars.setOrganizationCalendar(system, acme, paris);
        // Globex's warehouses run day and night: its contract counts every hour (the built-in 24/7 calendar).
        contractCalendars.setOrganizationCalendar(system, globex, slaCalendars.defaultCalendar());

        var pauses = Set.of(new Pause(ClockKind.RESOLUTION, PauseReason.PENDING_CUSTOMER),
                new Pause(ClockKind.NEXT_UPDATE, PauseReason.PENDING_CUSTOMER),
                new Pause(ClockKind.RESOLUTION, PauseReason.PENDING_THIRD_PARTY));
        var notifyAssignee = java.util.EnumSet.of(AlertAction.NOTIFY_ASSIGNEE);
        var breach = java.util.EnumSet.of(AlertAction.NOTIFY_ASSIGNEE, AlertAction.NOTIFY_SUPERVISORS);
        Object[][] standard = {{Priority.P1, 30, 60, 240}, {Priority.P2, 60, 240, 480}, {Priority.P3, 240, 480, 1320},
                {Priority.P4, 480, null, 2640}};
        int position = 1;
        for (var p : standard) {
            slaPolicies.createPolicy(system, new SlaPolicies.PolicyForm("CUSTOMER", "Standard " + p[0], null, null, position++,
                    Set.of((Priority) p[0]), Set.of(), Set.of(), minutes(p[1]), minutes(p[2]), minutes(p[3]), pauses, null, 75,
                    notifyAssignee, breach, null));
        }
        slaPolicies.createPolicy(system, new SlaPolicies.PolicyForm("CUSTOMER", "ACME Gold P1/P2", acme, null, 1,
                Set.of(Priority.P1, Priority.P2), Set.of(), Set.of(), Duration.ofMinutes(15), Duration.ofHours(2),
                Duration.ofHours(4), pauses, null, 75, notifyAssignee,
                java.util.EnumSet.of(AlertAction.NOTIFY_ASSIGNEE, AlertAction.NOTIFY_SUPERVISORS, AlertAction.RAISE_PRIORITY), null));
        slaPolicies.createPolicy(system, new SlaPolicies.PolicyForm("OLA", "Infrastructure OLA", null, infra, 1, Set.of(), Set.of(),
                Set.of(), null, null, Duration.ofHours(8), Set.of(new Pause(ClockKind.OLA, PauseReason.PENDING_THIRD_PARTY)),
                null, 75, java.util.EnumSet.of(AlertAction.NOTIFY_GROUP), java.util.EnumSet.of(AlertAction.NOTIFY_GROUP,
                AlertAction.NOTIFY_SUPERVISORS), null));
        slaPolicies.createPolicy(system, new SlaPolicies.PolicyForm("OLA", "Expertise L3 OLA", null, l3, 1, Set.of(), Set.of(),
                Set.of(), null, null, Duration.ofHours(16), Set.of(), null, 75, notifyAssignee, breach, null));
    }

    private static Duration minutes(Object m) {
        return m == null ? null : Duration.ofMinutes((Integer) m);
    }

    /** The next moment of a ticket's story: a few minutes to a few hours later, never in the future. */
    private Instant step(Instant at, Instant now, Random random) {
        var next = at.plus(Duration.ofMinutes(5 + random.nextInt(180)));
        if (next.isAfter(now)) {
            next = at.plusSeconds(5);
        }
        clock.set(next);
        return next;
    }

    private DemoAgent agent(Actor system, String name, String email, Role role, Set<Long> groups) {
        var a = agentsAndGroups.createAgent(system, new AgentForm(name, email, role, groups));
        accounts.createForAgent(a.id(), email, PASSWORD);
        return new DemoAgent(a.id(), name, role);
    }

    private static Actor actorOf(DemoAgent agent, List<DemoAgent> all) {
        return new Actor(0, Actor.Kind.AGENT, agent.id(), agent.name(), agent.role(), Scope.everything(), "fr");
    }

    private record DemoAgent(long id, String name, Role role) {}

    private record ContactInfoLite(long id, boolean french) {}
}
