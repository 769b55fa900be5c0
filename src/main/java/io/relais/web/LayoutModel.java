package io.relais.web;

import io.relais.security.Actor;
import io.relais.security.CurrentActor;
import org.springframework.stereotype.Controller;
import org.springframework.web.bind.annotation.ControllerAdvice;
import org.springframework.web.bind.annotation.ModelAttribute;

/** What the layout needs on every page: who is signed in. */
@ControllerAdvice(annotations = Controller.class)
class LayoutModel {
    private final CurrentActor currentActor;

    private final io.relais.notification.Notices notices;

    LayoutModel(CurrentActor currentActor, io.relais.notification.Notices notices) {
        this.currentActor = currentActor;
        this.notices = notices;
    }

    /**
     * The agent's unread notifications, shown in the top bar: counted (one indexed query) only when a
     * page with the layout asks, not for every fragment.
     */
    @ModelAttribute("unread")
    Unread unread() {
        return new Unread(notices, currentActor.find().filter(Actor::isAgent).map(Actor::personId).orElse(null));
    }

    public static final class Unread {
        private final io.relais.notification.Notices notices;
        private final Long agentId;
        private Long count;

        Unread(io.relais.notification.Notices notices, Long agentId) {
            this.notices = notices;
            this.agentId = agentId;
        }

        public long count() {
            if (count == null) {
                count = agentId == null ? 0L : notices.unread(agentId);
            }
            return count;
        }
    }

    /** Where the language switch comes back to (a path of this site). */
    @ModelAttribute("currentUrl")
    String currentUrl(jakarta.servlet.http.HttpServletRequest request) {
        var query = request.getQueryString();
        return request.getRequestURI() + (query != null ? "?" + query : "");
    }

    @ModelAttribute("me")
    Actor me() {
        return currentActor.find().orElse(null);
    }
}
