package io.relais.mail.internal;

import io.relais.security.Secrets;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.stereotype.Component;

/** The mail channel's settings from configuration ({@code relais.mail.*}). */
@Component
public class MailSettings {
    private final String subjectTag;
    private final String unassignedOrganization;
    private final int autoRepliesPerHour;
    private final String loopId;
    private final String baseUrl;

    MailSettings(Secrets secrets,
                 @Value("${relais.mail.subject-tag:Relais}") String subjectTag,
                 @Value("${relais.mail.unassigned-organization:Unassigned senders}") String unassignedOrganization,
                 @Value("${relais.mail.auto-replies-per-hour:10}") int autoRepliesPerHour,
                 @Value("${relais.base-url:http://localhost:8080}") String baseUrl) {
        this.subjectTag = subjectTag.isBlank() ? "Relais" : subjectTag.trim();
        this.unassignedOrganization = unassignedOrganization;
        this.autoRepliesPerHour = autoRepliesPerHour;
        // Unguessable, stable for the installation: nobody outside can forge "this is your own mail".
        this.loopId = secrets.sign("loop", "relais", 24);
        this.baseUrl = baseUrl.endsWith("/") ? baseUrl.substring(0, baseUrl.length() - 1) : baseUrl;
    }

    public String subjectTag() { return subjectTag; }
    public String unassignedOrganization() { return unassignedOrganization; }
    public int autoRepliesPerHour() { return autoRepliesPerHour; }
    public String loopId() { return loopId; }
    public String baseUrl() { return baseUrl; }

    /** "[Relais #1042] subject", without piling up tags or "Re:" prefixes. */
    public String subject(long number, String subject, boolean reply) {
        var tag = "[" + subjectTag + " #" + number + "]";
        var clean = subject == null ? "" : subject.replace(tag, "").replaceAll("^(?i)((re|fwd?|aw|tr)\\s*:\\s*)+", "").trim();
        return (reply ? "Re: " : "") + tag + " " + clean;
    }
}
