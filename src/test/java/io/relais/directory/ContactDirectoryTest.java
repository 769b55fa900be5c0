package io.relais.directory;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.relais.IntegrationTest;
import io.relais.common.InvalidInputException;
import io.relais.directory.DirectoryRecords.ContactForm;
import io.relais.directory.DirectoryRecords.ContactInfo;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;

class ContactDirectoryTest extends IntegrationTest {
    @Autowired Directory directory;
    @Autowired SenderLookup senders;

    @Test
    void aCallerIsFoundByAnyOfTheirAddressesOrNumbers() {
        var t = fixtures.tenant("Lookup");
        var agent = t.agent().actor();
        var n = System.nanoTime() % 1_000_000;
        var c = directory.createContact(agent, new ContactForm(t.organizationId(), "Hélène Faure", "helene" + n + "@lookup.example",
                "+33 1 44 55 66 77", "fr", false, false, List.of("H.Faure" + n + "@Home.example"), List.of("06 12 " + n)));
        assertThat(c.otherEmails()).containsExactly("h.faure" + n + "@home.example");
        assertThat(directory.searchContacts(agent, "h.faure" + n, null, 10)).extracting(ContactInfo::id).containsExactly(c.id());
        assertThat(directory.searchContacts(agent, "12 " + n, null, 10)).extracting(ContactInfo::id).contains(c.id());
        assertThat(directory.searchContacts(agent, "0144556677".substring(1), null, 10)).extracting(ContactInfo::id).contains(c.id());
        // Another organization's agent finds nobody.
        var other = fixtures.tenant("LookupOther");
        assertThat(directory.searchContacts(other.agent().actor(), "h.faure" + n, null, 10)).isEmpty();
        // The mail intake's lookup of a sender: by the primary address in any case, or by another address, within the
        // actor's organizations only.
        var sender = new DirectoryRecords.Sender(c.id(), t.organizationId(), "Hélène Faure");
        assertThat(senders.senderByEmail(agent, " HELENE" + n + "@Lookup.example")).contains(sender);
        assertThat(senders.senderByEmail(agent, "h.faure" + n + "@home.example")).contains(sender);
        assertThat(senders.senderByEmail(other.agent().actor(), "helene" + n + "@lookup.example")).isEmpty();
        assertThat(senders.senderByEmail(other.agent().actor(), "h.faure" + n + "@home.example")).isEmpty();
        assertThat(senders.senderByEmail(agent, "nobody" + n + "@lookup.example")).isEmpty();
    }

    @Test
    void anAddressBelongsToOneContactOnly() {
        var t = fixtures.tenant("Unique");
        var agent = t.agent().actor();
        var n = System.nanoTime();
        directory.createContact(agent, new ContactForm(t.organizationId(), "First", "first" + n + "@u.example", null, "en",
                false, false, List.of("shared" + n + "@u.example"), List.of()));
        assertThatThrownBy(() -> directory.createContact(agent, new ContactForm(t.organizationId(), "Second",
                "SHARED" + n + "@u.example", null, "en", false, false)))
                .isInstanceOfSatisfying(InvalidInputException.class, e -> assertThat(e.fields()).extracting(f -> f.field()).contains("email"));
        assertThatThrownBy(() -> directory.createContact(agent, new ContactForm(t.organizationId(), "Third",
                "third" + n + "@u.example", null, "en", false, false, List.of("first" + n + "@u.example", "not-an-address"), List.of())))
                .isInstanceOfSatisfying(InvalidInputException.class, e -> assertThat(e.fields()).extracting(f -> f.message())
                        .anyMatch(m -> m.startsWith("already used")).anyMatch(m -> m.startsWith("not an e-mail address")));
    }
}
