package io.relais.sla.internal;

import io.relais.common.InvalidInputException;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.Map;
import java.util.function.Supplier;
import org.springframework.stereotype.Component;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * An edit of the rules (calendars, their days, contract calendars, policies) is one transaction that first bumps the
 * revision: the revision's row lock makes edits take turns (two people saving the same policy get versions 2 and 3,
 * never two current versions), and every node sees the new rows and the new revision together. The open tickets'
 * clocks move after that commit, in their own short transactions ({@link SlaClocks}), never inside the edit's.
 */
@Component
public class SlaEdits {
    private final SlaRules rules;
    private final TransactionTemplate tx;

    SlaEdits(SlaRules rules, TransactionTemplate tx) {
        this.rules = rules;
        this.tx = tx;
    }

    /** An edit of the rules: one transaction, the revision bumped first (edits take turns on its row). */
    public <T> T edit(Supplier<T> change) {
        return tx.execute(status -> {
            rules.bump();
            return change.get();
        });
    }

    public void edit(Runnable change) {
        edit(() -> {
            change.run();
            return null;
        });
    }

    /** The problems of a refused edit, each beside its field. */
    public static InvalidInputException invalid(Map<String, String> errors) {
        return new InvalidInputException("The SLA settings are not valid", errors.entrySet().stream()
                .map(e -> new InvalidInputException.FieldProblem(e.getKey(), e.getValue())).toList());
    }

    /** An instant as the SLA tables store it. */
    public static OffsetDateTime at(Instant instant) {
        return instant.atOffset(ZoneOffset.UTC);
    }
}
