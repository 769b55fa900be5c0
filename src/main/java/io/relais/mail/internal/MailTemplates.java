package io.relais.mail.internal;

import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;

/**
 * The texts of automatic mails, per language (fr, en): an administrator's version when there is
 * one (table mail_template), else the built-in one. Placeholders are {@code {{name}}}; an unknown
 * placeholder is left as written so that a typo shows instead of vanishing.
 */
@Component
public class MailTemplates {
    public enum Key { ACKNOWLEDGEMENT, REPLY_NOTIFICATION, RESOLUTION, SLA_ALERT }

    public static final List<String> LANGUAGES = List.of("fr", "en");
    private static final Pattern PLACEHOLDER = Pattern.compile("\\{\\{\\s*([a-zA-Z]+)\\s*}}");

    public record Template(Key key, String language, String subject, String body, boolean custom) {}

    private static final Map<String, Template> BUILT_IN = Map.of(
            "ACKNOWLEDGEMENT:en", new Template(Key.ACKNOWLEDGEMENT, "en", "We received your request",
                    """
                    Hello {{name}},

                    We have received your request and opened ticket {{number}}: "{{subject}}".
                    A member of our support team will answer you shortly. To add information, simply
                    reply to this message and keep the ticket number in the subject.

                    Follow your request: {{link}}

                    -- {{team}}""", false),
            "ACKNOWLEDGEMENT:fr", new Template(Key.ACKNOWLEDGEMENT, "fr", "Nous avons bien reçu votre demande",
                    """
                    Bonjour {{name}},

                    Nous avons bien reçu votre demande et ouvert le ticket {{number}} : « {{subject}} ».
                    Un membre de notre équipe de support vous répondra rapidement. Pour ajouter une
                    information, répondez simplement à ce message en gardant le numéro dans l'objet.

                    Suivre votre demande : {{link}}

                    -- {{team}}""", false),
            "REPLY_NOTIFICATION:en", new Template(Key.REPLY_NOTIFICATION, "en", "New message from {{name}}",
                    """
                    {{name}} wrote on ticket {{number}} ("{{subject}}"):

                    {{body}}

                    Open the ticket: {{link}}
                    You may answer this mail: your reply goes to the customer.""", false),
            "REPLY_NOTIFICATION:fr", new Template(Key.REPLY_NOTIFICATION, "fr", "Nouveau message de {{name}}",
                    """
                    {{name}} a écrit sur le ticket {{number}} (« {{subject}} ») :

                    {{body}}

                    Ouvrir le ticket : {{link}}
                    Vous pouvez répondre à ce message : votre réponse part au client.""", false),
            "SLA_ALERT:en", new Template(Key.SLA_ALERT, "en", "{{alert}}",
                    """
                    {{alert}} on ticket {{number}} ("{{subject}}").

                    Open the ticket: {{link}}""", false),
            "SLA_ALERT:fr", new Template(Key.SLA_ALERT, "fr", "{{alert}}",
                    """
                    {{alert}} sur le ticket {{number}} (« {{subject}} »).

                    Ouvrir le ticket : {{link}}""", false),
            "RESOLUTION:en", new Template(Key.RESOLUTION, "en", "Your request is resolved",
                    """
                    Hello {{name}},

                    We consider your request {{number}} ("{{subject}}") resolved.
                    If this did not solve it, just reply to this message: the ticket will be reopened.
                    This did not solve it: {{reopen}}

                    -- {{team}}""", false),
            "RESOLUTION:fr", new Template(Key.RESOLUTION, "fr", "Votre demande est résolue",
                    """
                    Bonjour {{name}},

                    Nous considérons votre demande {{number}} (« {{subject}} ») comme résolue.
                    Si ce n'est pas le cas, répondez simplement à ce message : le ticket sera rouvert.
                    Ce n'est pas résolu : {{reopen}}

                    -- {{team}}""", false));

    private final JdbcClient jdbc;

    MailTemplates(JdbcClient jdbc) {
        this.jdbc = jdbc;
    }

    public Template get(Key key, String language) {
        var lang = LANGUAGES.contains(language) ? language : "en";
        Optional<Template> custom = jdbc.sql("select subject, body from mail_template where template_key = ? and language = ?")
                .params(key.name(), lang)
                .query((rs, i) -> new Template(key, lang, rs.getString(1), rs.getString(2), true)).optional();
        return custom.orElseGet(() -> BUILT_IN.get(key.name() + ":" + lang));
    }

    public Template builtIn(Key key, String language) {
        return BUILT_IN.get(key.name() + ":" + (LANGUAGES.contains(language) ? language : "en"));
    }

    public void save(Key key, String language, String subject, String body, java.time.Instant now) {
        var n = jdbc.sql("update mail_template set subject = ?, body = ?, updated_at = ? where template_key = ? and language = ?")
                .params(subject, body, now.atOffset(java.time.ZoneOffset.UTC), key.name(), language).update();
        if (n == 0) {
            jdbc.sql("insert into mail_template (template_key, language, subject, body, updated_at) values (?, ?, ?, ?, ?)")
                    .params(key.name(), language, subject, body, now.atOffset(java.time.ZoneOffset.UTC)).update();
        }
    }

    public void reset(Key key, String language) {
        jdbc.sql("delete from mail_template where template_key = ? and language = ?").params(key.name(), language).update();
    }

    public static String render(String text, Map<String, String> values) {
        Matcher m = PLACEHOLDER.matcher(text);
        var out = new StringBuilder();
        while (m.find()) {
            var value = values.get(m.group(1));
            m.appendReplacement(out, Matcher.quoteReplacement(value != null ? value : m.group()));
        }
        m.appendTail(out);
        return out.toString();
    }
}
