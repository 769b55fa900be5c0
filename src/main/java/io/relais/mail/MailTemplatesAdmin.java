package io.relais.mail;

import io.relais.common.InvalidInputException;
import io.relais.common.InvalidInputException.FieldProblem;
import io.relais.mail.MailRecords.TemplateText;
import io.relais.mail.internal.MailTemplates;
import io.relais.mail.internal.MailTemplates.Key;
import io.relais.security.Actor;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;

/** Editing the texts of automatic mails, per language. Administrators only. */
@Service
public class MailTemplatesAdmin {
    private static final Map<Key, List<String>> PLACEHOLDERS = Map.of(
            Key.ACKNOWLEDGEMENT, List.of("name", "number", "subject", "link", "team"),
            Key.REPLY_NOTIFICATION, List.of("name", "number", "subject", "body", "link"),
            Key.RESOLUTION, List.of("name", "number", "subject", "reopen", "link", "team"));

    private final MailTemplates templates;
    private final Clock clock;

    MailTemplatesAdmin(MailTemplates templates, Clock clock) {
        this.templates = templates;
        this.clock = clock;
    }

    @Transactional(readOnly = true)
    public List<TemplateText> all(Actor actor) {
        actor.requireAdmin();
        var out = new ArrayList<TemplateText>();
        for (var key : Key.values()) {
            for (var language : MailTemplates.LANGUAGES) {
                var t = templates.get(key, language);
                out.add(new TemplateText(key.name(), language, t.subject(), t.body(), t.custom(), PLACEHOLDERS.get(key)));
            }
        }
        return out;
    }

    /** Saves a text, or with {@code reset} goes back to the built-in one. */
    @Transactional
    public void save(Actor actor, String key, String language, String subject, String body, boolean reset) {
        actor.requireAdmin();
        Key k;
        try {
            k = Key.valueOf(key);
        } catch (IllegalArgumentException | NullPointerException e) {
            throw InvalidInputException.field("key", "unknown template");
        }
        if (!MailTemplates.LANGUAGES.contains(language)) {
            throw InvalidInputException.field("language", "fr or en");
        }
        if (reset) {
            templates.reset(k, language);
            return;
        }
        var problems = new ArrayList<FieldProblem>();
        if (subject == null || subject.isBlank() || subject.length() > 250) {
            problems.add(new FieldProblem("subject", "required, at most 250 characters"));
        }
        if (body == null || body.isBlank() || body.length() > 20_000) {
            problems.add(new FieldProblem("body", "required, at most 20000 characters"));
        }
        if (!problems.isEmpty()) {
            throw new InvalidInputException("Invalid template", problems);
        }
        templates.save(k, language, subject.strip(), body.strip().replace("\r\n", "\n"), clock.instant());
    }
}
