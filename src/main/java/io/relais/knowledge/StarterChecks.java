package io.relais.knowledge;

import io.relais.knowledge.CheckRecords.NodeForm;
import io.relais.knowledge.CheckRecords.NodeKind;
import io.relais.knowledge.CheckRecords.Outcome;
import io.relais.knowledge.CheckRecords.TreeForm;
import io.relais.security.Actor;
import io.relais.ticket.TicketSettings;
import java.util.List;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;

/**
 * Four starter checks in French and English (printer does not print; no network or Wi-Fi; cannot log in
 * or account locked; application error after an update), for the demo and for any administrator who wants
 * a first tree to adapt. Installing twice adds nothing.
 */
@Service
public class StarterChecks {
    public static final List<String> KEYS = List.of("printer", "network", "login", "app-update");

    private final CheckTreeEditor checks;
    private final JdbcClient jdbc;
    private final TicketSettings settings;

    StarterChecks(CheckTreeEditor checks, JdbcClient jdbc, TicketSettings settings) {
        this.checks = checks;
        this.jdbc = jdbc;
        this.settings = settings;
    }

    /** A step of a starter tree: its kind and text (French, English), and where each answer leads. */
    private record Node(NodeKind kind, String fr, String en, Outcome outcome, List<Answer> answers) {}

    private record Answer(String fr, String en, Node next) {}

    private static Node question(String fr, String en, Answer... answers) {
        return new Node(NodeKind.QUESTION, fr, en, null, List.of(answers));
    }

    private static Node action(String fr, String en, Answer... answers) {
        return new Node(NodeKind.ACTION, fr, en, null, List.of(answers));
    }

    private static Node outcome(Outcome outcome, String fr, String en) {
        return new Node(NodeKind.OUTCOME, fr, en, outcome, List.of());
    }

    private static Answer answer(String fr, String en, Node next) {
        return new Answer(fr, en, next);
    }

    /** One "solved" outcome per tree, which every "it works now" leads to. */
    private static final Node SOLVED = outcome(Outcome.SOLVED, "Résolu au premier contact", "Solved at first contact");

    private static Node solved() {
        return SOLVED;
    }

    /** "Did that work?" after an action: yes is solved, no goes to {@code otherwise}. */
    private static Answer[] works(Node otherwise) {
        return new Answer[] {answer("Ça fonctionne maintenant", "It works now", solved()),
                answer("Toujours pas", "Still not", otherwise)};
    }

    private static Node tree(String key) {
        return switch (key) {
            case "printer" -> question("L'imprimante est-elle allumée, sans erreur sur son écran ?",
                    "Is the printer on, with no error on its screen?",
                    answer("Oui", "Yes", question("D'autres personnes arrivent-elles à imprimer dessus ?",
                            "Can other people print on it?",
                            answer("Non, personne", "No, nobody", action(
                                    "Vérifier que le câble réseau est branché (port 1 de la prise murale) et que l'imprimante affiche une adresse IP.",
                                    "Check the network cable is plugged in (port 1 of the wall socket) and the printer shows an IP address.",
                                    works(outcome(Outcome.CONTINUE, "Panne réseau ou imprimante : poursuivre le diagnostic (niveau 2)",
                                            "Network or printer fault: continue the diagnosis (level 2)")))),
                            answer("Oui, seule cette personne échoue", "Yes, only this person fails",
                                    question("Le document est-il bloqué dans la file d'impression de la personne ?",
                                            "Is the document stuck in the person's print queue?",
                                            answer("Oui", "Yes", action("Annuler le document bloqué, redémarrer le spouleur d'impression, relancer l'impression.",
                                                    "Cancel the stuck document, restart the print spooler, print again.",
                                                    works(outcome(Outcome.CONTINUE, "Pilote à réinstaller : poursuivre le diagnostic",
                                                            "Driver to reinstall: continue the diagnosis")))),
                                            answer("Non", "No", action("Vérifier que la bonne imprimante est choisie par défaut.",
                                                    "Check the right printer is selected as the default one.",
                                                    works(outcome(Outcome.CONTINUE, "Poursuivre le diagnostic du poste",
                                                            "Continue diagnosing the computer")))))))),
                    answer("Non, une erreur s'affiche", "No, an error shows", action(
                            "Noter le code d'erreur affiché et le chercher dans la base de connaissances (bourrage, toner, bac).",
                            "Note the error code on the screen and look it up in the knowledge base (jam, toner, tray).",
                            works(outcome(Outcome.CONTINUE, "Panne matérielle : planifier une intervention",
                                    "Hardware fault: plan an on-site intervention")))),
                    answer("Elle est éteinte", "It is off", action("Vérifier le câble d'alimentation et allumer l'imprimante.",
                            "Check the power cable and switch the printer on.",
                            works(outcome(Outcome.CONTINUE, "Alimentation en panne : planifier une intervention",
                                    "Power supply fault: plan an on-site intervention")))));
            case "network" -> question("La connexion se fait-elle en Wi-Fi ou par câble ?", "Is the connection Wi-Fi or a cable?",
                    answer("Wi-Fi", "Wi-Fi", question("L'ordinateur voit-il le réseau de l'entreprise ?", "Does the computer see the company network?",
                            answer("Non", "No", action("Vérifier que le Wi-Fi est activé (touche, interrupteur, mode avion désactivé).",
                                    "Check Wi-Fi is switched on (key, switch, airplane mode off).",
                                    works(outcome(Outcome.CONTINUE, "Carte Wi-Fi ou borne en cause : poursuivre le diagnostic",
                                            "Wi-Fi card or access point at fault: continue the diagnosis")))),
                            answer("Oui", "Yes", action("Oublier le réseau puis s'y reconnecter avec les identifiants de la personne.",
                                    "Forget the network, then reconnect with the person's credentials.",
                                    works(outcome(Outcome.CONTINUE, "Authentification Wi-Fi en échec : vérifier le compte",
                                            "Wi-Fi authentication fails: check the account")))))),
                    answer("Câble", "Cable", action("Vérifier le câble aux deux bouts et le voyant de liaison sur la prise.",
                            "Check the cable at both ends and the link light on the socket.",
                            works(question("Les collègues à proximité ont-ils du réseau ?", "Do nearby colleagues have network?",
                                    answer("Non", "No", outcome(Outcome.CONTINUE,
                                            "Panne de site probable : consulter la supervision, ouvrir un incident majeur si plusieurs personnes sont touchées",
                                            "Likely a site outage: check monitoring, open a major incident if several people are affected")),
                                    answer("Oui", "Yes", outcome(Outcome.CONTINUE, "Prise ou carte réseau du poste : poursuivre le diagnostic",
                                            "The socket or the computer's network card: continue the diagnosis")))))));
            case "login" -> question("Que dit l'écran de connexion ?", "What does the login screen say?",
                    answer("Compte verrouillé", "Account locked", action(
                            "Vérifier l'identité de l'appelant (rappel au numéro connu), puis déverrouiller le compte dans l'annuaire.",
                            "Check the caller's identity (call back the number on file), then unlock the account in the directory.",
                            works(outcome(Outcome.CONTINUE, "Le compte se reverrouille : chercher l'appareil qui essaie un ancien mot de passe",
                                    "The account locks again: find the device trying an old password")))),
                    answer("Mot de passe incorrect", "Wrong password", action(
                            "Vérifier le verrouillage des majuscules et la disposition du clavier (AZERTY / QWERTY).",
                            "Check Caps Lock and the keyboard layout (AZERTY / QWERTY).",
                            works(action("Vérifier l'identité puis réinitialiser le mot de passe, à changer à la prochaine connexion.",
                                    "Check the identity, then reset the password, to be changed at the next login.",
                                    works(outcome(Outcome.CONTINUE, "Compte ou annuaire en cause : poursuivre le diagnostic",
                                            "The account or the directory is at fault: continue the diagnosis")))))),
                    answer("Code MFA refusé", "MFA code refused", action(
                            "Vérifier que l'heure du téléphone est automatique, puis resynchroniser ou réenrôler l'application MFA.",
                            "Check the phone's time is set automatically, then resync or re-enrol the MFA app.",
                            works(outcome(Outcome.CONTINUE, "MFA à réinitialiser par le niveau 2", "MFA to be reset by level 2")))));
            case "app-update" -> question("L'erreur est-elle apparue juste après une mise à jour ?",
                    "Did the error start right after an update?",
                    answer("Oui", "Yes", question("Touche-t-elle tout le monde ou seulement cette personne ?",
                            "Does it affect everyone or only this person?",
                            answer("Tout le monde", "Everyone", outcome(Outcome.CONTINUE,
                                    "Régression probable : chercher une erreur connue, transmettre à l'équipe de l'application",
                                    "Likely a regression: look for a known error, pass it to the application team")),
                            answer("Seulement cette personne", "Only this person", action(
                                    "Vider le cache de l'application ou réparer l'installation, puis redémarrer l'ordinateur.",
                                    "Clear the application's cache or repair the installation, then restart the computer.",
                                    works(outcome(Outcome.CONTINUE, "Réinstaller l'application : poursuivre le diagnostic",
                                            "Reinstall the application: continue the diagnosis")))))),
                    answer("Non", "No", action("Noter le message ou le code d'erreur exact, l'heure, et joindre une capture d'écran.",
                            "Note the exact error message or code and the time, and attach a screenshot.",
                            answer("C'est noté", "Done", outcome(Outcome.CONTINUE, "Poursuivre le diagnostic avec ces éléments",
                                    "Continue the diagnosis with these details")))));
            default -> throw new IllegalArgumentException(key);
        };
    }

    private static String title(String key, boolean french) {
        return switch (key) {
            case "printer" -> french ? "L'imprimante n'imprime pas" : "Printer does not print";
            case "network" -> french ? "Pas de réseau / Wi-Fi" : "No network / Wi-Fi";
            case "login" -> french ? "Connexion impossible / compte verrouillé" : "Cannot log in / account locked";
            default -> french ? "Erreur d'application après une mise à jour" : "Application error after an update";
        };
    }

    /** The names a desk's category for this tree goes by (the categories every desk starts with), in English and French. */
    private static List<String> categoryNames(String key) {
        return switch (key) {
            case "printer" -> List.of("Printing", "Impression");
            case "network" -> List.of("Network", "Réseau");
            case "login" -> List.of("Account & access", "Comptes et accès");
            default -> List.of("Software / Application", "Logiciel / Application");
        };
    }

    /**
     * The tree's category, so that the ticket page offers it first on tickets of that category: the desk's active
     * category of that name (either language, the top-level one first); none when the desk renamed it.
     */
    private Long category(String key) {
        var names = categoryNames(key);
        return settings.categories().stream().filter(c -> c.active())
                .filter(c -> names.stream().anyMatch(n -> n.equalsIgnoreCase(c.nameEn()) || n.equalsIgnoreCase(c.nameFr())))
                .min(java.util.Comparator.comparing((io.relais.ticket.TicketViews.Category c) -> c.parentId() != null)
                        .thenComparing(io.relais.ticket.TicketViews.Category::id))
                .map(io.relais.ticket.TicketViews.Category::id).orElse(null);
    }

    /** Installs the starter checks missing in either language; returns how many trees were added. */
    @Transactional
    public int install(Actor actor) {
        actor.requireAdmin();
        int added = 0;
        for (var key : KEYS) {
            for (var language : KbRecords.LANGUAGES) {
                var exists = jdbc.sql("select count(*) from check_tree where starter_key = :k and language = :l")
                        .param("k", key).param("l", language).query(Integer.class).single() > 0;
                if (exists) {
                    continue;
                }
                var french = "fr".equals(language);
                var treeId = checks.createTree(actor, new TreeForm(title(key, french), language, null, category(key), true));
                jdbc.sql("update check_tree set starter_key = :k where id = :t").param("k", key).param("t", treeId).update();
                add(actor, treeId, tree(key), null, french, new java.util.IdentityHashMap<>());
                added++;
            }
        }
        return added;
    }

    private void add(Actor actor, long treeId, Node node, Long fromAnswer, boolean french, java.util.Map<Node, Long> created) {
        var label = french ? node.fr() : node.en();
        var existing = created.get(node);
        if (existing != null) {
            // a step shared by several branches (the "solved" outcome): the answer leads to it
            var answer = jdbc.sql("select label from check_answer where id = :a").param("a", fromAnswer).query(String.class).single();
            checks.updateAnswer(actor, fromAnswer, answer, existing);
            return;
        }
        var id = checks.addNode(actor, treeId, new NodeForm(node.kind(), label, null, node.outcome(), null, null), fromAnswer);
        created.put(node, id);
        for (var a : node.answers()) {
            var answerId = checks.addAnswer(actor, id, french ? a.fr() : a.en(), null);
            add(actor, treeId, a.next(), answerId, french, created);
        }
    }
}
