package io.relais.ticket.web;

import io.relais.common.InvalidInputException;
import io.relais.ticket.TicketViews.Category;

/**
 * A category as its form posts it: the position as typed (so a position the page could not read comes back as it was
 * written, beside its problem); an unticked box is not posted at all: false.
 */
record CategoryFields(Long id, Long parentId, String nameEn, String nameFr, String position, Boolean active) {
    CategoryFields {
        active = Boolean.TRUE.equals(active);
    }

    static CategoryFields empty() {
        return new CategoryFields(null, null, "", "", "10", true);
    }

    static CategoryFields of(Category c) {
        return new CategoryFields(c.id(), c.parentId(), c.nameEn(), c.nameFr(), String.valueOf(c.position()), c.active());
    }

    /** The position, 0 when left empty. */
    int positionNumber() {
        if (position == null || position.isBlank()) {
            return 0;
        }
        try {
            return Integer.parseInt(position.trim());
        } catch (NumberFormatException e) {
            throw InvalidInputException.field("position", "a whole number");
        }
    }

    /** A new category is active; an edited one as its box says. */
    boolean activeOnSave() {
        return id == null || active;
    }
}
