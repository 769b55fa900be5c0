package io.relais.search;

import static org.assertj.core.api.Assertions.assertThat;
import static org.springframework.security.test.web.servlet.request.SecurityMockMvcRequestPostProcessors.user;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.get;

import io.relais.Fixtures;
import io.relais.IntegrationTest;
import io.relais.security.Actor;
import io.relais.security.internal.AccountPrincipal;
import io.relais.ticket.Status;
import io.relais.ticket.TicketCommands.NewMessage;
import io.relais.ticket.TicketCommands.NewTicket;
import io.relais.ticket.TicketCommands.TicketUpdate;
import io.relais.ticket.TicketEnums.Channel;
import io.relais.ticket.TicketEnums.Impact;
import io.relais.ticket.TicketEnums.Urgency;
import io.relais.ticket.TicketService;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;

/**
 * A desk of 240 resolved tickets in 8 categories, French and English, written from varied sentences; a new
 * ticket's most similar resolved tickets must be of its category (precision printed, asserted per category).
 */
class SimilarTicketsTest extends IntegrationTest {
    @Autowired SimilarTickets similar;
    @Autowired TicketService tickets;
    @Autowired org.springframework.test.web.servlet.MockMvc mvc;

    /** Per category: subjects and sentences, French then English, with the words a customer would use. */
    static final Map<String, String[][]> CATEGORIES = Map.of(
            "printer", new String[][] {
                    {"L'imprimante n'imprime plus", "Imprimante bloquée au 2e étage", "Printer not printing", "Printer shows paper jam"},
                    {"L'imprimante affiche un bourrage papier.", "Le toner semble vide sur l'imprimante HP.", "Les impressions sortent blanches.",
                            "The printer says paper jam in tray 2.", "The print queue is stuck on the printer.", "Toner low warning on the HP printer."}},
            "vpn", new String[][] {
                    {"VPN déconnecté", "Impossible de se connecter au VPN", "VPN keeps dropping", "Cannot connect to VPN"},
                    {"Le client VPN GlobalProtect se déconnecte toutes les cinq minutes.", "Le tunnel VPN ne monte pas depuis le domicile.",
                            "GlobalProtect VPN disconnects after sleep.", "The VPN tunnel fails with a gateway error.", "VPN authentication times out."}},
            "mail", new String[][] {
                    {"Outlook ne reçoit plus les mails", "Messagerie lente", "Outlook not receiving email", "Mailbox full"},
                    {"Outlook reste bloqué sur la synchronisation de la boîte aux lettres.", "Les mails partent en boîte d'envoi sans être envoyés.",
                            "Outlook stuck synchronising the mailbox.", "Emails stay in the outbox and are never sent.", "The mailbox quota is exceeded."}},
            "password", new String[][] {
                    {"Mot de passe expiré", "Compte verrouillé", "Password expired", "Account locked out"},
                    {"Mon compte est verrouillé après trop de tentatives de mot de passe.", "Le code MFA n'arrive pas sur le téléphone.",
                            "My account is locked after too many password attempts.", "The MFA code never reaches my phone.", "I need a password reset."}},
            "application", new String[][] {
                    {"Erreur dans l'ERP", "SAP plante à l'ouverture", "ERP error on startup", "Application crash in SAP"},
                    {"L'ERP affiche une erreur ORA-12541 au lancement.", "SAP GUI se ferme en validant la commande.",
                            "The ERP shows error ORA-12541 at launch.", "SAP GUI crashes when saving the order.", "The application throws an exception after the update."}},
            "network", new String[][] {
                    {"Pas de réseau Wi-Fi", "Wi-Fi instable en salle de réunion", "No Wi-Fi network", "Network unreachable"},
                    {"Le Wi-Fi se coupe dans la salle de réunion du 3e.", "Le câble réseau ne donne pas d'adresse IP.",
                            "The Wi-Fi drops in the meeting room.", "The network cable gets no IP address.", "The switch port seems dead."}},
            "laptop", new String[][] {
                    {"Portable qui ne démarre plus", "Écran du portable cassé", "Laptop will not boot", "Laptop screen broken"},
                    {"Le portable ThinkPad ne démarre plus, la batterie ne charge pas.", "L'écran du Latitude est fissuré.",
                            "The ThinkPad laptop does not boot, the battery does not charge.", "The Latitude screen is cracked.", "The laptop overheats and the fan is loud."}},
            "access", new String[][] {
                    {"Demande d'accès au dossier partagé", "Accès au CRM", "Access request to shared folder", "Need access to the CRM"},
                    {"Merci de donner l'accès en lecture au dossier partagé Finance.", "Le nouvel arrivant a besoin d'un accès au CRM Salesforce.",
                            "Please grant read access to the Finance shared folder.", "The new starter needs access to the Salesforce CRM.", "Request for access rights on the drive."}});

    @Test
    void theMostSimilarResolvedTicketsAreOfTheSameKind() {
        var t = fixtures.tenant("Alike");
        var agent = t.agent().actor();
        var random = new Random(7);
        var categoryOf = new HashMap<Long, String>();
        for (var category : CATEGORIES.keySet().stream().sorted().toList()) {
            for (int i = 0; i < 30; i++) {
                var id = ticket(t, agent, CATEGORIES.get(category), random);
                tickets.addMessage(id, new NewMessage("Solved: " + category + " fixed, ticket " + i, false, List.of()), agent);
                tickets.update(id, TicketUpdate.status(Status.RESOLVED), agent);
                categoryOf.put(id, category);
            }
        }
        int relevant = 0;
        int shown = 0;
        for (var category : CATEGORIES.keySet().stream().sorted().toList()) {
            var fresh = ticket(t, agent, CATEGORIES.get(category), random);
            var top = similar.like(agent, fresh, 3);
            assertThat(top).as(category).hasSize(3);
            var ofCategory = top.stream().filter(s -> category.equals(categoryOf.get(s.id()))).count();
            relevant += ofCategory;
            shown += top.size();
            assertThat(top).as(category).allSatisfy(s -> assertThat(s.answer()).startsWith("Solved: "));
            if (category.equals("printer")) {
                assertThat(ofCategory).as("top-3 of a new printer ticket").isEqualTo(3);
            }
        }
        System.out.printf("similar tickets: top-3 precision %d/%d = %.2f over 8 categories, 240 resolved tickets%n",
                relevant, shown, relevant / (double) shown);
        assertThat(relevant / (double) shown).isGreaterThanOrEqualTo(0.9);
    }

    /** How many subjects and sentences of each pool above are French (the rest are English). */
    static int frenchSentences(String category) {
        return category.equals("printer") ? 3 : 2;
    }

    /**
     * Held-out queries: the same problems in words none of the pools use, in French then in English (a subject
     * and a sentence each). None of them is a resolved ticket's text.
     */
    static final Map<String, String[][]> HELD_OUT = Map.of(
            "printer", new String[][] {{"Rien ne sort de l'imprimante du couloir", "La photocopieuse refuse d'imprimer nos documents, voyant orange."},
                    {"Nothing comes out of the printer on the first floor", "Cannot print to the copier, its light blinks orange."}},
            "vpn", new String[][] {{"Connexion à distance impossible par le VPN", "Depuis l'hôtel le VPN coupe la session de télétravail."},
                    {"Remote access through the VPN fails", "From the hotel the VPN connection is lost while working remotely."}},
            "mail", new String[][] {{"Je ne reçois plus aucun e-mail dans Outlook", "Mes messages restent coincés, Outlook n'envoie rien."},
                    {"No new messages arrive in my Outlook inbox", "Outlook will not send my emails any more."}},
            "password", new String[][] {{"Mot de passe refusé à la connexion", "Je demande une réinitialisation du mot de passe, mon compte est bloqué."},
                    {"Locked out, the password is refused", "Please reset my password, the account is blocked."}},
            "application", new String[][] {{"Le logiciel SAP se ferme tout seul", "Message d'erreur au démarrage de l'ERP comptable."},
                    {"SAP closes by itself while entering an order", "The accounting ERP shows an error when it starts."}},
            "network", new String[][] {{"Aucune connexion réseau sur le poste", "Le Wi-Fi ne fonctionne pas au 3e étage, pas d'adresse IP."},
                    {"My desk has no network connection at all", "The Wi-Fi keeps disconnecting on the third floor, no IP address."}},
            "laptop", new String[][] {{"Mon ordinateur portable reste noir à l'allumage", "Le ThinkPad chauffe puis s'éteint, batterie à plat."},
                    {"My notebook stays black at power on", "The ThinkPad gets hot and shuts down, the battery is flat."}},
            "access", new String[][] {{"Besoin des droits sur le répertoire partagé RH", "Ouvrir un accès au CRM pour une stagiaire."},
                    {"I need permissions on the HR shared drive", "Give an intern access to the CRM."}});

    /** Precision and recall of one way of asking, summed over the categories. */
    record Measure(String name, int relevantShown, int shown, int relevantFound, int relevantAll) {
        double precision() {
            return relevantShown / (double) shown;
        }

        double recall() {
            return relevantFound / (double) relevantAll;
        }
    }

    /**
     * The same problems asked in other words, and in the other language: two desks of resolved tickets, one
     * written only from the French sentences, one only from the English ones (15 tickets per category each),
     * asked the held-out queries in both languages. For each way of asking, precision of the top 3 (the panel
     * shows 3) and recall of the top 15 (of the 15 tickets of the category) are printed; the floors asserted
     * are the measured values less a small margin, well above chance (1 in 8).
     */
    @Test
    void heldOutPhrasingsFindTheirKindInTheSameLanguageAndLessSoInTheOther() {
        var random = new Random(11);
        var desks = new java.util.LinkedHashMap<String, Fixtures.Tenant>();
        var categoryOf = new HashMap<Long, String>();
        for (var language : List.of("fr", "en")) {
            var t = fixtures.tenant("Held" + language);
            desks.put(language, t);
            for (var category : CATEGORIES.keySet().stream().sorted().toList()) {
                var pools = CATEGORIES.get(category);
                var french = language.equals("fr");
                var subjects = french ? java.util.Arrays.copyOfRange(pools[0], 0, 2) : java.util.Arrays.copyOfRange(pools[0], 2, 4);
                var sentences = french ? java.util.Arrays.copyOfRange(pools[1], 0, frenchSentences(category))
                        : java.util.Arrays.copyOfRange(pools[1], frenchSentences(category), pools[1].length);
                for (int i = 0; i < 15; i++) {
                    var id = ticket(t, t.agent().actor(), new String[][] {subjects, sentences}, random);
                    tickets.addMessage(id, new NewMessage("Solved: " + category + " " + i, false, List.of()), t.agent().actor());
                    tickets.update(id, TicketUpdate.status(Status.RESOLVED), t.agent().actor());
                    categoryOf.put(id, category);
                }
            }
        }
        var measures = new java.util.ArrayList<Measure>();
        for (var desk : desks.entrySet()) {
            for (int q = 0; q < 2; q++) {
                var asked = q == 0 ? "fr" : "en";
                var t = desk.getValue();
                int relevantShown = 0, shown = 0, relevantFound = 0, relevantAll = 0;
                for (var category : HELD_OUT.keySet().stream().sorted().toList()) {
                    var query = HELD_OUT.get(category)[q];
                    var top = similar.like(t.agent().actor(), query[0], query[1], t.organizationId(), null, 15);
                    var first = top.subList(0, Math.min(3, top.size()));
                    relevantShown += (int) first.stream().filter(s -> category.equals(categoryOf.get(s.id()))).count();
                    shown += 3;
                    relevantFound += (int) top.stream().filter(s -> category.equals(categoryOf.get(s.id()))).count();
                    relevantAll += 15;
                }
                measures.add(new Measure("asked in " + asked + ", resolved in " + desk.getKey(), relevantShown, shown,
                        relevantFound, relevantAll));
            }
        }
        for (var m : measures) {
            System.out.printf("similar tickets, held-out phrasings, %s: precision@3 %d/%d = %.2f, recall@15 %d/%d = %.2f%n",
                    m.name(), m.relevantShown(), m.shown(), m.precision(), m.relevantFound(), m.relevantAll(), m.recall());
        }
        assertThat(measures).allSatisfy(m -> {
            var floor = FLOORS.get(m.name());
            assertThat(m.precision()).as(m.name() + ": precision@3").isGreaterThanOrEqualTo(floor[0]);
            assertThat(m.recall()).as(m.name() + ": recall@15").isGreaterThanOrEqualTo(floor[1]);
        });
    }

    /**
     * Floors (precision@3, recall@15) for each way of asking, from the values measured on this corpus less about one
     * ticket of the top 3 in 24 and five of the top 15 in 120 (measured: French on French 1.00 and 0.89, English on
     * English 0.88 and 0.72, English questions on French tickets 0.88 and 0.73, French questions on English tickets
     * 0.50 and 0.33, the weak side). Chance is 0.125. One floor for all would let one language fall to the level of
     * the other unseen: searching without the French analysis drops French on French to 0.88 and 0.77.
     */
    static final Map<String, double[]> FLOORS = Map.of(
            "asked in fr, resolved in fr", new double[] {0.95, 0.85},
            "asked in en, resolved in en", new double[] {0.83, 0.68},
            "asked in en, resolved in fr", new double[] {0.83, 0.68},
            "asked in fr, resolved in en", new double[] {0.45, 0.29});

    @Test
    void anotherOrganizationsTicketsAreNeverSuggested() throws Exception {
        var a = fixtures.tenant("SimA");
        var b = fixtures.tenant("SimB");
        var random = new Random(3);
        for (int i = 0; i < 5; i++) {
            var id = ticket(b, b.agent().actor(), CATEGORIES.get("vpn"), random);
            tickets.update(id, TicketUpdate.status(Status.RESOLVED), b.agent().actor());
        }
        var fresh = ticket(a, a.agent().actor(), CATEGORIES.get("vpn"), random);
        assertThat(similar.like(a.agent().actor(), fresh, 5)).noneMatch(s -> s.organizationId() == b.organizationId());
        assertThat(similar.like(b.agent().actor(), "VPN déconnecté", "GlobalProtect se déconnecte", b.organizationId(), null, 5))
                .isNotEmpty().allMatch(s -> s.organizationId() == b.organizationId());

        // The ticket page's panel: B's agent sees B's resolved VPN tickets; asking about A's ticket is a 404.
        var bAgent = new AccountPrincipal(b.agent().accountId(), b.agent().login(), null, b.agent().id(), null, "en", "AGENT", true);
        var bTicket = ticket(b, b.agent().actor(), CATEGORIES.get("vpn"), random);
        var panel = mvc.perform(get("/search/similar/" + bTicket).with(user(bAgent))).andReturn().getResponse();
        assertThat(panel.getStatus()).isEqualTo(200);
        assertThat(panel.getContentAsString()).contains("Similar resolved tickets").contains("/tickets/");
        assertThat(mvc.perform(get("/search/similar/" + fresh).with(user(bAgent))).andReturn().getResponse().getStatus())
                .isEqualTo(404);
    }

    private long ticket(Fixtures.Tenant t, Actor agent, String[][] texts, Random random) {
        var subjects = texts[0];
        var sentences = texts[1];
        var body = "Bonjour, " + sentences[random.nextInt(sentences.length)] + " " + sentences[random.nextInt(sentences.length)]
                + " Poste " + (1000 + random.nextInt(9000)) + ", site " + List.of("Lyon", "Leeds", "Nantes").get(random.nextInt(3)) + ".";
        return tickets.open(new NewTicket(subjects[random.nextInt(subjects.length)], body, t.customer().id(), null, Impact.USER,
                Urgency.MEDIUM, Channel.EMAIL, t.groupId(), null, List.of()), agent).id();
    }
}
