package io.relais.ticket.web;

import java.util.regex.Pattern;
import org.springframework.stereotype.Component;

/**
 * Finds where the quoted history of a mail starts ("On … wrote:", "Le … a écrit :", Outlook's
 * "From: / Sent:" block, "-----Original Message-----", or trailing "&gt;" lines), so the page can fold it.
 * Templates use it as {@code @quotes}.
 */
@Component("quotes")
public class QuoteFolding {
    private static final Pattern[] MARKERS = {
            Pattern.compile("(?m)^On .{4,300}wrote:\\s*$"),
            Pattern.compile("(?m)^Le .{4,300}a écrit\\s?:\\s*$"),
            Pattern.compile("(?m)^-{2,}\\s*(Original Message|Message d'origine|Forwarded message|Message transféré)\\s*-{2,}"),
            Pattern.compile("(?m)^(From|De)\\s?: .+\\R(.*\\R){0,3}?(Sent|Envoyé|Date)\\s?: .+"),
            Pattern.compile("(?m)^(>.*(\\R|$))+\\s*\\z"),
    };

    /** The offset where the quoted history starts, or -1. A quote at the very top is not folded. */
    public int start(String body) {
        if (body == null) {
            return -1;
        }
        int best = -1;
        for (var p : MARKERS) {
            var m = p.matcher(body);
            if (m.find() && m.start() > 0 && (best < 0 || m.start() < best)) {
                best = m.start();
            }
        }
        return best;
    }

    public String main(String body) {
        var at = start(body);
        return at < 0 ? body : body.substring(0, at).stripTrailing();
    }

    public String quoted(String body) {
        var at = start(body);
        return at < 0 ? null : body.substring(at);
    }
}
