package io.relais.ticket.internal;

import io.relais.common.InvalidInputException;
import io.relais.common.InvalidInputException.FieldProblem;
import io.relais.common.Letters;
import io.relais.directory.AgentsAndGroups;
import io.relais.directory.SupportLevel;
import io.relais.security.PersonDirectory;
import java.util.LinkedHashSet;
import java.util.List;
import org.springframework.stereotype.Component;

/**
 * Validates what a ticket command was sent, field by field, each problem added to the caller's list so that all are
 * named at once ({@link #throwIfAny}); and the limits of the texts a ticket keeps, typed or taken in.
 */
@Component
public class Validation {
    public static final int MAX_SUBJECT = 300;
    public static final int MAX_BODY = 100_000;
    static final int MAX_TAGS = 20;

    private final SettingsStore settings;
    private final AgentsAndGroups agentsAndGroups;
    private final PersonDirectory people;

    Validation(SettingsStore settings, AgentsAndGroups agentsAndGroups, PersonDirectory people) {
        this.settings = settings;
        this.agentsAndGroups = agentsAndGroups;
        this.people = people;
    }

    /** An active category, when one is given. */
    public void category(Long categoryId, List<FieldProblem> problems) {
        if (categoryId != null && settings.category(categoryId).filter(c -> c.active()).isEmpty()) {
            problems.add(new FieldProblem("categoryId", "unknown category"));
        }
    }

    /** A group that serves the organization; answers its support level (L1 when unknown). */
    public SupportLevel group(long groupId, long organizationId, List<FieldProblem> problems) {
        var group = agentsAndGroups.checkGroup(groupId, organizationId);
        if (group.isEmpty()) {
            problems.add(new FieldProblem("groupId", "unknown group"));
            return SupportLevel.L1;
        }
        if (!group.get().servesOrganization()) {
            problems.add(new FieldProblem("groupId", "this group does not serve the ticket's organization"));
        }
        return group.get().level();
    }

    /** An active agent who serves the organization. */
    public void assignee(long agentId, long organizationId, List<FieldProblem> problems) {
        var agent = people.agent(agentId);
        if (agent.isEmpty() || !agent.get().active()) {
            problems.add(new FieldProblem("assigneeId", "unknown agent"));
        } else if (!agent.get().scope().includesOrganization(organizationId)) {
            problems.add(new FieldProblem("assigneeId", "this agent does not serve the ticket's organization"));
        }
    }

    /** Tags in lower case, without duplicates or blanks; none when {@code raw} is null. */
    public List<String> tags(List<String> raw, List<FieldProblem> problems) {
        if (raw == null) {
            return List.of();
        }
        var tags = new LinkedHashSet<String>();
        for (var t : raw) {
            if (t == null) {
                continue;
            }
            var tag = Letters.lower(t.trim());
            if (tag.isEmpty()) {
                continue;
            }
            if (tag.length() > 40 || tag.contains(",")) {
                problems.add(new FieldProblem("tags", "a tag has at most 40 characters and no comma"));
                return List.of();
            }
            tags.add(tag);
        }
        if (tags.size() > MAX_TAGS) {
            problems.add(new FieldProblem("tags", "at most " + MAX_TAGS + " tags"));
        }
        return List.copyOf(tags);
    }

    /** The text without NUL characters, trimmed (stripped for long texts); null when blank or too long. */
    public String text(String value, String field, int max, boolean required, List<FieldProblem> problems) {
        value = noNul(value);
        if (value == null || value.isBlank()) {
            if (required) {
                problems.add(new FieldProblem(field, "required"));
            }
            return null;
        }
        if (value.length() > max) {
            problems.add(new FieldProblem(field, "at most " + max + " characters"));
            return null;
        }
        return field.equals("body") || field.equals("description") || field.equals("summary") ? value.strip() : value.trim();
    }

    /** An {@link InvalidInputException} naming every problem, if there is one. */
    public void throwIfAny(List<FieldProblem> problems) {
        if (!problems.isEmpty()) {
            throw new InvalidInputException("Invalid input", problems);
        }
    }

    /** The first {@code max} characters. */
    public static String cut(String s, int max) {
        return s == null || s.length() <= max ? s : s.substring(0, max);
    }

    /** NUL characters: a text column cannot hold them (PostgreSQL refuses the row); a hostile mail or payload may carry some. */
    public static String noNul(String s) {
        return s == null || s.indexOf('\u0000') < 0 ? s : s.replace("\u0000", "");
    }
}
