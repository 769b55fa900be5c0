package io.relais.sla.web;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;

import java.time.Duration;
import org.junit.jupiter.api.Test;

/** The duration fields of the SLA policy form ("90", "4h", "1h30", "2d"). */
class DurationFieldTest {
    @Test
    void aDurationIsReadInItsUsualWritings() {
        assertThat(SlaAdminController.parseDuration("90")).isEqualTo(Duration.ofMinutes(90));
        assertThat(SlaAdminController.parseDuration(" 1h30 ")).isEqualTo(Duration.ofMinutes(90));
        assertThat(SlaAdminController.parseDuration("4 h")).isEqualTo(Duration.ofHours(4));
        assertThat(SlaAdminController.parseDuration("2d")).isEqualTo(Duration.ofHours(48));
        assertThat(SlaAdminController.parseDuration("")).isNull();
    }

    @Test
    void aFieldOfAHundredThousandSpacesBetweenTwoWordsIsRefusedAtOnce() {
        var text = "1x" + " ".repeat(100_000) + "y";

        assertTimeoutPreemptively(Duration.ofSeconds(10), () ->
                assertThatThrownBy(() -> SlaAdminController.parseDuration(text)).isInstanceOf(IllegalArgumentException.class));
    }
}
