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

    /** The agent's unread notifications (one indexed count), shown in the top bar. */
    @ModelAttribute("unreadNotices")
    long unreadNotices() {
        return currentActor.find().filter(Actor::isAgent).map(a -> notices.unread(a.personId())).orElse(0L);
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
