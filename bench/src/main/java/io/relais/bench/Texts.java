package io.relais.bench;

import java.util.SplittableRandom;

/**
 * Support-desk texts in French and English with variable parts (devices, error codes,
 * applications, sites, floors): 150 to 800 characters, a greeting, 2 to 5 sentences, sometimes a
 * device block and a signature. The same random source always gives the same text.
 */
final class Texts {
    private Texts() {}

    static final String[] CATEGORIES_EN = {"Printers", "VPN", "E-mail", "Passwords / MFA", "Application errors",
            "Network / Wi-Fi", "Laptops / hardware", "Access requests"};
    static final String[] CATEGORIES_FR = {"Imprimantes", "VPN", "Messagerie", "Mots de passe / MFA",
            "Erreurs applicatives", "Réseau / Wi-Fi", "Portables / matériel", "Demandes d'accès"};

    private static final String[] PRINTERS = {"HP LaserJet M507", "Canon iR-ADV C5535", "Brother HL-L6400", "Zebra ZT410",
            "Xerox VersaLink C405", "Epson WF-C5790"};
    private static final String[] LAPTOPS = {"Dell Latitude 5440", "Lenovo ThinkPad T14", "HP EliteBook 840 G9",
            "Surface Laptop 5", "MacBook Pro 14"};
    private static final String[] CODES = {"0x80070005", "ORA-12541", "0xC0000005", "ERR_CONNECTION_RESET", "HTTP 502",
            "0x800CCC0E", "AADSTS50076", "SQLSTATE 08006", "0x80004005", "KB5034441"};
    private static final String[] APPS = {"SAP GUI", "Sage X3", "Outlook", "Teams", "Citrix Workspace", "GlobalProtect",
            "the ERP", "the CRM", "Salesforce", "the payroll portal"};
    private static final String[] SITES = {"Lyon", "Paris La Défense", "Lille", "Manchester", "Leeds", "Nantes", "Bordeaux",
            "Toulouse", "Bristol", "Marseille"};

    private static final String[][] SUBJECTS_EN = {
            {"Printer %P on floor %F does not print", "Paper jam on %P", "Cannot add printer %P"},
            {"VPN drops every few minutes (%C)", "VPN will not connect from %S", "VPN slow since update"},
            {"Outlook cannot send mail (%C)", "Shared mailbox missing", "Mail stuck in outbox"},
            {"Account locked after password change", "MFA prompt never arrives", "Password reset fails (%C)"},
            {"%A crashes at start (%C)", "Error %C in %A", "%A very slow since this morning"},
            {"No Wi-Fi on floor %F at %S", "Network drops in meeting room %F", "Cannot reach file server (%C)"},
            {"%L does not boot", "%L battery swelling", "Screen flickers on %L"},
            {"Access to %A for a new starter", "Need rights on the finance share", "Remove access for leaver"}};
    private static final String[][] SUBJECTS_FR = {
            {"L'imprimante %P du %Fe étage n'imprime plus", "Bourrage papier sur %P", "Impossible d'ajouter l'imprimante %P"},
            {"Le VPN coupe toutes les quelques minutes (%C)", "Le VPN ne se connecte pas depuis %S", "VPN lent depuis la mise à jour"},
            {"Outlook n'envoie plus les mails (%C)", "Boîte partagée disparue", "Mails bloqués dans la boîte d'envoi"},
            {"Compte bloqué après changement de mot de passe", "La demande MFA n'arrive pas", "Échec de réinitialisation du mot de passe (%C)"},
            {"%A plante au démarrage (%C)", "Erreur %C dans %A", "%A très lent depuis ce matin"},
            {"Pas de Wi-Fi au %Fe étage à %S", "Coupures réseau en salle %F", "Serveur de fichiers injoignable (%C)"},
            {"Le portable %L ne démarre plus", "Batterie gonflée sur %L", "Écran qui scintille sur %L"},
            {"Accès à %A pour un nouvel arrivant", "Besoin de droits sur le partage finance", "Retirer les accès d'un départ"}};
    private static final String[] SENTENCES_EN = {
            "Since this morning %A shows the error %C.", "It happens on the %L of the whole team at %S.",
            "We restarted the computer twice, no change.", "The printer %P on floor %F shows a red light.",
            "Three colleagues have the same problem.", "It worked fine until the update last night.",
            "We are blocked for the month-end closing.", "The message says: %C, contact your administrator.",
            "I already checked the cable and the power.", "Could you call me back as soon as possible?"};
    private static final String[] SENTENCES_FR = {
            "Depuis ce matin %A affiche l'erreur %C.", "Cela arrive sur les %L de toute l'équipe à %S.",
            "Nous avons redémarré deux fois, sans changement.", "L'imprimante %P du %Fe étage a un voyant rouge.",
            "Trois collègues ont le même problème.", "Tout marchait avant la mise à jour de cette nuit.",
            "Nous sommes bloqués pour la clôture mensuelle.", "Le message indique : %C, contactez votre administrateur.",
            "J'ai déjà vérifié le câble et l'alimentation.", "Pouvez-vous me rappeler au plus vite ?"};

    static String subject(SplittableRandom r, int category, boolean french) {
        var choices = (french ? SUBJECTS_FR : SUBJECTS_EN)[category];
        return fill(choices[r.nextInt(choices.length)], r);
    }

    static String body(SplittableRandom r, boolean french, String name) {
        var sb = new StringBuilder(french ? (r.nextBoolean() ? "Bonjour,\n" : "Bonjour à tous,\n") : (r.nextBoolean() ? "Hello,\n" : "Hi team,\n"));
        var sentences = french ? SENTENCES_FR : SENTENCES_EN;
        int count = 2 + r.nextInt(4);
        for (int i = 0; i < count; i++) {
            sb.append(fill(sentences[r.nextInt(sentences.length)], r)).append(' ');
        }
        if (r.nextInt(4) == 0) {
            sb.append(french ? "\n\nPoste : " : "\n\nDevice: ").append(pick(LAPTOPS, r)).append(", ")
                    .append(french ? "site " : "site ").append(pick(SITES, r)).append(", asset PC-").append(10000 + r.nextInt(90000));
        }
        if (r.nextInt(3) == 0) {
            sb.append(french ? "\n\nCordialement,\n" : "\n\nBest regards,\n").append(name);
        }
        var text = sb.toString().strip();
        if (text.length() < 150) {
            text = text + " " + fill(sentences[r.nextInt(sentences.length)], r) + " " + fill(sentences[r.nextInt(sentences.length)], r);
        }
        return text.length() > 800 ? text.substring(0, 800) : text;
    }

    static String reply(SplittableRandom r, boolean french) {
        return french
                ? "Bonjour,\nnous avons appliqué le correctif sur votre poste (" + pick(CODES, r) + "). Pouvez-vous confirmer que tout fonctionne ?\nCordialement"
                : "Hello,\nwe applied the fix on your device (" + pick(CODES, r) + "). Could you confirm everything works again?\nBest regards";
    }

    private static String fill(String template, SplittableRandom r) {
        return template.replace("%P", pick(PRINTERS, r)).replace("%L", pick(LAPTOPS, r)).replace("%C", pick(CODES, r))
                .replace("%A", pick(APPS, r)).replace("%S", pick(SITES, r)).replace("%F", Integer.toString(1 + r.nextInt(9)));
    }

    private static String pick(String[] values, SplittableRandom r) {
        return values[r.nextInt(values.length)];
    }
}
