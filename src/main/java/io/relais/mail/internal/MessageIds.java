package io.relais.mail.internal;

import io.relais.common.Letters;
import io.relais.security.Secrets;
import java.security.SecureRandom;
import java.util.Optional;
import java.util.regex.Pattern;
import org.springframework.stereotype.Component;

/**
 * Message-IDs of the mail Relais sends: {@code relais.<ticket number>.<nonce>[.a<agent id>].<hmac>@<domain>}.
 * A reply carries one back in In-Reply-To or References; only a correctly signed one is trusted to
 * name a ticket (or, with the agent part, to prove that an agent wrote the reply).
 */
@Component
public class MessageIds {
    private static final Pattern OURS = Pattern.compile("^relais\\.(\\d{1,18})\\.([a-z0-9]{8,32})(?:\\.a(\\d{1,18}))?\\.([0-9a-f]{20})@.+$");
    private static final String PURPOSE = "message-id";
    private static final SecureRandom RANDOM = new SecureRandom();

    private final Secrets secrets;

    MessageIds(Secrets secrets) {
        this.secrets = secrets;
    }

    /** A signed reference to a ticket; {@code agentId} when the mail goes to that agent (they may answer it). */
    public record Reference(long ticketNumber, Long agentId) {}

    /** A new Message-ID (without angle brackets). */
    public String create(long ticketNumber, Long agentId, String domain) {
        var nonce = Long.toString(RANDOM.nextLong() & Long.MAX_VALUE, 36);
        while (nonce.length() < 8) {
            nonce = "0" + nonce;
        }
        var data = ticketNumber + "." + nonce + (agentId == null ? "" : ".a" + agentId);
        return "relais." + data + "." + secrets.sign(PURPOSE, data, 20) + "@" + (domain == null || domain.isBlank() ? "relais.invalid" : domain);
    }

    /** The ticket (and agent) a Message-ID names, when it is ours and its signature holds. */
    public Optional<Reference> verify(String messageId) {
        if (messageId == null) {
            return Optional.empty();
        }
        var m = OURS.matcher(Letters.lower(messageId.trim()));
        if (!m.matches()) {
            return Optional.empty();
        }
        var data = m.group(1) + "." + m.group(2) + (m.group(3) == null ? "" : ".a" + m.group(3));
        if (!secrets.verify(PURPOSE, data, m.group(4))) {
            return Optional.empty();
        }
        try {
            return Optional.of(new Reference(Long.parseLong(m.group(1)), m.group(3) == null ? null : Long.parseLong(m.group(3))));
        } catch (NumberFormatException e) {
            return Optional.empty();
        }
    }
}
