package io.relais.ticket.web;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;

import java.time.Duration;
import org.junit.jupiter.api.Test;

/** Where the quoted history of a reply starts, so that the ticket page can fold it. */
class QuoteFoldingTest {
    private final QuoteFolding quotes = new QuoteFolding();

    @Test
    void aReplyAboveFifteenHundredQuotedLinesIsFoldedAtTheFirstOfThem() {
        var body = "Thanks, it works again.\n" + "> the printer on the 2nd floor is down\n".repeat(1_500);

        var start = assertTimeoutPreemptively(Duration.ofSeconds(10), () -> quotes.start(body));

        assertThat(start).isEqualTo("Thanks, it works again.\n".length());
        assertThat(quotes.main(body)).isEqualTo("Thanks, it works again.");
    }

    @Test
    void theUsualMarkersOfQuotedHistoryAreFound() {
        assertThat(quotes.quoted("Fixed.\n\nOn Tue, 3 Mar 2026 at 10:02, Ann <ann@client.example> wrote:\n> it fails"))
                .startsWith("On Tue, 3 Mar 2026");
        assertThat(quotes.quoted("Réglé.\n\nLe mar. 3 mars 2026 à 10:02, Ann <ann@client.example> a écrit :\n> ça échoue"))
                .startsWith("Le mar. 3 mars");
        assertThat(quotes.quoted("Done.\n-----Original Message-----\nFrom: Ann")).startsWith("-----Original Message-----");
        assertThat(quotes.quoted("Done.\n\nFrom: Ann <ann@client.example>\nTo: Support\nSent: Tuesday\nSubject: x\n\nold"))
                .startsWith("From: Ann");
        assertThat(quotes.quoted("Done.\n\nDe : Ann\nEnvoyé : mardi\nObjet : x")).startsWith("De : Ann");
        assertThat(quotes.quoted("Done.\n> old line\n>\n> older line\n\n")).isEqualTo("> old line\n>\n> older line\n\n");
    }

    @Test
    void whatIsNotQuotedHistoryStaysInTheMainText() {
        // a quote at the very top, then an answer: nothing is folded
        assertThat(quotes.start("> your question\nmy answer")).isEqualTo(-1);
        // quoted lines followed by more text are not the trailing history
        assertThat(quotes.start("See:\n> one point\nand my answer below it")).isEqualTo(-1);
        // "From:" without a "Sent:" or "Date:" within the next lines
        assertThat(quotes.start("Hi\nFrom: the logs\na\nb\nc\nd\nDate: later")).isEqualTo(-1);
        // "On … wrote:" that is not the end of its line
        assertThat(quotes.start("Hi\nOn Monday I wrote: the report")).isEqualTo(-1);
        assertThat(quotes.start(null)).isEqualTo(-1);
        assertThat(quotes.start("")).isEqualTo(-1);
    }
}
