package io.relais.ticket.web;

import io.relais.common.Letters;
import io.relais.directory.AgentsAndGroups;
import io.relais.directory.Directory;
import io.relais.security.Actor;
import io.relais.ticket.Change;
import io.relais.ticket.StaleTicketException;
import io.relais.ticket.TicketSettings;
import io.relais.ticket.TicketViews.TimelineView;
import java.util.List;
import java.util.Locale;
import org.springframework.context.MessageSource;
import org.springframework.http.HttpStatus;
import org.springframework.http.ProblemDetail;
import org.springframework.stereotype.Component;

/**
 * Words for a refused save: who changed which field to what meanwhile, in the reader's language, with the
 * field's name and values as people read them (never enum names or ids), for the ticket page and the API.
 */
@Component
class StaleChanges {
    private final MessageSource messages;
    private final Directory directory;
    private final AgentsAndGroups agentsAndGroups;
    private final TicketSettings settings;

    StaleChanges(MessageSource messages, Directory directory, AgentsAndGroups agentsAndGroups, TicketSettings settings) {
        this.messages = messages;
        this.directory = directory;
        this.agentsAndGroups = agentsAndGroups;
        this.settings = settings;
    }

    /** One sentence per change: "Marc Dubois changed the status: Open → Pending customer". */
    List<String> lines(List<TimelineView> changes, Locale locale, Actor actor) {
        var words = new Words(locale, actor);
        return changes.stream().map(words::line).toList();
    }

    /** The API's 409: the same sentences, each conflict also under its field of the API. */
    ProblemDetail problem(StaleTicketException e, Actor actor) {
        var words = new Words(actor.locale(), actor);
        var p = ProblemDetail.forStatusAndDetail(HttpStatus.CONFLICT, messages.getMessage("ticket.stale", null, actor.locale()));
        p.setTitle("Conflict");
        p.setType(java.net.URI.create("about:blank"));
        p.setProperty("currentVersion", e.currentVersion());
        p.setProperty("changesSince", e.since().stream().map(words::line).toList());
        p.setProperty("errors", e.since().stream()
                .map(c -> java.util.Map.of("field", apiField(c.change()), "message", words.line(c))).toList());
        return p;
    }

    /** The words of one page or answer: labels looked up once. */
    private final class Words {
        private final Locale locale;
        private final Actor actor;
        private final TimelineLabels labels;

        Words(Locale locale, Actor actor) {
            this.locale = locale;
            this.actor = actor;
            this.labels = new TimelineLabels(messages, locale, directory, agentsAndGroups, settings);
        }

        String line(TimelineView e) {
            return messages.getMessage("ticket.staleChange", new Object[] {e.actorName(), field(e.change()),
                    value(e.change(), e.oldValue()), value(e.change(), e.newValue())}, locale);
        }

        private String field(Change change) {
            return messages.getMessage("ticket.staleField." + change.name(), null,
                    messages.getMessage("change." + change.name(), null, Letters.lower(change.name()), locale), locale);
        }

        private String value(Change change, String raw) {
            if (change == Change.REQUESTER && raw != null && !raw.isEmpty()) {
                try {
                    return directory.contact(actor, Long.parseLong(raw)).map(c -> c.name()).orElse("#" + raw);
                } catch (NumberFormatException e) {
                    return raw;
                }
            }
            if (change == Change.TAGS && raw != null) {
                return raw.replace(",", ", ");
            }
            return labels.value(change, raw);
        }
    }

    /** The name of the field in the API's PATCH body. */
    private static String apiField(Change change) {
        return switch (change) {
            case CATEGORY -> "categoryId";
            case GROUP -> "groupId";
            case ASSIGNEE -> "assigneeId";
            case REQUESTER -> "requesterId";
            default -> Letters.lower(change.name());
        };
    }
}
