package io.relais.ticket.internal;

import io.relais.ticket.QueueQuery.Sort;
import io.relais.ticket.TicketViews.TicketRow;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.Base64;

/** An opaque position in a sorted list: the last row's sort value and id. */
public record QueueCursor(Object value, long id) {
    public static String encode(Sort sort, TicketRow row) {
        var value = switch (sort) {
            case UPDATED_DESC, UPDATED_ASC -> row.updatedAt().toString();
            case CREATED_DESC, CREATED_ASC -> row.createdAt().toString();
            case NUMBER_DESC, NUMBER_ASC -> Long.toString(row.number());
            case DUE_ASC -> row.slaDueAt() == null ? "-" : row.slaDueAt().toString();
        };
        return Base64.getUrlEncoder().withoutPadding()
                .encodeToString((sort.name() + "|" + value + "|" + row.id()).getBytes(StandardCharsets.UTF_8));
    }

    public static QueueCursor decode(String token, Sort sort) {
        try {
            var parts = new String(Base64.getUrlDecoder().decode(token), StandardCharsets.UTF_8).split("\\|");
            if (parts.length != 3 || !parts[0].equals(sort.name())) {
                throw new IllegalArgumentException("cursor of another sort");
            }
            Object value = switch (sort) {
                case UPDATED_DESC, UPDATED_ASC, CREATED_DESC, CREATED_ASC ->
                        OffsetDateTime.ofInstant(Instant.parse(parts[1]), ZoneOffset.UTC);
                case NUMBER_DESC, NUMBER_ASC -> Long.parseLong(parts[1]);
                case DUE_ASC -> "-".equals(parts[1]) ? null : OffsetDateTime.ofInstant(Instant.parse(parts[1]), ZoneOffset.UTC);
            };
            return new QueueCursor(value, Long.parseLong(parts[2]));
        } catch (RuntimeException e) {
            throw io.relais.common.InvalidInputException.field("cursor", "invalid cursor: use nextCursor from the previous page");
        }
    }
}
