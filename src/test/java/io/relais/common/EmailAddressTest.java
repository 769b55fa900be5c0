package io.relais.common;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;

import java.time.Duration;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/** The one parser of e-mail addresses: what it takes, what it refuses, and in bounded time. */
class EmailAddressTest {
    @Test
    void theAddressesPeopleHaveAreTakenInLowerCase() {
        assertThat(EmailAddress.parse("Julie.Martin@Client.Example")).map(EmailAddress::value).contains("julie.martin@client.example");
        assertThat(EmailAddress.parse("  o'brien+support@mail.client-1.example\t")).map(EmailAddress::value)
                .contains("o'brien+support@mail.client-1.example");
        assertThat(EmailAddress.parse("josé.müller@exemple.fr")).map(EmailAddress::value).contains("josé.müller@exemple.fr");
        assertThat(EmailAddress.parse("x@b.co")).map(EmailAddress::domain).contains("b.co");
        assertThat(EmailAddress.parse("x@b.co")).map(EmailAddress::localPart).contains("x");
        assertThat(EmailAddress.parse("a".repeat(64) + "@" + "d".repeat(63) + ".example")).isPresent();
    }

    @Test
    void whatIsNotAnAddressIsRefused() {
        for (var text : new String[] {null, "", " ", "not-an-address", "a@b", "@x.example", "a@", "a@.x.example", "a@x..example",
                "a@x.example.", "a b@x.example", "a,b@x.example", "a;b@x.example", "\"a\"@x.example", "<a@x.example>",
                "a@x.example>", "a@@x.example", "a@b@x.example", "a@[192.0.2.1]", "a@x.exa mple",
                "a".repeat(65) + "@x.example", "a@" + "d".repeat(64) + ".example", "a@" + "d.".repeat(160) + "example"}) {
            assertThat(EmailAddress.parse(text)).as(String.valueOf(text)).isEqualTo(Optional.empty());
        }
    }

    @Test
    void anAddressOfSixtyThousandCharactersIsRefusedAtOnce() {
        var text = "a@" + ".".repeat(60_000) + " x";

        var parsed = assertTimeoutPreemptively(Duration.ofSeconds(10), () -> EmailAddress.parse(text));

        assertThat(parsed).isEmpty();
    }

    @Test
    void addressesAreFoundInFreeTextInOnePass() {
        assertThat(EmailAddress.findIn("Final-Recipient: rfc822; Gone@Client.Example", 10)).extracting(EmailAddress::value)
                .containsExactly("gone@client.example");
        assertThat(EmailAddress.findIn("write to <x@a.example>, y@b.example or X@A.example.", 10)).extracting(EmailAddress::value)
                .containsExactly("x@a.example", "y@b.example");
        assertThat(EmailAddress.findIn("a@b.example@c.example mailto:d@e.example", 10)).extracting(EmailAddress::value)
                .containsExactly("a@b.example", "d@e.example");
        assertThat(EmailAddress.findIn("one@a.example two@b.example", 1)).hasSize(1);
        var hostile = assertTimeoutPreemptively(Duration.ofSeconds(10), () -> EmailAddress.findIn("a".repeat(200_000) + "@", 10));
        assertThat(hostile).isEmpty();
    }

    @Test
    void theValueIsAlwaysTheStoredForm() {
        assertThatThrownBy(() -> new EmailAddress("Ann@Client.Example")).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> new EmailAddress("not an address")).isInstanceOf(IllegalArgumentException.class);
        assertThat(new EmailAddress("ann@client.example")).hasToString("ann@client.example");
    }
}
