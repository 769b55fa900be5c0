package io.relais.ticket;

import io.relais.common.InvalidInputException;
import io.relais.common.NotFoundException;
import io.relais.security.Actor;
import io.relais.ticket.TicketEnums.Impact;
import io.relais.ticket.TicketEnums.Priority;
import io.relais.ticket.TicketEnums.Urgency;
import io.relais.ticket.TicketViews.Category;
import io.relais.ticket.internal.CategoryEntity;
import io.relais.ticket.internal.SettingsStore;
import java.util.List;
import java.util.Map;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;

/** Categories (a tree) and the priority matrix, edited by administrators. */
@Service
public class TicketSettings {
    private final SettingsStore store;

    TicketSettings(SettingsStore store) {
        this.store = store;
    }

    @Transactional(readOnly = true)
    public List<Category> categories() {
        return store.categories().stream().map(TicketSettings::view).toList();
    }

    @Transactional(readOnly = true)
    public Map<Impact, Map<Urgency, Priority>> matrix() {
        return store.matrix();
    }

    @Transactional(readOnly = true)
    public Priority priority(Impact impact, Urgency urgency) {
        return store.priority(impact, urgency);
    }

    @Transactional
    public Category saveCategory(Actor actor, Long id, Long parentId, String nameEn, String nameFr, int position, boolean active) {
        actor.requireAdmin();
        var problems = new java.util.ArrayList<InvalidInputException.FieldProblem>();
        for (var name : List.of(Map.entry("nameEn", nameEn == null ? "" : nameEn), Map.entry("nameFr", nameFr == null ? "" : nameFr))) {
            if (name.getValue().isBlank() || name.getValue().trim().length() > 100) {
                problems.add(new InvalidInputException.FieldProblem(name.getKey(), "required, at most 100 characters"));
            }
        }
        if (!problems.isEmpty()) {
            throw new InvalidInputException("Invalid input", problems);
        }
        if (parentId != null) {
            var parent = store.category(parentId).orElseThrow(() -> InvalidInputException.field("parentId", "unknown category"));
            if (id != null && (parent.id().equals(id) || isDescendant(parent, id))) {
                throw InvalidInputException.field("parentId", "a category cannot be inside itself");
            }
        }
        CategoryEntity c;
        if (id == null) {
            c = store.save(new CategoryEntity(parentId, nameEn.trim(), nameFr.trim(), position));
        } else {
            c = store.category(id).orElseThrow(() -> new NotFoundException("category", id));
            c.update(parentId, nameEn.trim(), nameFr.trim(), position, active);
        }
        return view(c);
    }

    @Transactional
    public void setPriority(Actor actor, Impact impact, Urgency urgency, Priority priority) {
        actor.requireAdmin();
        store.setPriority(impact, urgency, priority);
    }

    private boolean isDescendant(CategoryEntity c, long ancestorId) {
        var seen = new java.util.HashSet<Long>();
        var current = c;
        while (current.parentId() != null && seen.add(current.id())) {
            if (current.parentId() == ancestorId) {
                return true;
            }
            current = store.category(current.parentId()).orElse(null);
            if (current == null) {
                return false;
            }
        }
        return false;
    }


    static Category view(CategoryEntity c) {
        return new Category(c.id(), c.parentId(), c.nameEn(), c.nameFr(), c.position(), c.active());
    }
}
