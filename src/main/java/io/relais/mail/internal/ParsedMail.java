package io.relais.mail.internal;

import io.relais.common.Letters;
import java.util.List;
import java.util.Map;

/**
 * What the parser could read of a message. Every field may be missing on a hostile message: the
 * intake steps cope with nulls and empty lists.
 *
 * @param headers     every header by lower-case name, decoded, in order (for loop detection)
 * @param html        the HTML body, already sanitised (null when the mail had none)
 * @param report      a delivery status report: the failed recipients and the returned Message-IDs
 * @param problems    what went wrong but did not stop the parse (charset guessed, limit reached…)
 */
public record ParsedMail(String messageId, String inReplyTo, List<String> references, String subject,
                         Address from, List<Address> to, List<Address> cc, List<Address> replyTo, String returnPath,
                         Map<String, List<String>> headers, String text, String html, List<Part> parts,
                         DeliveryReport report, List<String> problems) {

    public record Address(String name, String email) {
        public String display() {
            return name == null || name.isBlank() ? email : name + " <" + email + ">";
        }

        public String domain() {
            var at = email.lastIndexOf('@');
            return at < 0 ? "" : Letters.lower(email.substring(at + 1));
        }
    }

    /**
     * A file of the mail. {@code inline}: an image the HTML shows by {@code cid:}; {@code kind} says
     * what it is when it is not a plain file (a forwarded mail, a signature, a calendar invite…).
     */
    public record Part(String filename, String contentType, byte[] content, String contentId, boolean inline, String kind) {}

    public record DeliveryReport(List<String> failedRecipients, List<String> returnedMessageIds, String text) {}

    public String header(String name) {
        var values = headers.get(Letters.lower(name));
        return values == null || values.isEmpty() ? null : values.get(0);
    }

    public List<String> all(String name) {
        return headers.getOrDefault(Letters.lower(name), List.of());
    }
}
