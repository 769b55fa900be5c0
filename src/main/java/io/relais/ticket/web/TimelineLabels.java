package io.relais.ticket.web;

import io.relais.directory.AgentsAndGroups;
import io.relais.directory.Directory;
import io.relais.security.Actor;
import io.relais.ticket.Change;
import io.relais.ticket.TicketSettings;
import java.util.HashMap;
import java.util.Locale;
import java.util.Map;
import org.springframework.context.MessageSource;

/**
 * Turns stored timeline values (codes and ids) into words for one page: enum codes through the
 * message bundle, ids through names looked up once per page.
 */
final class TimelineLabels {
    private final MessageSource messages;
    private final Locale locale;
    private final Map<String, String> agents = new HashMap<>();
    private final Map<String, String> groups = new HashMap<>();
    private final Map<String, String> categories = new HashMap<>();
    private final Map<String, String> contacts = new HashMap<>();
    private final Directory directory;

    TimelineLabels(MessageSource messages, Locale locale, Directory directory, AgentsAndGroups agentsAndGroups, TicketSettings settings) {
        this.messages = messages;
        this.locale = locale;
        this.directory = directory;
        agentsAndGroups.agents().forEach(a -> agents.put(Long.toString(a.id()), a.name()));
        agentsAndGroups.groups().forEach(g -> groups.put(Long.toString(g.id()), g.name()));
        settings.categories().forEach(c -> categories.put(Long.toString(c.id()), c.name(locale)));
    }

    public String value(Change change, String raw) {
        if (raw == null || raw.isEmpty()) {
            return "—";
        }
        return switch (change) {
            case STATUS -> messages.getMessage("status." + raw, null, raw, locale);
            case IMPACT -> messages.getMessage("impact." + raw, null, raw, locale);
            case URGENCY -> messages.getMessage("urgency." + raw, null, raw, locale);
            case ASSIGNEE -> agents.getOrDefault(raw, "#" + raw);
            case GROUP -> groups.getOrDefault(raw, "#" + raw);
            case CATEGORY -> categories.getOrDefault(raw, "#" + raw);
            case REQUESTER -> contacts.computeIfAbsent(raw, this::contactName);
            case CREATED, MERGED_INTO, MERGED_FROM, FOLLOW_UP_OF -> "#" + raw;
            case CALL_LOGGED -> messages.getMessage("call." + raw, null, raw, locale);
            case SLA_WARNING, SLA_BREACHED -> messages.getMessage("sla.clock." + raw, null, raw, locale);
            case SUPPORT_LEVEL -> messages.getMessage("level." + raw, null, raw, locale);
            case LINK_ADDED, LINK_REMOVED -> link(raw);
            default -> raw;
        };
    }

    /**
     * A requester is stored as a contact id. The ones on a ticket's timeline are contacts of the ticket's
     * organization, which whoever reads the ticket may see: looked up without the reader's scope.
     */
    private String contactName(String id) {
        try {
            return directory.contact(Actor.system("timeline"), Long.parseLong(id)).map(c -> c.name()).orElse("#" + id);
        } catch (NumberFormatException e) {
            return id;
        }
    }

    /** A link is stored as its kind and the other ticket's number ("PARENT_OF #1042"), seen from this ticket. */
    private String link(String raw) {
        var space = raw.indexOf(' ');
        var kind = space < 0 ? raw : raw.substring(0, space);
        return messages.getMessage("link." + kind + ".out", null, kind, locale) + (space < 0 ? "" : raw.substring(space));
    }
}
